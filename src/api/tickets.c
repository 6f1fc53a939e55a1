/* tickets.c - /api/v1/tickets: work orders (SVC-1, SVC-2, SVC-6, SVC-7):
 * create, read, change, moves through the closed loop, list views with
 * cursor paging, bulk actions, events, the thread of replies and notes,
 * attachments (raw upload, streamed download), and a customer's orders. */
#include "api/api.h"
#include "domain/tickets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LIST_MAX_PAGE 100 /* rows per page of events and comments */

/* type, customer_id and title are required too; the domain says so
 * (tkt_create), so that a work order from a call (api/cc_desk.c), whose
 * customer comes from the call, shares this list. */
const struct api_field api_ticket_create_fields[] = {
	{"type", FT_STRING, false, 1, 20},
	{"channel", FT_STRING, false, 1, 20},
	{"category", FT_STRING_OR_NULL, false, 0, 32},
	{"priority", FT_STRING, false, 1, 20},
	{"customer_id", FT_INT, false, 1, INT64_MAX},
	{"contact_id", FT_INT_OR_NULL, false, 1, INT64_MAX},
	{"title", FT_STRING, false, 1, 100},
	{"description", FT_STRING, false, 0, 4000},
	{"fault_location", FT_STRING, false, 0, 100},
	{"fault_nature", FT_STRING, false, 0, 100},
	{0},
};

static const struct api_field update_fields[] = {
	{"version", FT_INT, true, 1, INT64_MAX},
	{"type", FT_STRING, false, 1, 20},
	{"channel", FT_STRING, false, 1, 20},
	{"category", FT_STRING_OR_NULL, false, 0, 32},
	{"priority", FT_STRING, false, 1, 20},
	{"contact_id", FT_INT_OR_NULL, false, 1, INT64_MAX},
	{"title", FT_STRING, false, 1, 100},
	{"description", FT_STRING, false, 0, 4000},
	{"fault_location", FT_STRING, false, 0, 100},
	{"fault_nature", FT_STRING, false, 0, 100},
	{"repair_team_id", FT_INT_OR_NULL, false, 1, INT64_MAX},
	{"restored_at", FT_STRING_OR_NULL, false, 0, 40},
	{"customer_notified_at", FT_STRING_OR_NULL, false, 0, 40},
	{0},
};

static const struct api_field transition_fields[] = {
	{"to", FT_STRING, true, 1, 20},
	{"version", FT_INT, true, 1, INT64_MAX},
	{"note", FT_STRING, false, 0, 500},
	{"team_id", FT_INT_OR_NULL, false, 1, INT64_MAX},
	{"assignee_id", FT_INT_OR_NULL, false, 1, INT64_MAX},
	{"resolution", FT_STRING, false, 1, 2000},
	{"rating", FT_INT, false, 1, 5},
	{"rating_comment", FT_STRING, false, 0, 500},
	{"fault_location", FT_STRING, false, 0, 100},
	{"fault_nature", FT_STRING, false, 0, 100},
	{"repair_team_id", FT_INT_OR_NULL, false, 1, INT64_MAX},
	{"restored_at", FT_STRING_OR_NULL, false, 0, 40},
	{"customer_notified_at", FT_STRING_OR_NULL, false, 0, 40},
	{0},
};

static const struct api_field bulk_fields[] = {
	{"ids", FT_IDS, true, 1, TKT_BULK_MAX},
	{"action", FT_STRING, true, 1, 20},
	{"team_id", FT_INT_OR_NULL, false, 1, INT64_MAX},
	{"assignee_id", FT_INT_OR_NULL, false, 1, INT64_MAX},
	{"priority", FT_STRING, false, 1, 20},
	{"reason", FT_STRING, false, 1, 500},
	{0},
};

static const struct api_field comment_fields[] = {
	{"body", FT_STRING, true, 1, 5000},
	{"internal", FT_BOOL, false, 0, 0},
	{0},
};

static json_t *ref(int64_t id, const char *key, const char *name)
{
	return id ? json_pack("{s:I,s:s}", "id", (json_int_t)id, key, name) : json_null();
}

static json_t *names_of(unsigned groups)
{
	json_t *a = json_array();

	for (unsigned g = 1; g <= TF_NOTIFIED; g <<= 1)
		if (groups & g)
			for (const char *const *f = tkt_flow_field_names(g); *f; f++)
				json_array_append_new(a, json_string(*f));
	return a;
}

/* The moves the reader may make now, for the order page's buttons. */
static json_t *moves_json(const struct principal *who, const struct ticket_rec *t)
{
	const struct tkt_move *moves[TKT_MOVES_MAX];
	int n = tkt_moves(who, t, moves);
	json_t *a = json_array();

	for (int i = 0; i < n; i++) {
		unsigned required = moves[i]->required;
		if (!strcmp(t->type, "repair"))
			required |= moves[i]->repair_required;
		json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:o,s:o}", "to", moves[i]->to,
			"action", moves[i]->action, "label", moves[i]->label,
			"fields", names_of(moves[i]->allowed), "required", names_of(required)));
	}
	return a;
}

static json_t *ticket_json(const struct ticket_rec *t)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(t->id));
	json_object_set_new(o, "type", json_string(t->type));
	json_object_set_new(o, "channel", json_string(t->channel));
	json_object_set_new(o, "category", t->category[0]
		? json_pack("{s:s,s:s}", "code", t->category, "label", t->category_label)
		: json_null());
	json_object_set_new(o, "priority", json_string(t->priority));
	json_object_set_new(o, "state", json_string(t->state));
	json_object_set_new(o, "state_label", json_string(tkt_state_label(t->state)));
	json_object_set_new(o, "title", json_string(t->title));
	json_object_set_new(o, "description", json_string(t->description));
	json_object_set_new(o, "customer_id", json_integer(t->customer_id));
	json_object_set_new(o, "customer", ref(t->customer_id, "name", t->customer_name));
	json_object_set_new(o, "contact", ref(t->contact_id, "name", t->contact_name));
	json_object_set_new(o, "team", ref(t->team_id, "name", t->team_name));
	json_object_set_new(o, "assignee", ref(t->assignee_id, "display_name", t->assignee_name));
	json_object_set_new(o, "created_by", ref(t->created_by, "display_name", t->creator_name));
	json_object_set_new(o, "created_at", api_time(t->created_at));
	json_object_set_new(o, "updated_at", api_time(t->updated_at));
	json_object_set_new(o, "responded_at", api_time(t->responded_at));
	json_object_set_new(o, "resolved_at", api_time(t->resolved_at));
	json_object_set_new(o, "closed_at", api_time(t->closed_at));
	json_object_set_new(o, "due_response_at", api_time(t->due_response_at));
	json_object_set_new(o, "due_resolve_at", api_time(t->due_resolve_at));
	json_object_set_new(o, "paused_ms", json_integer(t->paused_ms));
	json_object_set_new(o, "paused_at", api_time(t->paused_at));
	json_object_set_new(o, "overdue", json_boolean(t->overdue));
	json_object_set_new(o, "escalation_level", json_integer(t->escalation_level));
	json_object_set_new(o, "escalated_team",
			    ref(t->escalated_team_id, "name", t->escalated_team_name));
	json_object_set_new(o, "sla", json_pack("{s:o,s:o,s:b,s:b}",
		"response_left_ms", t->has_response_left ? json_integer(t->response_left_ms)
							 : json_null(),
		"resolve_left_ms", t->has_resolve_left ? json_integer(t->resolve_left_ms)
						       : json_null(),
		"paused", t->paused_at != 0, "warned", t->sla_stage >= 1));
	json_object_set_new(o, "resolution", json_string(t->resolution));
	json_object_set_new(o, "rating", t->rating ? json_integer(t->rating) : json_null());
	json_object_set_new(o, "rating_comment", json_string(t->rating_comment));
	json_object_set_new(o, "rated_at", api_time(t->rated_at));
	json_object_set_new(o, "reopen_count", json_integer(t->reopen_count));
	json_object_set_new(o, "fault_location", json_string(t->fault_location));
	json_object_set_new(o, "fault_nature", json_string(t->fault_nature));
	json_object_set_new(o, "repair_team", ref(t->repair_team_id, "name", t->repair_team_name));
	json_object_set_new(o, "restored_at", api_time(t->restored_at));
	json_object_set_new(o, "customer_notified_at", api_time(t->customer_notified_at));
	json_object_set_new(o, "version", json_integer(t->version));
	return o;
}

/* A 409 that says what was wrong: a move the loop does not allow, the
 * reopen window, or a closed order. */
static int conflict(struct api_req *r, const struct verr *v)
{
	const char *code = "invalid_transition";

	if (!v || !v->n)
		return api_fail(r, GX_ECONFLICT, NULL);
	if (!strcmp(v->item[0].field, "reopen"))
		code = "reopen_window_passed";
	else if (!strcmp(v->item[0].field, "state"))
		code = "ticket_closed";
	return api_error(r, 409, code, v->item[0].message);
}

static int respond_one(struct api_req *r, int status, int rc, struct ticket_rec *t,
		       const struct verr *v)
{
	json_t *o;

	if (rc == 0) {
		o = ticket_json(t);
		json_object_set_new(o, "transitions", moves_json(&r->who, t));
		api_json(r, status, o);
	} else if (rc == GX_ECONFLICT) {
		conflict(r, v);
	} else {
		api_fail(r, rc, v);
	}
	free(t);
	return 0;
}

static struct ticket_rec *new_rec(struct api_req *r)
{
	struct ticket_rec *t = calloc(1, sizeof *t);

	if (!t)
		api_fail(r, GX_ENOMEM, NULL);
	return t;
}

static int tickets_post(struct api_req *r)
{
	struct ticket_rec *t = new_rec(r);
	struct verr v = {0};

	if (!t)
		return 0;
	api_check_create(r, api_ticket_create_fields, &v);
	return respond_one(r, 201, tkt_create(&r->who, r->json, t, &v), t, &v);
}

static int tickets_get_one(struct api_req *r)
{
	struct ticket_rec *t = new_rec(r);

	if (!t)
		return 0;
	return respond_one(r, 200, tkt_get(&r->who, r->id, t), t, NULL);
}

static int tickets_patch(struct api_req *r)
{
	struct ticket_rec *t = new_rec(r);
	struct verr v = {0};
	int rc;

	if (!t)
		return 0;
	if (api_check_update(r, update_fields, &v) != 0)
		rc = GX_EINVAL;
	else
		rc = tkt_update(&r->who, r->id, api_int(r, "version"), r->json, t, &v);
	return respond_one(r, 200, rc, t, &v);
}

static int transitions_post(struct api_req *r)
{
	struct ticket_rec *t = new_rec(r);
	struct verr v = {0};

	if (!t)
		return 0;
	/* Field errors of the body come with the order's own checks. */
	api_check_body(r, transition_fields, &v);
	if (!api_has(r, "to") || !api_has(r, "version") || v.n) {
		free(t);
		return api_fail(r, GX_EINVAL, &v);
	}
	return respond_one(r, 200, tkt_transition(&r->who, r->id, api_int(r, "version"),
						  api_str(r, "to"), r->json, t, &v), t, &v);
}

static int list_page(struct api_req *r, const struct tkt_search *base)
{
	struct tkt_search s = *base;
	struct ticket_rec *rows;
	struct verr v = {0};
	int64_t after = 0;
	json_t *items;
	int limit, n = 0, rc;

	api_paging(r, &limit, &after, &v);
	api_query_int(r, "team_id", 1, INT64_MAX, &s.team_id, &v);
	if (v.n)
		return api_fail(r, GX_EINVAL, &v);
	s.after_id = after;
	s.state = api_query(r, "state");
	s.category = api_query(r, "category");
	s.q = api_query(r, "q");
	/* One extra row tells whether a next page exists. */
	s.limit = limit + 1;
	if (!(rows = calloc((size_t)s.limit, sizeof *rows)))
		return api_fail(r, GX_ENOMEM, NULL);
	if ((rc = tkt_list(&r->who, &s, rows, &n, &v)) != 0) {
		free(rows);
		return api_fail(r, rc, &v);
	}
	items = json_array();
	for (int i = 0; i < n && i < limit; i++)
		json_array_append_new(items, ticket_json(&rows[i]));
	after = n > limit ? rows[limit - 1].id : 0;
	free(rows);
	return api_page(r, items, after != 0, after);
}

static int tickets_list_get(struct api_req *r)
{
	struct tkt_search s = {.view = api_query(r, "view")};

	return list_page(r, &s);
}

static int customer_tickets_get(struct api_req *r)
{
	struct tkt_search s = {.view = "customer", .customer_id = r->id};

	return list_page(r, &s);
}

static json_t *event_json(const struct ticket_event *e)
{
	return json_pack("{s:I,s:I,s:s,s:o,s:o,s:s,s:o,s:s}", "id", (json_int_t)e->id,
		"ticket_id", (json_int_t)e->ticket_id, "action", e->action,
		"from", e->from_state[0] ? json_string(e->from_state) : json_null(),
		"actor", ref(e->actor_id, "display_name", e->actor_name),
		"to", e->to_state, "at", api_time(e->at), "note", e->note);
}

/* limit (up to LIST_MAX_PAGE) and after (an id) of a thread or event page;
 * GX_EINVAL with the 422 answer set when malformed. */
static int small_paging(struct api_req *r, int *limit, int64_t *after)
{
	struct verr v = {0};
	int64_t n = LIST_MAX_PAGE;

	*after = 0;
	api_query_int(r, "limit", 1, LIST_MAX_PAGE, &n, &v);
	api_query_int(r, "after", 0, INT64_MAX, after, &v);
	*limit = (int)n;
	if (!v.n)
		return 0;
	api_fail(r, GX_EINVAL, &v);
	return GX_EINVAL;
}

static int events_get(struct api_req *r)
{
	struct ticket_event *rows;
	int64_t after;
	int limit, n = 0, rc;
	json_t *items;

	if (small_paging(r, &limit, &after) != 0)
		return 0;
	if (!(rows = calloc((size_t)limit + 1, sizeof *rows)))
		return api_fail(r, GX_ENOMEM, NULL);
	if ((rc = tkt_events(&r->who, r->id, after, limit + 1, rows, &n)) != 0) {
		free(rows);
		return api_fail(r, rc, NULL);
	}
	items = json_array();
	for (int i = 0; i < n && i < limit; i++)
		json_array_append_new(items, event_json(&rows[i]));
	after = n > limit ? rows[limit - 1].id : 0;
	free(rows);
	return api_page(r, items, after != 0, after);
}

static json_t *comment_json(const struct ticket_comment *c)
{
	return json_pack("{s:I,s:I,s:b,s:s,s:o,s:o}", "id", (json_int_t)c->id,
		"ticket_id", (json_int_t)c->ticket_id, "internal", c->internal, "body", c->body,
		"author", ref(c->author_id, "display_name", c->author_name),
		"created_at", api_time(c->created_at));
}

static int comments_post(struct api_req *r)
{
	struct ticket_comment *c = calloc(1, sizeof *c);
	struct verr v = {0};
	int rc;

	if (!c)
		return api_fail(r, GX_ENOMEM, NULL);
	if (api_check_body(r, comment_fields, &v) != 0)
		rc = GX_EINVAL;
	else
		rc = tkt_comment_add(&r->who, r->id, json_is_true(json_object_get(r->json, "internal")),
				     api_str(r, "body"), c, &v);
	if (rc == 0)
		api_json(r, 201, comment_json(c));
	else
		api_fail(r, rc, &v);
	free(c);
	return 0;
}

static int comments_get(struct api_req *r)
{
	struct ticket_comment *rows;
	int64_t after;
	int limit, n = 0, rc;
	json_t *items;

	if (small_paging(r, &limit, &after) != 0)
		return 0;
	if (!(rows = calloc((size_t)limit + 1, sizeof *rows)))
		return api_fail(r, GX_ENOMEM, NULL);
	if ((rc = tkt_comments(&r->who, r->id, after, limit + 1, rows, &n)) != 0) {
		free(rows);
		return api_fail(r, rc, NULL);
	}
	items = json_array();
	for (int i = 0; i < n && i < limit; i++)
		json_array_append_new(items, comment_json(&rows[i]));
	after = n > limit ? rows[limit - 1].id : 0;
	free(rows);
	return api_page(r, items, after != 0, after);
}

static json_t *attachment_json(const struct ticket_attachment *a)
{
	return json_pack("{s:I,s:I,s:s,s:s,s:I,s:s,s:o,s:o}", "id", (json_int_t)a->id,
		"ticket_id", (json_int_t)a->ticket_id, "filename", a->filename,
		"content_type", a->content_type, "size", (json_int_t)a->size, "sha256", a->sha256,
		"uploaded_by", ref(a->uploaded_by, "display_name", a->uploader_name),
		"created_at", api_time(a->created_at));
}

static int attachments_post(struct api_req *r)
{
	struct ticket_attachment a;
	struct verr v = {0};
	int rc;

	/* The route's upload_max kept a larger body out before it was read. */
	rc = tkt_attach(&r->who, r->id, api_query(r, "filename"), r->body, r->body_len, &a, &v);
	return rc ? api_fail(r, rc, &v) : api_json(r, 201, attachment_json(&a));
}

static int attachments_get(struct api_req *r)
{
	struct ticket_attachment *rows = calloc(TKT_ATTACHMENTS_PER_TICKET, sizeof *rows);
	json_t *items;
	int n = 0, rc;

	if (!rows)
		return api_fail(r, GX_ENOMEM, NULL);
	if ((rc = tkt_attachments(&r->who, r->id, rows, &n)) != 0) {
		free(rows);
		return api_fail(r, rc, NULL);
	}
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, attachment_json(&rows[i]));
	free(rows);
	return api_page(r, items, false, 0);
}

static ssize_t fd_read(void *ctx, char *buf, size_t cap)
{
	return read(*(int *)ctx, buf, cap);
}

static void fd_done(void *ctx)
{
	close(*(int *)ctx);
	free(ctx);
}

static int attachment_download(struct api_req *r)
{
	struct ticket_attachment a;
	int *fd = malloc(sizeof *fd);
	int rc;

	if (!fd)
		return api_fail(r, GX_ENOMEM, NULL);
	if ((rc = tkt_attachment_open(&r->who, r->id, &a, fd)) != 0) {
		free(fd);
		return api_fail(r, rc, NULL);
	}
	/* The file is streamed from disk; the stream closes it. */
	return api_stream(r, a.content_type, a.filename, fd_read, fd_done, fd);
}

static int attachment_delete(struct api_req *r)
{
	int rc = tkt_attachment_delete(&r->who, r->id);

	return rc ? api_fail(r, rc, NULL) : api_empty(r, 204);
}

static const char *bulk_code(int rc)
{
	switch (rc) {
	case GX_ENOTFOUND: return "not_found";
	case GX_EPERM: return "forbidden";
	case GX_ECONFLICT: return "invalid_transition";
	case GX_EVERSION: return "version_conflict";
	case GX_EINVAL: return "validation_failed";
	default: return "internal";
	}
}

static int bulk_post(struct api_req *r)
{
	struct tkt_bulk_result *res;
	json_t *ids, *items, *id;
	int64_t list[TKT_BULK_MAX];
	struct verr v = {0};
	int n = 0, done = 0, rc;
	size_t i;

	if (api_check_body(r, bulk_fields, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	ids = json_object_get(r->json, "ids");
	json_array_foreach(ids, i, id)
		list[n++] = json_integer_value(id);
	if (!(res = calloc((size_t)n, sizeof *res)))
		return api_fail(r, GX_ENOMEM, NULL);
	if ((rc = tkt_bulk(&r->who, api_str(r, "action"), list, n, r->json, res, &v)) != 0) {
		free(res);
		return api_fail(r, rc, &v);
	}
	items = json_array();
	for (int k = 0; k < n; k++) {
		done += res[k].rc == 0;
		json_array_append_new(items, res[k].rc == 0
			? json_pack("{s:I,s:b,s:I}", "id", (json_int_t)res[k].id, "ok", 1,
				    "version", (json_int_t)res[k].version)
			: json_pack("{s:I,s:b,s:{s:s,s:s}}", "id", (json_int_t)res[k].id, "ok", 0,
				    "error", "code", bulk_code(res[k].rc), "message",
				    res[k].message[0] ? res[k].message : "无法处理该工单"));
	}
	free(res);
	return api_json(r, 200, json_pack("{s:o,s:i,s:i}", "results", items, "succeeded", done,
					  "failed", n - done));
}

const struct api_route api_tickets_routes[] = {
	{"POST", "/api/v1/tickets", tickets_post, ROUTE_JSON, 0},
	{"GET", "/api/v1/tickets", tickets_list_get, 0, 0},
	{"POST", "/api/v1/tickets/bulk", bulk_post, ROUTE_JSON, 0},
	{"GET", "/api/v1/tickets/{id}", tickets_get_one, 0, 0},
	{"PATCH", "/api/v1/tickets/{id}", tickets_patch, ROUTE_JSON, 0},
	{"POST", "/api/v1/tickets/{id}/transitions", transitions_post, ROUTE_JSON, 0},
	{"GET", "/api/v1/tickets/{id}/events", events_get, 0, 0},
	{"GET", "/api/v1/tickets/{id}/comments", comments_get, 0, 0},
	{"POST", "/api/v1/tickets/{id}/comments", comments_post, ROUTE_JSON, 0},
	{"GET", "/api/v1/tickets/{id}/attachments", attachments_get, 0, 0},
	{"POST", "/api/v1/tickets/{id}/attachments", attachments_post, ROUTE_RAW,
	 TKT_ATTACHMENT_MAX},
	{"GET", "/api/v1/ticket-attachments/{id}", attachment_download, 0, 0},
	{"DELETE", "/api/v1/ticket-attachments/{id}", attachment_delete, 0, 0},
	{"GET", "/api/v1/customers/{id}/tickets", customer_tickets_get, 0, 0},
	{0},
};
