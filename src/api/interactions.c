/* interactions.c - /api/v1/customers/{id}/interactions,
 * /api/v1/interactions/{id} and the customer timeline
 * /api/v1/customers/{id}/timeline. Both lists are paged by an opaque
 * cursor made of the sort key, so no page is found by OFFSET. */
#include "api/api.h"
#include "api/render.h"
#include "domain/cc_calls.h"
#include "domain/interactions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct api_field interaction_fields[] = {
	{"channel", FT_STRING, true, 1, 20},
	{"direction", FT_STRING, true, 1, 20},
	{"occurred_at", FT_STRING_OR_NULL, false, 0, 40},
	{"participants", FT_STRING, false, 0, 200},
	{"summary", FT_STRING, true, 1, 2000},
	{"contact_id", FT_INT_OR_NULL, false, 1, INT64_MAX},
	{"ticket_id", FT_INT_OR_NULL, false, 1, INT64_MAX},
	{0},
};

static json_t *interaction_json(const struct interaction_rec *i)
{
	return json_pack("{s:I,s:I,s:s,s:s,s:o,s:s,s:s,s:o,s:o,s:o,s:o}",
		"id", (json_int_t)i->id, "customer_id", (json_int_t)i->customer_id,
		"channel", i->channel, "direction", i->direction,
		"occurred_at", api_time(i->occurred_at), "participants", i->participants,
		"summary", i->summary,
		"contact", i->contact_id ? json_pack("{s:I,s:s}", "id", (json_int_t)i->contact_id,
						     "name", i->contact_name) : json_null(),
		"ticket_id", i->ticket_id ? json_integer(i->ticket_id) : json_null(),
		"created_by", i->created_by ? json_pack("{s:I,s:s}", "id", (json_int_t)i->created_by,
							"display_name", i->created_by_name)
					    : json_null(),
		"created_at", api_time(i->created_at));
}

static int interactions_post(struct api_req *r)
{
	struct interaction_rec *i = calloc(1, sizeof *i);
	struct verr v = {0};
	int rc;

	if (!i)
		return api_fail(r, GX_ENOMEM, NULL);
	api_check_body(r, interaction_fields, &v);
	rc = interactions_create(&r->who, r->id, r->json, i, &v);
	if (rc == 0)
		api_json(r, 201, interaction_json(i));
	else
		api_fail(r, rc, &v);
	free(i);
	return 0;
}

static int interactions_get_one(struct api_req *r)
{
	struct interaction_rec *i = calloc(1, sizeof *i);
	int rc;

	if (!i)
		return api_fail(r, GX_ENOMEM, NULL);
	if ((rc = interactions_get(&r->who, r->id, i)) == 0)
		api_json(r, 200, interaction_json(i));
	else
		api_fail(r, rc, NULL);
	free(i);
	return 0;
}

static int interactions_delete_one(struct api_req *r)
{
	int rc = interactions_delete(&r->who, r->id);

	return rc ? api_fail(r, rc, NULL) : api_empty(r, 204);
}

/* limit, and the cursor `after` read by fmt into the given fields; fields
 * left as they are when there is no cursor. */
static int paging(const struct api_req *r, int *limit, struct timeline_key *k,
		  bool with_kind, struct verr *v)
{
	const char *after = api_query(r, "after");
	int64_t n = API_LIMIT_DEFAULT;
	long long at = 0, id = 0;
	int used = 0;

	api_query_int(r, "limit", 1, API_LIMIT_MAX, &n, v);
	*limit = (int)n;
	if (!after || !*after)
		return v->n ? GX_EINVAL : 0;
	if (with_kind ? sscanf(after, "%lld.%15[a-z].%lld%n", &at, k->kind, &id, &used) != 3
		      : sscanf(after, "%lld.%lld%n", &at, &id, &used) != 2)
		used = -1;
	if (used != (int)strlen(after) || at <= 0 || id <= 0)
		return verr_add(v, "after", "不是本列表给出的 next 值");
	k->at = at;
	k->id = id;
	return v->n ? GX_EINVAL : 0;
}

static int interactions_list_get(struct api_req *r)
{
	struct timeline_key k = {0};
	struct interaction_rec *rows;
	struct verr v = {0};
	char next[48];
	json_t *items;
	int limit, n, rc;

	if (paging(r, &limit, &k, false, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	if (!(rows = calloc((size_t)limit + 1, sizeof *rows)))
		return api_fail(r, GX_ENOMEM, NULL);
	/* One extra row tells whether a next page exists. */
	if ((rc = interactions_list(&r->who, r->id, k.at, k.id, rows, limit + 1, &n)) != 0) {
		free(rows);
		return api_fail(r, rc, NULL);
	}
	items = json_array();
	for (int i = 0; i < n && i < limit; i++)
		json_array_append_new(items, interaction_json(&rows[i]));
	if (n > limit)
		snprintf(next, sizeof next, "%lld.%lld", (long long)rows[limit - 1].occurred_at,
			 (long long)rows[limit - 1].id);
	free(rows);
	return api_page_cursor(r, items, n > limit ? next : NULL);
}

/* A work order's creation or closing on the timeline. */
static json_t *ticket_entry_json(const struct ticket_event *e)
{
	return json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:o}", "id", (json_int_t)e->id,
		"ticket_id", (json_int_t)e->ticket_id, "title", e->ticket_title,
		"type", e->ticket_type, "event", e->action, "note", e->note,
		"actor", e->actor_id ? json_pack("{s:I,s:s}", "id", (json_int_t)e->actor_id,
						 "display_name", e->actor_name) : json_null());
}

static json_t *timeline_json(const struct principal *who, const struct timeline_item *it)
{
	json_t *o = !strcmp(it->key.kind, "interaction") ? interaction_json(&it->u.interaction)
		  : !strcmp(it->key.kind, "ticket") ? ticket_entry_json(&it->u.ticket)
		  : !strcmp(it->key.kind, "call") ? cc_call_json(&it->u.call, cc_calls_unmasked(who))
		  : render_change(&it->u.change);

	json_object_set_new(o, "kind", json_string(it->key.kind));
	json_object_set_new(o, "at", api_time(it->key.at));
	return o;
}

static int timeline_get(struct api_req *r)
{
	struct timeline_key k = {0};
	struct timeline_item *rows;
	struct verr v = {0};
	char next[64];
	json_t *items;
	int limit, n, rc;

	if (paging(r, &limit, &k, true, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	if (!(rows = calloc((size_t)limit + 1, sizeof *rows)))
		return api_fail(r, GX_ENOMEM, NULL);
	if ((rc = customers_timeline(&r->who, r->id, &k, rows, limit + 1, &n)) != 0) {
		free(rows);
		return api_fail(r, rc, NULL);
	}
	items = json_array();
	for (int i = 0; i < n && i < limit; i++)
		json_array_append_new(items, timeline_json(&r->who, &rows[i]));
	if (n > limit)
		snprintf(next, sizeof next, "%lld.%s.%lld", (long long)rows[limit - 1].key.at,
			 rows[limit - 1].key.kind, (long long)rows[limit - 1].key.id);
	free(rows);
	return api_page_cursor(r, items, n > limit ? next : NULL);
}

const struct api_route api_interactions_routes[] = {
	{"GET", "/api/v1/customers/{id}/interactions", interactions_list_get, 0, 0},
	{"POST", "/api/v1/customers/{id}/interactions", interactions_post, ROUTE_JSON, 0},
	{"GET", "/api/v1/customers/{id}/timeline", timeline_get, 0, 0},
	{"GET", "/api/v1/interactions/{id}", interactions_get_one, 0, 0},
	{"DELETE", "/api/v1/interactions/{id}", interactions_delete_one, 0, 0},
	{0},
};
