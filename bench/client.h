/* bench/client - what the benchmark programs that talk to a running
 * server share: a signed-in HTTP client (session cookie and CSRF token,
 * one keep-alive connection), JSON requests, and readers of live event
 * streams (server-sent events) run together in one thread. */
#ifndef GX_BENCH_CLIENT_H
#define GX_BENCH_CLIENT_H

#include "stats.h"

#include <curl/curl.h>
#include <jansson.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

struct bclient {
	CURL *curl;
	struct curl_slist *headers;
	char base[256];   /* "http://127.0.0.1:8080" */
	char cookie[256]; /* "gx_session=..." */
	char csrf[128];
};

/* Prepares c for the server at base; 0 or -1. */
int bclient_open(struct bclient *c, const char *base);
/* Signs in (POST /api/v1/session); keeps the cookie and the CSRF token
 * for the requests after. 0 or -1 with a message on stderr. */
int bclient_sign_in(struct bclient *c, const char *user, const char *password);
/* Sends method path with body (JSON text or NULL); returns the HTTP status
 * (-1 when the request failed on the way). *out (may be NULL) is the JSON
 * answer or NULL; the caller decrefs it. */
long bclient_call(struct bclient *c, const char *method, const char *path, const char *body,
		  json_t **out);
/* Like bclient_call with the JSON body built by json_pack(fmt, ...). */
long bclient_pack(struct bclient *c, const char *method, const char *path, json_t **out,
		  const char *fmt, ...);
void bclient_close(struct bclient *c);

/* Milliseconds on a monotonic clock. */
double bench_now_ms(void);


/* A live event stream read with cookie: on_frame(arg, event, data) runs on
 * the reader's thread for each complete frame (event name "message" when
 * the frame names none). */
struct bsse {
	CURL *curl;
	char *buf;
	size_t len, cap;
	char event[32];
	char *data;
	size_t dlen, dcap;
	void (*on_frame)(void *arg, const char *event, const char *data);
	void *arg;
	long status;
	char last_id[24];   /* the last frame's id: where a reconnection resumes */
	atomic_bool opened; /* the server has sent its first bytes */
};

/* Prepares stream s of url with cookie; 0 or -1. */
int bsse_init(struct bsse *s, const char *url, const char *cookie,
	      void (*on_frame)(void *arg, const char *event, const char *data), void *arg);
/* Reads the n streams together until *stop is set or every stream has
 * closed; returns how many closed on their own (0 after a clean stop). */
int bsse_run(struct bsse *s, int n, atomic_bool *stop);
void bsse_free(struct bsse *s);

#endif
