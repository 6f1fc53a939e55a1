#include "http/static.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct {
	const char *ext, *type;
} mime_types[] = {
	{".html", "text/html; charset=utf-8"},
	{".js", "text/javascript; charset=utf-8"},
	{".mjs", "text/javascript; charset=utf-8"},
	{".css", "text/css; charset=utf-8"},
	{".json", "application/json; charset=utf-8"},
	{".svg", "image/svg+xml"},
	{".png", "image/png"},
	{".jpg", "image/jpeg"},
	{".ico", "image/x-icon"},
	{".woff2", "font/woff2"},
	{".woff", "font/woff"},
	{".ttf", "font/ttf"},
	{".txt", "text/plain; charset=utf-8"},
	{".map", "application/json"},
};

/* The front end loads only its own scripts and styles; Element Plus sets
 * inline styles, and images may be data URLs. */
#define CSP "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';" \
	    " img-src 'self' data:; font-src 'self' data:; connect-src 'self';"      \
	    " frame-ancestors 'none'; base-uri 'self'; form-action 'self'"

static const char *mime_of(const char *path)
{
	const char *dot = strrchr(path, '.');

	for (size_t i = 0; dot && i < sizeof mime_types / sizeof *mime_types; i++)
		if (!strcmp(dot, mime_types[i].ext))
			return mime_types[i].type;
	return "application/octet-stream";
}

static struct MHD_Response *text_response(const char *text, unsigned code,
					  unsigned *status)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer(
		strlen(text), (void *)text, MHD_RESPMEM_PERSISTENT);

	if (resp)
		MHD_add_response_header(resp, "Content-Type", "text/plain; charset=utf-8");
	*status = code;
	return resp;
}

static bool path_safe(const char *url)
{
	return url[0] == '/' && !strstr(url, "..") && !strstr(url, "//") &&
	       !strchr(url, '\\') && strlen(url) < 512;
}

static struct MHD_Response *file_response(const char *path, const struct stat *st,
					  bool immutable)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct MHD_Response *resp;

	if (fd < 0)
		return NULL;
	resp = MHD_create_response_from_fd((uint64_t)st->st_size, fd);
	if (!resp) {
		close(fd);
		return NULL;
	}
	MHD_add_response_header(resp, "Content-Type", mime_of(path));
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Cache-Control", immutable
		? "public, max-age=31536000, immutable" : "no-cache");
	if (!strcmp(mime_of(path), mime_types[0].type)) {
		MHD_add_response_header(resp, "Content-Security-Policy", CSP);
		MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	}
	return resp;
}

struct MHD_Response *static_response(const char *web_dir, const char *url,
				      unsigned *status)
{
	char path[1024];
	struct stat st;
	const char *last;

	if (!path_safe(url))
		return text_response("Not found\n", 404, status);
	snprintf(path, sizeof path, "%s%s%s", web_dir, url,
		 url[strlen(url) - 1] == '/' ? "index.html" : "");
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
		last = strrchr(url, '/');
		if (strchr(last, '.'))
			return text_response("Not found\n", 404, status);
		snprintf(path, sizeof path, "%s/index.html", web_dir);
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			return text_response("The web front end is not built: run"
					     " `make web`.\n", 404, status);
	}
	*status = 200;
	/* Vite names built assets by content hash, so they never change. */
	return file_response(path, &st, strstr(url, "/assets/") == url);
}
