/* server.h - the HTTP transport: libmicrohttpd with a thread pool on
 * epoll, request bodies up to HTTP_BODY_MAX (API routes may declare a
 * larger limit, see api_body_limit), API requests handed to
 * api_dispatch(), everything else served from the web front end's files.
 * SIGTERM or SIGINT stops accepting, lets in-flight requests finish (up to
 * HTTP_DRAIN_MS), then returns. */
#ifndef GX_HTTP_SERVER_H
#define GX_HTTP_SERVER_H

#include <stdbool.h>

#define HTTP_BODY_MAX ((size_t)1024 * 1024)
#define HTTP_DRAIN_MS 10000

struct http_config {
	const char *listen;  /* "127.0.0.1:8080" or "[::1]:8080" */
	const char *web_dir; /* built front end (web/dist); may not exist */
	unsigned threads;    /* worker threads; 0 picks a default */
	bool test_clock;     /* expose POST /api/v1/test/clock */
};

/* Serves until a stop signal; 0 after a clean shutdown, -1 if the server
 * could not start (logged). */
int http_serve(const struct http_config *cfg);

#endif
