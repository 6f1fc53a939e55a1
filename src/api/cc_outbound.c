/* cc_outbound.c - /api/v1/cc/outbound: outbound call lists (CC-6). Lists
 * with their progress, adding entries from customers or pasted lines, the
 * entries of a list; for agents the next due entry, dialling it, the
 * result of an attempt and giving a claim back. */
#include "api/api.h"
#include "domain/cc_outbound.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct api_field list_fields[] = {
	{"version", FT_INT, false, 1, INT64_MAX},
	{"name", FT_STRING, false, 1, 100},
	{"kind", FT_STRING, false, 1, 20},
	{"team_id", FT_INT_OR_NULL, false, 1, INT64_MAX},
	{"description", FT_STRING, false, 0, 500},
	{"max_attempts", FT_INT, false, 1, 10},
	{"retry_minutes", FT_INT, false, 1, 10080},
	{"call_from", FT_STRING, false, 5, 5},
	{"call_to", FT_STRING, false, 5, 5},
	{"state", FT_STRING, false, 1, 20},
	{0},
};

static json_t *ref_or_null(int64_t id, const char *key, const char *name)
{
	return id ? json_pack("{s:I,s:s}", "id", (json_int_t)id, key, name) : json_null();
}

static json_t *clock_text(int minutes)
{
	char hhmm[8];

	snprintf(hhmm, sizeof hhmm, "%02d:%02d", minutes / 60 % 100, minutes % 60);
	return json_string(hhmm);
}

static json_t *counts_json(const char *const *names, const int64_t *counts, int n)
{
	json_t *o = json_object();

	for (int i = 0; i < n; i++)
		json_object_set_new(o, names[i], json_integer(counts[i]));
	return o;
}

static json_t *list_json(const struct ob_list *l, const struct ob_counts *c)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(l->id));
	json_object_set_new(o, "name", json_string(l->name));
	json_object_set_new(o, "kind", json_string(l->kind));
	json_object_set_new(o, "team", ref_or_null(l->team_id, "name", l->team_name));
	json_object_set_new(o, "description", json_string(l->description));
	json_object_set_new(o, "max_attempts", json_integer(l->max_attempts));
	json_object_set_new(o, "retry_minutes", json_integer(l->retry_minutes));
	json_object_set_new(o, "call_from", clock_text(l->call_from));
	json_object_set_new(o, "call_to", clock_text(l->call_to));
	json_object_set_new(o, "state", json_string(l->state));
	json_object_set_new(o, "created_by", ref_or_null(l->created_by, "display_name",
							 l->creator_name));
	json_object_set_new(o, "created_at", api_time(l->created_at));
	json_object_set_new(o, "updated_at", api_time(l->updated_at));
	json_object_set_new(o, "version", json_integer(l->version));
	json_object_set_new(o, "total", json_integer(c->total));
	json_object_set_new(o, "counts", counts_json(ob_states, c->state, OBS__COUNT));
	json_object_set_new(o, "results", counts_json(ob_results, c->result, OBR__COUNT));
	return o;
}

static json_t *entry_json(const struct ob_entry *e)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(e->id));
	json_object_set_new(o, "list", json_pack("{s:I,s:s,s:s}", "id", (json_int_t)e->list_id,
						 "name", e->list_name, "kind", e->list_kind));
	json_object_set_new(o, "customer_id", e->customer_id ? json_integer(e->customer_id)
							     : json_null());
	json_object_set_new(o, "name", json_string(e->name));
	json_object_set_new(o, "phone", json_string(e->phone));
	json_object_set_new(o, "state", json_string(e->state));
	json_object_set_new(o, "attempts", json_integer(e->attempts));
	json_object_set_new(o, "next_at", !strcmp(e->state, "done") || !strcmp(e->state, "failed")
		? json_null() : api_time(e->next_at));
	json_object_set_new(o, "result", e->result[0] ? json_string(e->result) : json_null());
	json_object_set_new(o, "note", json_string(e->note));
	json_object_set_new(o, "callback_at", api_time(e->callback_at));
	json_object_set_new(o, "agent", ref_or_null(e->agent_id, "display_name", e->agent_name));
	json_object_set_new(o, "claimed_at", api_time(e->claimed_at));
	json_object_set_new(o, "created_at", api_time(e->created_at));
	json_object_set_new(o, "updated_at", api_time(e->updated_at));
	return o;
}

static json_t *attempt_json(const struct ob_attempt *a)
{
	return json_pack("{s:I,s:o,s:o,s:s,s:s,s:o,s:o}", "id", (json_int_t)a->id,
		"agent", ref_or_null(a->agent_id, "display_name", a->agent_name),
		"at", api_time(a->at), "result", a->result, "note", a->note,
		"callback_at", api_time(a->callback_at),
		"call_id", a->call_id ? json_integer(a->call_id) : json_null());
}

/* One list and its counts, freed here. */
struct one_list {
	struct ob_list list;
	struct ob_counts counts;
};

static int respond_list(struct api_req *r, int status, int rc, struct one_list *x,
			const struct verr *v)
{
	if (rc == 0)
		api_json(r, status, list_json(&x->list, &x->counts));
	else
		api_fail(r, rc, v);
	free(x);
	return 0;
}

static int lists_post(struct api_req *r)
{
	struct one_list *x = calloc(1, sizeof *x);
	struct verr v = {0};

	if (!x)
		return api_fail(r, GX_ENOMEM, NULL);
	api_check_create(r, list_fields, &v);
	return respond_list(r, 201, ob_list_create(&r->who, r->json, &x->list, &x->counts, &v),
			    x, &v);
}

static int lists_patch(struct api_req *r)
{
	struct one_list *x = calloc(1, sizeof *x);
	struct verr v = {0};

	if (!x)
		return api_fail(r, GX_ENOMEM, NULL);
	api_check_update(r, list_fields, &v);
	return respond_list(r, 200, ob_list_update(&r->who, r->id, api_int(r, "version"), r->json,
						   &x->list, &x->counts, &v), x, &v);
}

static int lists_get_one(struct api_req *r)
{
	struct one_list *x = calloc(1, sizeof *x);

	if (!x)
		return api_fail(r, GX_ENOMEM, NULL);
	return respond_list(r, 200, ob_list_get(&r->who, r->id, &x->list, &x->counts), x, NULL);
}

static int lists_get(struct api_req *r)
{
	struct ob_list *lists = NULL;
	struct ob_counts *counts = NULL;
	struct verr v = {0};
	int64_t after;
	int limit, n = 0, rc;
	json_t *items;

	if (api_paging(r, &limit, &after, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	/* One extra row tells whether a next page exists. */
	lists = calloc((size_t)limit + 1, sizeof *lists);
	counts = calloc((size_t)limit + 1, sizeof *counts);
	if (!lists || !counts) {
		rc = api_fail(r, GX_ENOMEM, NULL);
		goto out;
	}
	if ((rc = ob_lists(&r->who, api_query(r, "state"), after, limit + 1, lists, counts, &n,
			   &v)) != 0) {
		rc = api_fail(r, rc, &v);
		goto out;
	}
	items = json_array();
	for (int i = 0; i < n && i < limit; i++)
		json_array_append_new(items, list_json(&lists[i], &counts[i]));
	rc = api_page(r, items, n > limit, n > limit ? lists[limit - 1].id : 0);
out:
	free(lists);
	free(counts);
	return rc;
}

static int entries_post(struct api_req *r)
{
	static const struct api_field spec[] = {
		{"customer_ids", FT_IDS, false, 1, 1000},
		{"lines", FT_STRING, false, 1, 200000},
		{0},
	};
	struct ob_import *rep = calloc(1, sizeof *rep);
	struct verr v = {0};
	json_t *errors;
	int rc;

	if (!rep)
		return api_fail(r, GX_ENOMEM, NULL);
	api_check_body(r, spec, &v);
	rc = v.n ? GX_EINVAL : ob_add_entries(&r->who, r->id, r->json, rep, &v);
	if (rc == GX_ECONFLICT) {
		free(rep);
		return api_error(r, 409, "list_closed", "名单已关闭，不能再添加");
	}
	if (rc != 0) {
		free(rep);
		return api_fail(r, rc, &v);
	}
	errors = json_array();
	for (int i = 0; i < rep->nerrors; i++)
		json_array_append_new(errors, json_pack("{s:o,s:o,s:s}",
			"line", rep->errors[i].line ? json_integer(rep->errors[i].line) : json_null(),
			"customer_id", rep->errors[i].customer_id
				? json_integer(rep->errors[i].customer_id) : json_null(),
			"message", rep->errors[i].message));
	rc = api_json(r, 200, json_pack("{s:i,s:i,s:o,s:b}", "added", rep->added, "duplicates",
					rep->duplicates, "errors", errors, "more_errors",
					rep->more_errors));
	free(rep);
	return rc;
}

static int entries_get(struct api_req *r)
{
	struct ob_entry *rows;
	struct verr v = {0};
	int64_t after;
	int limit, n = 0, rc;
	json_t *items;

	if (api_paging(r, &limit, &after, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	if (!(rows = calloc((size_t)limit + 1, sizeof *rows)))
		return api_fail(r, GX_ENOMEM, NULL);
	if ((rc = ob_entries(&r->who, r->id, api_query(r, "state"), api_query(r, "result"), after,
			     limit + 1, rows, &n, &v)) != 0) {
		free(rows);
		return api_fail(r, rc, &v);
	}
	items = json_array();
	for (int i = 0; i < n && i < limit; i++)
		json_array_append_new(items, entry_json(&rows[i]));
	rc = api_page(r, items, n > limit, n > limit ? rows[limit - 1].id : 0);
	free(rows);
	return rc;
}

static int entry_get_one(struct api_req *r)
{
	struct ob_attempt *attempts = calloc(OB_ATTEMPTS_MAX, sizeof *attempts);
	struct ob_entry *e = calloc(1, sizeof *e);
	json_t *o, *items;
	int n = 0, rc;

	if (!attempts || !e) {
		rc = api_fail(r, GX_ENOMEM, NULL);
		goto out;
	}
	if ((rc = ob_entry_get(&r->who, r->id, e, attempts, &n)) != 0) {
		rc = api_fail(r, rc, NULL);
		goto out;
	}
	o = entry_json(e);
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, attempt_json(&attempts[i]));
	json_object_set_new(o, "attempts_made", items);
	rc = api_json(r, 200, o);
out:
	free(attempts);
	free(e);
	return rc;
}

static int not_held(struct api_req *r)
{
	return api_error(r, 409, "not_claimed", "这条名单不在您手上：未领取，或已由他人领取");
}

static int next_post(struct api_req *r)
{
	static const struct api_field spec[] = {
		{"list_id", FT_INT_OR_NULL, false, 1, INT64_MAX},
		{0},
	};
	struct ob_entry *e = calloc(1, sizeof *e);
	struct ob_none why;
	struct verr v = {0};
	int rc;

	if (!e)
		return api_fail(r, GX_ENOMEM, NULL);
	if (r->json && api_check_body(r, spec, &v) != 0) {
		free(e);
		return api_fail(r, GX_EINVAL, &v);
	}
	rc = ob_next(&r->who, r->json ? api_int(r, "list_id") : 0, e, &why, &v);
	if (rc != 0)
		rc = api_fail(r, rc, &v);
	else if (e->id)
		rc = api_json(r, 200, json_pack("{s:o}", "entry", entry_json(e)));
	else
		rc = api_json(r, 200, json_pack("{s:n,s:s,s:o}", "entry", "reason", why.reason,
						"next_at", api_time(why.next_at)));
	free(e);
	return rc;
}

static int current_get(struct api_req *r)
{
	struct ob_entry *e = calloc(1, sizeof *e);
	int rc;

	if (!e)
		return api_fail(r, GX_ENOMEM, NULL);
	if ((rc = ob_current(&r->who, e)) != 0)
		rc = api_fail(r, rc, NULL);
	else
		rc = api_json(r, 200, json_pack("{s:o}", "entry", e->id ? entry_json(e) : json_null()));
	free(e);
	return rc;
}

static int result_post(struct api_req *r)
{
	static const struct api_field spec[] = {
		{"result", FT_STRING, true, 1, 20},
		{"note", FT_STRING, false, 0, 500},
		{"callback_at", FT_STRING_OR_NULL, false, 0, 40},
		{0},
	};
	struct ob_entry *e = calloc(1, sizeof *e);
	struct verr v = {0};
	int rc;

	if (!e)
		return api_fail(r, GX_ENOMEM, NULL);
	api_check_body(r, spec, &v);
	rc = v.n ? GX_EINVAL : ob_result(&r->who, r->id, r->json, e, &v);
	if (rc == GX_ECONFLICT)
		rc = not_held(r);
	else if (rc != 0)
		rc = api_fail(r, rc, &v);
	else
		rc = api_json(r, 200, entry_json(e));
	free(e);
	return rc;
}

static int release_post(struct api_req *r)
{
	struct ob_entry *e = calloc(1, sizeof *e);
	int rc;

	if (!e)
		return api_fail(r, GX_ENOMEM, NULL);
	rc = ob_release(&r->who, r->id, e);
	if (rc == GX_ECONFLICT)
		rc = not_held(r);
	else if (rc != 0)
		rc = api_fail(r, rc, NULL);
	else
		rc = api_json(r, 200, entry_json(e));
	free(e);
	return rc;
}

static int dial_post(struct api_req *r)
{
	char ext[64] = "";
	int64_t id = 0;
	bool not_agent = false;
	int rc = ob_dial(&r->who, r->id, &id, ext, sizeof ext, &not_agent);

	if (rc == GX_ECONFLICT && not_agent)
		return api_error(r, 409, "not_an_agent",
				 "您还不是配置了分机的呼叫中心坐席，不能外呼；请联系管理员在呼叫中心设置中添加");
	if (rc == GX_ECONFLICT)
		return not_held(r);
	if (rc != 0)
		return api_fail(r, rc, NULL);
	return api_json(r, 202, json_pack("{s:I,s:s,s:I}", "request_id", (json_int_t)id,
					  "extension", ext, "entry_id", (json_int_t)r->id));
}

const struct api_route api_cc_outbound_routes[] = {
	{"GET", "/api/v1/cc/outbound/lists", lists_get, 0, 0},
	{"POST", "/api/v1/cc/outbound/lists", lists_post, ROUTE_JSON, 0},
	{"GET", "/api/v1/cc/outbound/lists/{id}", lists_get_one, 0, 0},
	{"PATCH", "/api/v1/cc/outbound/lists/{id}", lists_patch, ROUTE_JSON, 0},
	{"GET", "/api/v1/cc/outbound/lists/{id}/entries", entries_get, 0, 0},
	{"POST", "/api/v1/cc/outbound/lists/{id}/entries", entries_post, ROUTE_JSON, 0},
	{"POST", "/api/v1/cc/outbound/next", next_post, 0, 0},
	{"GET", "/api/v1/cc/outbound/current", current_get, 0, 0},
	{"GET", "/api/v1/cc/outbound/entries/{id}", entry_get_one, 0, 0},
	{"POST", "/api/v1/cc/outbound/entries/{id}/result", result_post, ROUTE_JSON, 0},
	{"POST", "/api/v1/cc/outbound/entries/{id}/release", release_post, 0, 0},
	{"POST", "/api/v1/cc/outbound/entries/{id}/dial", dial_post, 0, 0},
	{0},
};
