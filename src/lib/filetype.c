#include "lib/filetype.h"
#include "lib/utf8.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

struct kind {
	const char *magic;
	size_t magic_len;
	const char *exts; /* ".a.b." */
	const char *type;
	const char *zip_part; /* for zip-based formats: a part name inside */
};

static const struct kind kinds[] = {
	{"%PDF-", 5, ".pdf.", "application/pdf", NULL},
	{"\x89PNG\r\n\x1a\n", 8, ".png.", "image/png", NULL},
	{"\xff\xd8\xff", 3, ".jpg.jpeg.", "image/jpeg", NULL},
	{"GIF87a", 6, ".gif.", "image/gif", NULL},
	{"GIF89a", 6, ".gif.", "image/gif", NULL},
	{"PK\x03\x04", 4, ".docx.",
	 "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "word/"},
	{"PK\x03\x04", 4, ".xlsx.",
	 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xl/"},
};

/* True if the extension of filename (".PNG" too) is one of exts. */
static bool ext_in(const char *filename, const char *exts)
{
	const char *dot = strrchr(filename, '.');
	size_t n;

	if (!dot || !dot[1])
		return false;
	n = strlen(dot);
	for (const char *p = exts; (p = strchr(p, '.')) && p[1]; p++)
		if (!strncasecmp(p, dot, n) && p[n] == '.')
			return true;
	return false;
}

/* Text: valid UTF-8 without control characters other than layout ones. */
static bool is_text(const unsigned char *b, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (b[i] == 0 || b[i] == 0x7f || (b[i] < 0x20 && !strchr("\t\n\r\f", b[i])))
			return false;
	return utf8_valid((const char *)b, len);
}

const char *filetype_detect(const void *bytes, size_t len, const char *filename)
{
	const unsigned char *b = bytes;

	if (!filename)
		return NULL;
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
		const struct kind *k = &kinds[i];
		if (len < k->magic_len || memcmp(b, k->magic, k->magic_len) != 0 ||
		    !ext_in(filename, k->exts))
			continue;
		/* An Office file is a zip whose directory names its parts. */
		if (k->zip_part && !memmem(b, len, k->zip_part, strlen(k->zip_part)))
			continue;
		return k->type;
	}
	if (ext_in(filename, ".txt.") && is_text(b, len))
		return "text/plain; charset=utf-8";
	return NULL;
}
