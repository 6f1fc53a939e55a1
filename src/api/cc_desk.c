/* cc_desk.c - the agent's side of the contact centre: call records
 * (CC-4) at /api/v1/cc/calls, the one-step work order or interaction from
 * a call, and the desktop's live stream /api/v1/cc/me/events, which pops
 * the caller's customer on the agent's screen (CC-2) as soon as a call is
 * assigned to that agent, and to no one else. */
#include "api/api.h"
#include "domain/cc_calls.h"
#include "domain/cc_config.h"
#include "domain/customers.h"
#include "lib/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define POP_MATCHES 5
#define STREAM_PAGE 32
#define LOG_MAX 100

static int time_param(const struct api_req *r, const char *key, int64_t *ms, struct verr *v)
{
	const char *s = api_query(r, key);

	if (s && *s && clock_parse_rfc3339(s, ms) != 0)
		return verr_add(v, key, "应为 RFC 3339 时间，如 2026-11-22T00:00:00+08:00");
	return 0;
}

static int calls_get(struct api_req *r)
{
	struct cc_call_filter f = {0};
	struct cc_call *rows;
	struct verr v = {0};
	const char *state = api_query(r, "state");
	bool unmasked = cc_calls_unmasked(&r->who);
	json_t *items;
	int64_t after;
	int limit, n, rc;

	api_paging(r, &limit, &after, &v);
	api_query_int(r, "agent_id", 1, INT64_MAX, &f.agent_id, &v);
	api_query_int(r, "customer_id", 1, INT64_MAX, &f.customer_id, &v);
	api_query_int(r, "queue_id", 1, INT64_MAX, &f.queue_id, &v);
	time_param(r, "from", &f.from_ms, &v);
	time_param(r, "to", &f.to_ms, &v);
	if (state && strcmp(state, "queued") && strcmp(state, "ringing") &&
	    strcmp(state, "talking") && strcmp(state, "ended"))
		verr_add(&v, "state", "应为 queued、ringing、talking 或 ended");
	if (v.n)
		return api_fail(r, GX_EINVAL, &v);
	snprintf(f.state, sizeof f.state, "%s", state ? state : "");
	f.before_id = after;
	if (!(rows = calloc((size_t)limit + 1, sizeof *rows)))
		return api_fail(r, GX_ENOMEM, NULL);
	if ((rc = cc_calls_list(&r->who, &f, rows, limit + 1, &n)) != 0) {
		free(rows);
		return api_fail(r, rc, NULL);
	}
	items = json_array();
	for (int i = 0; i < n && i < limit; i++)
		json_array_append_new(items, cc_call_json(&rows[i], unmasked));
	after = n > limit ? rows[limit - 1].id : 0;
	free(rows);
	return api_page(r, items, after != 0, after);
}

static json_t *log_json(const struct cc_log *l)
{
	return json_pack("{s:I,s:s,s:o,s:o,s:o}", "id", (json_int_t)l->id, "kind", l->kind,
			 "agent_id", l->agent_id ? json_integer(l->agent_id) : json_null(),
			 "queue_id", l->queue_id ? json_integer(l->queue_id) : json_null(),
			 "at", api_time(l->at));
}

static int call_get(struct api_req *r)
{
	struct cc_log log[LOG_MAX];
	struct cc_call c;
	json_t *o, *items;
	int n, rc;

	if ((rc = cc_call_get(&r->who, r->id, &c, log, LOG_MAX, &n)) != 0)
		return api_fail(r, rc, NULL);
	o = cc_call_json(&c, cc_calls_unmasked(&r->who));
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, log_json(&log[i]));
	json_object_set_new(o, "log", items);
	return api_json(r, 200, o);
}

static const struct api_field call_fields[] = {
	{"disposition", FT_STRING, false, 0, 50},
	{"note", FT_STRING, false, 0, 200},
	{"customer_id", FT_INT, false, 1, INT64_MAX},
	{"version", FT_INT, false, 1, INT64_MAX},
	{0},
};

static int call_patch(struct api_req *r)
{
	struct cc_call_change ch = {0};
	struct cc_call c;
	struct verr v = {0};
	int rc;

	if (api_check_body(r, call_fields, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	ch.disposition = api_has(r, "disposition") ? api_str(r, "disposition") : NULL;
	ch.note = api_has(r, "note") ? api_str(r, "note") : NULL;
	ch.customer_id = api_has(r, "customer_id") ? api_int(r, "customer_id") : 0;
	ch.version = api_has(r, "version") ? api_int(r, "version") : 0;
	if ((rc = cc_call_update(&r->who, r->id, &ch, &c, &v)) != 0)
		return api_fail(r, rc, &v);
	return api_json(r, 200, cc_call_json(&c, cc_calls_unmasked(&r->who)));
}

static int call_ticket_post(struct api_req *r)
{
	struct verr v = {0};
	int64_t ticket_id;
	int rc;

	if (api_check_body(r, api_ticket_create_fields, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	if ((rc = cc_call_ticket(&r->who, r->id, r->json, &ticket_id, &v)) != 0)
		return api_fail(r, rc, &v);
	return api_json(r, 201, json_pack("{s:I}", "ticket_id", (json_int_t)ticket_id));
}

static const struct api_field interaction_fields[] = {
	{"summary", FT_STRING, true, 1, 2000},
	{0},
};

static int call_interaction_post(struct api_req *r)
{
	struct verr v = {0};
	int64_t id;
	int rc;

	if (api_check_body(r, interaction_fields, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	if ((rc = cc_call_interaction(&r->who, r->id, api_str(r, "summary"), &id, &v)) != 0)
		return api_fail(r, rc, &v);
	return api_json(r, 201, json_pack("{s:I}", "interaction_id", (json_int_t)id));
}

struct stream {
	struct principal who;
	int64_t last_id;
	char state[16];
	int64_t state_since;
	bool started;
};

/* The customers in the agent's reach that the caller's number belongs
 * to, for the pop: a choice when there are several, "new customer" when
 * there are none. */
static json_t *pop_customers(const struct principal *who, const struct cc_call *c)
{
	struct customer_rec *recs = calloc(POP_MATCHES, sizeof *recs);
	struct customer_view *views = calloc(POP_MATCHES, sizeof *views);
	const char *number = strcmp(c->direction, "outbound") ? c->caller : c->called;
	struct verr v = {0};
	json_t *items = json_array();
	int n = 0;

	if (recs && views && number[0] && c->matches &&
	    customers_lookup_phone(who, number, recs, views, POP_MATCHES, &n, &v) == 0)
		for (int i = 0; i < n; i++)
			json_array_append_new(items, json_pack("{s:I,s:s,s:s,s:s,s:s}",
				"id", (json_int_t)recs[i].id, "name", recs[i].name,
				"type", recs[i].type, "tier", recs[i].tier, "company", recs[i].company));
	free(recs);
	free(views);
	return items;
}

static int write_calls(struct stream *s, FILE *f)
{
	struct cc_log *log = calloc(STREAM_PAGE, sizeof *log);
	struct cc_call *calls = calloc(STREAM_PAGE, sizeof *calls);
	bool unmasked = cc_calls_unmasked(&s->who);
	int n = 0, rc = GX_ENOMEM;

	if (!log || !calls)
		goto out;
	do {
		if ((rc = cc_calls_log_since(&s->who, s->last_id, log, calls, STREAM_PAGE, &n)) != 0)
			goto out;
		for (int i = 0; i < n; i++) {
			json_t *o = json_pack("{s:I,s:s,s:o}", "log_id", (json_int_t)log[i].id,
					      "kind", log[i].kind,
					      "call", cc_call_json(&calls[i], unmasked));
			char *json;

			if (!strcmp(log[i].kind, "assigned"))
				json_object_set_new(o, "customers", pop_customers(&s->who, &calls[i]));
			json = json_dumps(o, JSON_COMPACT);
			json_decref(o);
			if (!json) {
				rc = GX_ENOMEM;
				goto out;
			}
			fprintf(f, "id: %lld\nevent: call\ndata: %s\n\n", (long long)log[i].id, json);
			free(json);
			s->last_id = log[i].id;
		}
	} while (n == STREAM_PAGE);
out:
	free(log);
	free(calls);
	return rc;
}

/* The agent's state when it changed since the last frame (the wrap-up
 * ending, a supervisor signing the agent out). */
static int write_state(struct stream *s, FILE *f)
{
	struct cc_agent a;
	json_t *o;
	char *json;
	int rc;

	if ((rc = cc_agent_get(&s->who, s->who.user_id, &a)) != 0)
		return rc == GX_ENOTFOUND ? 0 : rc;
	if (!strcmp(a.state, s->state) && a.state_since == s->state_since)
		return 0;
	snprintf(s->state, sizeof s->state, "%s", a.state);
	s->state_since = a.state_since;
	o = json_pack("{s:s,s:s,s:o,s:o}", "state", a.state, "reason", a.reason,
		      "state_since", api_time(a.state_since),
		      "call_id", a.call_id ? json_integer(a.call_id) : json_null());
	json_object_set_new(o, "wrap_until", api_time(a.wrap_until));
	json = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (!json)
		return GX_ENOMEM;
	fprintf(f, "event: agent\ndata: %s\n\n", json);
	free(json);
	return 0;
}

/* The agent's new call events, then its state if it changed. */
static int write_frames(void *ctx, FILE *f)
{
	struct stream *s = ctx;
	int rc = write_calls(s, f);

	return rc ? rc : write_state(s, f);
}

static int stream_pull(void *ctx, char **out, size_t *len)
{
	struct stream *s = ctx;

	return api_events_frames(&s->who, &s->started, write_frames, s, out, len);
}

static void stream_done(void *ctx)
{
	free(ctx);
}

static int me_events_get(struct api_req *r)
{
	struct verr v = {0};
	struct cc_agent a;
	struct stream *s;
	int64_t after;
	int rc;

	if ((rc = cc_agent_get(&r->who, r->who.user_id, &a)) != 0 ||
	    (rc = cc_log_last(&r->who, &after)) != 0)
		return api_fail(r, rc, NULL);
	if (api_events_after(r, &after, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	if (!(s = calloc(1, sizeof *s)))
		return api_fail(r, GX_ENOMEM, NULL);
	s->who = r->who;
	s->last_id = after;
	return api_events(r, r->who.user_id, stream_pull, stream_done, s);
}

const struct api_route api_cc_desk_routes[] = {
	{"GET", "/api/v1/cc/calls", calls_get, 0, 0},
	{"GET", "/api/v1/cc/calls/{id}", call_get, 0, 0},
	{"PATCH", "/api/v1/cc/calls/{id}", call_patch, ROUTE_JSON, 0},
	{"POST", "/api/v1/cc/calls/{id}/ticket", call_ticket_post, ROUTE_JSON, 0},
	{"POST", "/api/v1/cc/calls/{id}/interaction", call_interaction_post, ROUTE_JSON, 0},
	{"GET", "/api/v1/cc/me/events", me_events_get, 0, 0},
	{0},
};
