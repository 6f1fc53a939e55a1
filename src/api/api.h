/* api.h - the API layer: route tables, request validation, rendering.
 *
 * The transport (http/) fills a struct api_req from the wire and calls
 * api_dispatch(), which matches the route, authenticates, checks CSRF,
 * parses and checks the JSON body, and calls the handler. Handlers
 * validate their fields, call the domain, and render the result. Nothing
 * here knows about sockets or libmicrohttpd. */
#ifndef GX_API_H
#define GX_API_H

#include <jansson.h>
#include <stdio.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "domain/perm.h"
#include "lib/err.h"

#define API_QUERY_MAX 16
#define API_LIMIT_DEFAULT 50
#define API_LIMIT_MAX 500
#define API_COOKIE_NAME "gx_session"

/* A file name offered for saving: an attachment's 200 characters of up to
 * three bytes each, so no allowed name is cut. */
#define API_FILENAME_MAX 608

struct api_kv {
	const char *key, *value;
};

/* A response body produced while it is sent, for answers too large to
 * build first (exports). read fills buf with up to cap bytes and returns
 * their count, 0 at the end, or a negative error (the connection is then
 * closed: the status line has gone already). done frees ctx; it runs once
 * whatever happens, also when the transport never starts reading. */
struct api_stream {
	ssize_t (*read)(void *ctx, char *buf, size_t cap);
	void (*done)(void *ctx);
	void *ctx;
	char content_type[96];
	char filename[API_FILENAME_MAX]; /* offered for saving, as for api_body */
};

/* A live stream of server-sent events (text/event-stream) for one user,
 * answered instead of a body (api_events). The transport keeps the
 * connection open and calls pull on the thread serving it: once at the
 * start, whenever the event hub (lib/evt.h) wakes user_id, and before
 * each heartbeat. pull sets *out to the new event frames ("id: 7\nevent:
 * notification\ndata: {...}\n\n"; malloc'd, the transport frees it; NULL
 * with *len 0 when nothing is new) and returns 0, or a negative GX_E* code
 * to end the stream (the session has ended). done frees ctx; it runs once
 * whatever happens, also when the stream never starts. */
struct api_events {
	int64_t user_id;
	int (*pull)(void *ctx, char **out, size_t *len);
	void (*done)(void *ctx);
	void *ctx;
};

struct api_req {
	/* Filled by the transport; borrowed for the request's lifetime. */
	const char *method, *path;
	struct api_kv query[API_QUERY_MAX];
	int nquery;
	bool query_overflow; /* more than API_QUERY_MAX parameters were sent */
	const char *cookie, *authorization, *csrf_header, *content_type;
	const char *last_event_id; /* an event stream's Last-Event-ID header */
	const char *ip;
	const char *body;
	size_t body_len;
	bool test_clock;

	/* Filled by the dispatcher. */
	int64_t id;        /* {id} path segment */
	char name[64];     /* {name} path segment */
	char code[64];     /* {code} path segment (text, after {name}) */
	json_t *json;      /* parsed body, owned */
	struct principal who;
	bool signed_in;

	/* The response, read by the transport. */
	int status;
	json_t *resp;      /* owned; NULL for an empty body */
	char *out;         /* owned; a body that is not JSON (api_body) */
	size_t out_len;
	char out_type[64];
	char out_filename[API_FILENAME_MAX]; /* offered for saving; "" for none */
	struct api_stream stream; /* instead of resp when stream.read is set;
				     the transport takes it over */
	struct api_events events; /* instead of resp when events.pull is set;
				     the transport takes it over */
	char set_cookie[256];
	char allow[64];
};

typedef int (*api_handler)(struct api_req *r);

enum {
	ROUTE_PUBLIC = 1 << 0, /* no session or token needed */
	ROUTE_JSON = 1 << 1,   /* a JSON object body is required */
	ROUTE_TEST = 1 << 2,   /* exists only with --test-clock */
	ROUTE_RAW = 1 << 3,    /* the body is the handler's to read, any type */
};

#define API_BODY_MAX ((size_t)1024 * 1024)
#define API_UPLOAD_MAX ((size_t)64 * 1024 * 1024) /* the most any upload may be */

struct api_route {
	const char *method;
	const char *pattern; /* "/api/v1/users/{id}": {id} integer, {name} and {code} text */
	api_handler handler;
	unsigned flags;
	/* 0: a body up to API_BODY_MAX. Else the route takes uploads of up
	 * to this many bytes (at most API_UPLOAD_MAX); a larger declared
	 * Content-Length is refused, and the sender checked, before the
	 * body is read. */
	size_t upload_max;
};

/* The largest body the route for method and path accepts, for the
 * transport to refuse a larger one (413) before reading it; *upload
 * (may be NULL) tells whether the route takes uploads (upload_max), whose
 * sender api_upload_allowed checks before the body too. */
size_t api_body_limit(const char *method, const char *path, bool *upload);

/* Before the body of an upload (a route with upload_max) is read: true
 * if it may be sent, or false with r's
 * error response set (401, 403 for a missing CSRF token), so that nobody
 * who may not upload makes the server take in megabytes first. Only the
 * request's method, path and headers are used. */
bool api_upload_allowed(struct api_req *r);

/* Routes, answers and never fails: the response is always set. */
void api_dispatch(struct api_req *r);

/* Frees what the dispatcher and handler allocated in r. */
void api_req_release(struct api_req *r);

/* Responses. Each returns 0 so handlers can `return api_json(...)`. body
 * is stolen. */
int api_json(struct api_req *r, int status, json_t *body);
int api_empty(struct api_req *r, int status);
int api_error(struct api_req *r, int status, const char *code, const char *message);
/* A body of another content type ("text/vcard; charset=utf-8"): len bytes
 * copied from bytes. filename (UTF-8, may be NULL) is offered to save the
 * body as (Content-Disposition: attachment). */
int api_body(struct api_req *r, int status, const char *content_type,
	     const char *bytes, size_t len, const char *filename);
/* A 200 answer whose body is streamed (see struct api_stream); filename
 * (UTF-8) makes it a download, as for api_body. */
int api_stream(struct api_req *r, const char *content_type, const char *filename,
	       ssize_t (*read)(void *ctx, char *buf, size_t cap), void (*done)(void *ctx),
	       void *ctx);

/* A live event stream for user_id (see struct api_events). */
int api_events(struct api_req *r, int64_t user_id, int (*pull)(void *ctx, char **out, size_t *len),
	       void (*done)(void *ctx), void *ctx);

/* Where a live stream starts: after the Last-Event-ID a reconnecting
 * client sends, or ?after=; *after is left as it is when neither is
 * given. GX_EINVAL with v filled when the one given is no event id. */
int api_events_after(const struct api_req *r, int64_t *after, struct verr *v);

/* The body of one pull of a stream whose frames write(ctx, f) prints:
 * checks first that who is still signed in (else that error, which ends
 * the stream), starts with the retry hint on the first pull (*started).
 * *out is malloc'd (the transport frees it), NULL with *len 0 when there
 * is nothing new. */
#define API_EVENTS_RETRY_MS 1000
int api_events_frames(const struct principal *who, bool *started,
		      int (*write)(void *ctx, FILE *f), void *ctx, char **out, size_t *len);

/* A list page {"items":…,"next":…}; next is cursor when more is true,
 * null otherwise. items is stolen. */
int api_page(struct api_req *r, json_t *items, bool more, int64_t cursor);
/* The same with a cursor that is not a row id (NULL: no next page). */
int api_page_cursor(struct api_req *r, json_t *items, const char *next);

/* Maps a domain error to its status and body; v adds field errors. */
int api_fail(struct api_req *r, int rc, const struct verr *v);

/* Query parameters. */
const char *api_query(const struct api_req *r, const char *key);
/* The query parameter key as an integer in [min, max] into *out (left as
 * it is when the parameter is absent). GX_EINVAL with v filled when it is
 * present but not such a number. */
int api_query_int(const struct api_req *r, const char *key, int64_t min, int64_t max,
		  int64_t *out, struct verr *v);
/* The query parameter key as a boolean ("true" or "1", "false" or "0")
 * into *out, left as it is when absent; GX_EINVAL with v filled when it is
 * anything else. */
int api_query_bool(const struct api_req *r, const char *key, bool *out, struct verr *v);
/* limit and after from the query; GX_EINVAL with v filled when malformed. */
int api_paging(const struct api_req *r, int *limit, int64_t *after, struct verr *v);

/* Declared JSON fields: each handler lists what it accepts; anything else,
 * a wrong type, a missing required field or an out-of-range value is a
 * field error. Strings are measured in characters, arrays in items. */
/* FT_OBJECT: a JSON object of at most max members, checked by the domain.
 * FT_ARRAY: a JSON array of at most max items, checked by the domain.
 * FT_IDS: an array of min to max positive integers (record ids).
 * FT_NUMBER: a JSON number, integer or not, in [min, max]. */
enum api_ftype { FT_STRING, FT_INT, FT_BOOL, FT_STRINGS, FT_INT_OR_NULL, FT_STRING_OR_NULL,
		 FT_OBJECT, FT_ARRAY, FT_IDS, FT_NUMBER };

struct api_field {
	const char *name;
	enum api_ftype type;
	bool required;
	int64_t min, max;
};

int api_check_body(const struct api_req *r, const struct api_field *spec,
		   struct verr *v);
/* api_check_body for a body that creates a record (no "version") or
 * changes one ("version" required, the one the change is based on). */
int api_check_create(const struct api_req *r, const struct api_field *spec,
		     struct verr *v);
int api_check_update(const struct api_req *r, const struct api_field *spec,
		     struct verr *v);
/* The ?version=N a DELETE must carry into *version; GX_EINVAL with v
 * filled when it is missing or malformed. */
int api_query_version(const struct api_req *r, int64_t *version, struct verr *v);

/* Typed getters for fields that api_check_body accepted. */
const char *api_str(const struct api_req *r, const char *key);
bool api_has(const struct api_req *r, const char *key);
int64_t api_int(const struct api_req *r, const char *key);

/* RFC 3339 JSON string for a millisecond time; JSON null for 0. */
json_t *api_time(int64_t ms);

/* The fields of a new work order (POST /api/v1/tickets), also taken by
 * POST /api/v1/cc/calls/{id}/ticket. */
extern const struct api_field api_ticket_create_fields[];

/* Every resource's route table, NULL-terminated at the pattern. */
extern const struct api_route api_health_routes[];
extern const struct api_route api_session_routes[];
extern const struct api_route api_users_routes[];
extern const struct api_route api_roles_routes[];
extern const struct api_route api_tokens_routes[];
extern const struct api_route api_audit_routes[];
extern const struct api_route api_testclock_routes[];
extern const struct api_route api_customers_routes[];
extern const struct api_route api_settings_routes[];
extern const struct api_route api_custom_fields_routes[];
extern const struct api_route api_contacts_routes[];
extern const struct api_route api_interactions_routes[];
extern const struct api_route api_tasks_routes[];
extern const struct api_route api_dictionaries_routes[];
extern const struct api_route api_regions_routes[];
extern const struct api_route api_imports_routes[];
extern const struct api_route api_sla_routes[];
extern const struct api_route api_notifications_routes[];
extern const struct api_route api_tickets_routes[];
extern const struct api_route api_kb_routes[];
extern const struct api_route api_cc_routes[];
extern const struct api_route api_cc_desk_routes[];
extern const struct api_route api_cti_routes[];
extern const struct api_route api_cc_stats_routes[];
extern const struct api_route api_cc_staffing_routes[];
extern const struct api_route api_cc_outbound_routes[];

#endif
