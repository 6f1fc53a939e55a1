/* cti.c - the telephone system's side (CC-1, docs/CTI.md): it reports
 * calls at POST /api/v1/cti/events, learns which agent takes a call that
 * had to wait from the live stream GET /api/v1/cti/stream, and which
 * numbers agents want dialled from GET /api/v1/cti/dials. */
#include "api/api.h"
#include "domain/cti.h"
#include "lib/evt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STREAM_PAGE 64

static const struct api_field event_fields[] = {
	{"id", FT_STRING, true, 1, 64},
	{"type", FT_STRING, true, 1, 16},
	{"call", FT_STRING, true, 1, 64},
	{"caller", FT_STRING, false, 0, 32},
	{"called", FT_STRING, false, 0, 32},
	{"direction", FT_STRING, false, 1, 16},
	{"queue", FT_INT, false, 1, INT64_MAX},
	{"agent", FT_STRING, false, 1, 32},
	{"cause", FT_STRING, false, 1, 32},
	{"recording", FT_STRING, false, 0, 200},
	{"rating", FT_INT, false, 1, 5},
	{"entry", FT_INT, false, 1, INT64_MAX},
	{0},
};

static const char *opt_str(const struct api_req *r, const char *key)
{
	return api_has(r, key) ? api_str(r, key) : NULL;
}

static int events_post(struct api_req *r)
{
	struct verr v = {0};
	struct cti_input in;
	char *response;
	int status, rc;

	if (api_check_body(r, event_fields, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	in = (struct cti_input){
		.id = api_str(r, "id"), .type = api_str(r, "type"), .call = api_str(r, "call"),
		.caller = opt_str(r, "caller"), .called = opt_str(r, "called"),
		.direction = opt_str(r, "direction"), .agent = opt_str(r, "agent"),
		.cause = opt_str(r, "cause"), .recording = opt_str(r, "recording"),
		.queue_id = api_has(r, "queue") ? api_int(r, "queue") : 0,
		.entry_id = api_has(r, "entry") ? api_int(r, "entry") : 0,
		.rating = api_has(r, "rating") ? (int)api_int(r, "rating") : 0,
	};
	if ((rc = cti_event(&r->who, &in, &status, &response, &v)) != 0)
		return api_fail(r, rc, &v);
	rc = api_body(r, status, "application/json", response, strlen(response), NULL);
	free(response);
	return rc;
}

struct stream {
	struct principal who;
	int64_t last_id;
	bool started;
	int (*write)(void *ctx, FILE *f);
};

/* Writes one frame of o, which it takes (and frees); GX_ENOMEM when o is
 * NULL (json_pack failed) or cannot be rendered. */
static int write_frame(FILE *f, int64_t id, const char *event, json_t *o)
{
	char *json = o ? json_dumps(o, JSON_COMPACT) : NULL;

	json_decref(o);
	if (!json)
		return GX_ENOMEM;
	fprintf(f, "id: %lld\nevent: %s\ndata: %s\n\n", (long long)id, event, json);
	free(json);
	return 0;
}

/* "event: assigned" for each new assignment. */
static int write_assignments(void *ctx, FILE *f)
{
	struct stream *s = ctx;
	struct cti_assignment rows[STREAM_PAGE];
	int n, rc;

	do {
		if ((rc = cti_assignments(&s->who, s->last_id, rows, STREAM_PAGE, &n)) != 0)
			return rc;
		for (int i = 0; i < n; i++) {
			rc = write_frame(f, rows[i].log_id, "assigned",
				json_pack("{s:s,s:I,s:s,s:I,s:I,s:o}", "call", rows[i].call,
					  "call_id", (json_int_t)rows[i].call_id, "agent",
					  rows[i].extension, "agent_id", (json_int_t)rows[i].agent_id,
					  "queue_id", (json_int_t)rows[i].queue_id, "at",
					  api_time(rows[i].at)));
			if (rc != 0)
				return rc;
			s->last_id = rows[i].log_id;
		}
	} while (n == STREAM_PAGE);
	return 0;
}

/* "event: dial" for each new request to dial an outbound list's number. */
static int write_dials(void *ctx, FILE *f)
{
	struct stream *s = ctx;
	struct ob_dial rows[STREAM_PAGE];
	int n, rc;

	do {
		if ((rc = cti_dials(&s->who, s->last_id, rows, STREAM_PAGE, &n)) != 0)
			return rc;
		for (int i = 0; i < n; i++) {
			rc = write_frame(f, rows[i].id, "dial",
				json_pack("{s:I,s:s,s:I,s:s,s:I,s:o}", "request_id",
					  (json_int_t)rows[i].id, "agent", rows[i].extension,
					  "agent_id", (json_int_t)rows[i].agent_id, "number",
					  rows[i].number, "entry", (json_int_t)rows[i].entry_id,
					  "at", api_time(rows[i].at)));
			if (rc != 0)
				return rc;
			s->last_id = rows[i].id;
		}
	} while (n == STREAM_PAGE);
	return 0;
}

static int stream_pull(void *ctx, char **out, size_t *len)
{
	struct stream *s = ctx;

	return api_events_frames(&s->who, &s->started, s->write, s, out, len);
}

static void stream_done(void *ctx)
{
	free(ctx);
}

/* Resumes after the Last-Event-ID (or ?after=) a reconnecting client
 * sends, so that nothing is missed; otherwise starts from now (last). */
static int stream_open(struct api_req *r, int (*last)(const struct principal *, int64_t *),
		       int (*write)(void *ctx, FILE *f))
{
	struct verr v = {0};
	struct stream *s;
	int64_t after;
	int rc;

	if ((rc = last(&r->who, &after)) != 0)
		return api_fail(r, rc, NULL);
	if (api_events_after(r, &after, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	if (!(s = calloc(1, sizeof *s)))
		return api_fail(r, GX_ENOMEM, NULL);
	s->who = r->who;
	s->last_id = after;
	s->write = write;
	return api_events(r, EVT_CTI, stream_pull, stream_done, s);
}

static int stream_get(struct api_req *r)
{
	return stream_open(r, cti_log_last, write_assignments);
}

static int dials_get(struct api_req *r)
{
	return stream_open(r, cti_dial_last, write_dials);
}

const struct api_route api_cti_routes[] = {
	{"POST", "/api/v1/cti/events", events_post, ROUTE_JSON, 0},
	{"GET", "/api/v1/cti/stream", stream_get, 0, 0},
	{"GET", "/api/v1/cti/dials", dials_get, 0, 0},
	{0},
};
