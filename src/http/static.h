/* static.h - files of the built web front end, with the single-page-app
 * fallback: a path without a file extension that names no file gets
 * index.html so that client-side routes survive a reload. */
#ifndef GX_HTTP_STATIC_H
#define GX_HTTP_STATIC_H

#include <microhttpd.h>

/* A response for url under web_dir and its status in *status (200 or
 * 404). Never NULL unless out of memory. */
struct MHD_Response *static_response(const char *web_dir, const char *url,
				      unsigned *status);

#endif
