/* customers.c - /api/v1/customers: create, search, read, change, delete
 * and restore, history, and lookup by phone for the screen pop. */
#include "api/api.h"
#include "api/customer_filters.h"
#include "api/render.h"
#include "domain/customer_merge.h"
#include "domain/customer_review.h"
#include "domain/customers.h"
#include "store/custom_fields.h"
#include "domain/regions.h"

#include <stdlib.h>
#include <string.h>

#define LOOKUP_MAX 20

static const struct api_field customer_fields[] = {
	{"version", FT_INT, false, 1, INT64_MAX},
	{"type", FT_STRING, false, 1, 20},
	{"name", FT_STRING, false, 0, 100},
	{"phones", FT_STRINGS, false, 0, CUST_PHONES_MAX},
	{"emails", FT_STRINGS, false, 0, CUST_EMAILS_MAX},
	{"tags", FT_STRINGS, false, 0, CUST_TAGS_MAX},
	{"id_number", FT_STRING_OR_NULL, false, 0, 32},
	{"company", FT_STRING, false, 0, 100},
	{"industry", FT_STRING, false, 0, 100},
	{"source", FT_STRING, false, 0, 100},
	{"gender", FT_STRING, false, 0, 20},
	{"birthday", FT_STRING_OR_NULL, false, 0, 10},
	{"credit_grade", FT_STRING_OR_NULL, false, 0, 20},
	{"tier", FT_STRING, false, 0, 20},
	{"lifecycle_stage", FT_STRING, false, 0, 20},
	{"province", FT_STRING, false, 0, 6},
	{"city", FT_STRING, false, 0, 6},
	{"district", FT_STRING, false, 0, 6},
	{"address", FT_STRING, false, 0, 200},
	{"remarks", FT_STRING, false, 0, 2000},
	{"owner_id", FT_INT_OR_NULL, false, 1, INT64_MAX},
	{"team_id", FT_INT_OR_NULL, false, 1, INT64_MAX},
	{"education", FT_STRING_OR_NULL, false, 0, 20},
	{"preferences", FT_STRING, false, 0, 500},
	{"dislikes", FT_STRING, false, 0, 500},
	{"habits", FT_STRING, false, 0, 500},
	{"religion", FT_STRING, false, 0, 50},
	{"care_notes", FT_STRING, false, 0, 2000},
	{"ext", FT_OBJECT, false, 0, CFIELD_MAX},
	{0},
};

static const struct api_field review_fields[] = {
	{"version", FT_INT, true, 1, INT64_MAX},
	{"decision", FT_STRING, true, 1, 10},
	{"comment", FT_STRING, false, 0, 200},
	{0},
};

static const struct api_field merge_fields[] = {
	{"version", FT_INT, true, 1, INT64_MAX},
	{"from", FT_INT, true, 1, INT64_MAX},
	{0},
};

static const struct api_field duplicate_fields[] = {
	{"type", FT_STRING, false, 0, 20},
	{"name", FT_STRING, false, 0, 100},
	{"company", FT_STRING, false, 0, 100},
	{"phones", FT_STRINGS, false, 0, CUST_PHONES_MAX},
	{"id_number", FT_STRING_OR_NULL, false, 0, 32},
	{"exclude_id", FT_INT, false, 1, INT64_MAX},
	{0},
};

static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static json_t *string_array(const char *items, size_t item_len, int n)
{
	json_t *a = json_array();

	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_string(items + (size_t)i * item_len));
	return a;
}

/* A sensitive profile text as the reader may see it. */
static json_t *subjective(const char *s, const struct customer_view *v)
{
	return json_string(v->subjective_masked && *s ? "******" : s);
}

static json_t *user_ref(int64_t id, const char *name)
{
	return id ? json_pack("{s:I,s:s}", "id", (json_int_t)id, "display_name", name)
		  : json_null();
}

static json_t *review_json(const struct customer_rec *c)
{
	return json_pack("{s:s,s:o,s:o,s:o,s:o,s:s}", "state", c->review_state,
			 "first_reviewer", user_ref(c->first_reviewer_id, c->first_reviewer_name),
			 "first_reviewed_at", api_time(c->first_reviewed_at),
			 "second_reviewer", user_ref(c->second_reviewer_id, c->second_reviewer_name),
			 "second_reviewed_at", api_time(c->second_reviewed_at),
			 "comment", c->review_comment);
}

static json_t *customer_json(const struct customer_rec *c, const struct customer_view *v)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(c->id));
	json_object_set_new(o, "type", json_string(c->type));
	json_object_set_new(o, "name", json_string(c->name));
	json_object_set_new(o, "pinyin", json_string(c->pinyin));
	json_object_set_new(o, "initials", json_string(c->initials));
	json_object_set_new(o, "phones", string_array(v->phones[0], CUST_PHONE_LEN, v->nphones));
	json_object_set_new(o, "emails", string_array(c->emails[0], CUST_EMAIL_LEN, c->nemails));
	json_object_set_new(o, "id_number", str_or_null(v->id_number));
	json_object_set_new(o, "company", json_string(c->company));
	json_object_set_new(o, "industry", json_string(c->industry));
	json_object_set_new(o, "gender", json_string(c->gender));
	json_object_set_new(o, "birthday", str_or_null(c->birthday));
	json_object_set_new(o, "credit_grade", str_or_null(c->credit_grade));
	json_object_set_new(o, "tier", json_string(c->tier));
	json_object_set_new(o, "lifecycle_stage", json_string(c->lifecycle_stage));
	json_object_set_new(o, "source", json_string(c->source));
	json_object_set_new(o, "tags", string_array(c->tags[0], CUST_TAG_LEN, c->ntags));
	json_object_set_new(o, "province", json_string(c->province));
	json_object_set_new(o, "city", json_string(c->city));
	json_object_set_new(o, "district", json_string(c->district));
	char regions[REGION_FULL_LEN];
	regions_names(c->province, c->city, c->district, regions, sizeof regions);
	json_object_set_new(o, "region_names", json_string(regions));
	json_object_set_new(o, "address", json_string(c->address));
	json_object_set_new(o, "remarks", json_string(c->remarks));
	json_object_set_new(o, "owner", c->owner_id
		? json_pack("{s:I,s:s}", "id", (json_int_t)c->owner_id, "display_name", c->owner_name)
		: json_null());
	json_object_set_new(o, "team", c->team_id
		? json_pack("{s:I,s:s}", "id", (json_int_t)c->team_id, "name", c->team_name)
		: json_null());
	json_object_set_new(o, "education", str_or_null(c->education));
	json_object_set_new(o, "preferences", subjective(c->preferences, v));
	json_object_set_new(o, "dislikes", subjective(c->dislikes, v));
	json_object_set_new(o, "habits", subjective(c->habits, v));
	json_object_set_new(o, "religion", subjective(c->religion, v));
	json_object_set_new(o, "profile_masked", json_boolean(v->subjective_masked));
	json_object_set_new(o, "care_notes", json_string(c->care_notes));
	json_object_set_new(o, "ext", json_loads(c->ext[0] ? c->ext : "{}", 0, NULL) ?: json_object());
	json_object_set_new(o, "review", review_json(c));
	json_object_set_new(o, "created_at", api_time(c->created_at));
	json_object_set_new(o, "updated_at", api_time(c->updated_at));
	json_object_set_new(o, "version", json_integer(c->version));
	return o;
}

/* One customer and its view, freed by the caller. */
struct one {
	struct customer_rec rec;
	struct customer_view view;
};

static int respond_one(struct api_req *r, int status, int rc, struct one *x,
		       const struct verr *v)
{
	if (rc == 0)
		api_json(r, status, customer_json(&x->rec, &x->view));
	else
		api_fail(r, rc, v);
	free(x);
	return 0;
}

static int customers_post(struct api_req *r)
{
	struct one *x = calloc(1, sizeof *x);
	struct verr v = {0};

	if (!x)
		return api_fail(r, GX_ENOMEM, NULL);
	api_check_create(r, customer_fields, &v);
	return respond_one(r, 201, customers_create(&r->who, r->json, &x->rec, &x->view, &v),
			   x, &v);
}

static int customers_patch(struct api_req *r)
{
	struct one *x = calloc(1, sizeof *x);
	struct verr v = {0};

	if (!x)
		return api_fail(r, GX_ENOMEM, NULL);
	api_check_update(r, customer_fields, &v);
	return respond_one(r, 200, customers_update(&r->who, r->id, api_int(r, "version"),
						    r->json, &x->rec, &x->view, &v), x, &v);
}

static int customers_get_one(struct api_req *r)
{
	struct one *x = calloc(1, sizeof *x);

	if (!x)
		return api_fail(r, GX_ENOMEM, NULL);
	return respond_one(r, 200, customers_get(&r->who, r->id, &x->rec, &x->view), x, NULL);
}

static int customers_delete_one(struct api_req *r)
{
	struct verr v = {0};
	int64_t version = 0;
	int rc;

	if (api_query_version(r, &version, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	rc = customers_delete(&r->who, r->id, version);
	return rc ? api_fail(r, rc, NULL) : api_empty(r, 204);
}

static int customers_restore_one(struct api_req *r)
{
	struct one *x = calloc(1, sizeof *x);

	if (!x)
		return api_fail(r, GX_ENOMEM, NULL);
	return respond_one(r, 200, customers_restore(&r->who, r->id, &x->rec, &x->view), x, NULL);
}

/* A page of customers and their views. */
static int respond_page(struct api_req *r, int rc, struct customer_rec *recs,
			struct customer_view *views, int n, int limit, const struct verr *v)
{
	json_t *items;

	if (rc != 0) {
		api_fail(r, rc, v);
		goto out;
	}
	items = json_array();
	for (int i = 0; i < n && i < limit; i++)
		json_array_append_new(items, customer_json(&recs[i], &views[i]));
	if (n > limit && recs[limit - 1].match_key[0]) {
		/* Key-ordered pages go on from "ID.KEY". */
		char cursor[CUST_TEXT_LEN + 24];
		snprintf(cursor, sizeof cursor, "%lld.%s", (long long)recs[limit - 1].id,
			 recs[limit - 1].match_key);
		api_page_cursor(r, items, cursor);
	} else {
		api_page(r, items, n > limit, n > limit ? recs[limit - 1].id : 0);
	}
out:
	free(recs);
	free(views);
	return 0;
}

/* limit and after, where after is an id or, for key-ordered searches,
 * "ID.KEY" (the last row's id and matching key). */
static int customer_paging(const struct api_req *r, struct customer_search *s, struct verr *v)
{
	const char *after = api_query(r, "after"), *dot = after ? strchr(after, '.') : NULL;
	int64_t limit = API_LIMIT_DEFAULT;
	char *end;

	if (!dot)
		return api_paging(r, &s->limit, &s->after_id, v);
	api_query_int(r, "limit", 1, API_LIMIT_MAX, &limit, v);
	s->limit = (int)limit;
	s->after_id = strtoll(after, &end, 10);
	if (end != dot || s->after_id <= 0)
		return verr_add(v, "after", "分页游标无效");
	s->after_key = dot + 1;
	return v->n ? GX_EINVAL : 0;
}

static int customers_list_get(struct api_req *r)
{
	struct customer_search s = {0};
	struct customer_rec *recs;
	struct customer_view *views;
	struct verr v = {0};
	int n = 0;

	if (customer_paging(r, &s, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	api_customer_filters(r, &s, &v);
	if (v.n)
		return api_fail(r, GX_EINVAL, &v);
	recs = calloc((size_t)s.limit + 1, sizeof *recs);
	views = calloc((size_t)s.limit + 1, sizeof *views);
	if (!recs || !views) {
		free(recs);
		free(views);
		return api_fail(r, GX_ENOMEM, NULL);
	}
	/* One extra row tells whether a next page exists. */
	int limit = s.limit++;
	int rc = customers_list(&r->who, &s, recs, views, &n, &v);
	return respond_page(r, rc, recs, views, n, limit, &v);
}

static int customers_lookup_get(struct api_req *r)
{
	struct customer_rec *recs = calloc(LOOKUP_MAX, sizeof *recs);
	struct customer_view *views = calloc(LOOKUP_MAX, sizeof *views);
	struct verr v = {0};
	int n = 0, rc;

	if (!recs || !views) {
		free(recs);
		free(views);
		return api_fail(r, GX_ENOMEM, NULL);
	}
	rc = customers_lookup_phone(&r->who, api_query(r, "phone"), recs, views,
				    LOOKUP_MAX, &n, &v);
	return respond_page(r, rc, recs, views, n, LOOKUP_MAX, &v);
}

static int customers_history_get(struct api_req *r)
{
	struct customer_change *rows;
	struct verr v = {0};
	json_t *items;
	int64_t before;
	int limit, n, rc;

	if (api_paging(r, &limit, &before, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	if (!(rows = calloc((size_t)limit + 1, sizeof *rows)))
		return api_fail(r, GX_ENOMEM, NULL);
	if ((rc = customers_history(&r->who, r->id, before, limit + 1, rows, &n)) != 0) {
		free(rows);
		return api_fail(r, rc, NULL);
	}
	items = json_array();
	for (int i = 0; i < n && i < limit; i++)
		json_array_append_new(items, render_change(&rows[i]));
	int64_t cursor = n > limit ? rows[limit - 1].id : 0;
	free(rows);
	return api_page(r, items, n > limit, cursor);
}

static int customers_review_post(struct api_req *r)
{
	struct one *x = calloc(1, sizeof *x);
	struct verr v = {0};
	int rc;

	if (!x)
		return api_fail(r, GX_ENOMEM, NULL);
	if ((rc = api_check_body(r, review_fields, &v)) == 0)
		rc = customers_review(&r->who, r->id, api_int(r, "version"), api_str(r, "decision"),
				      api_str(r, "comment"), &x->rec, &x->view, &v);
	return respond_one(r, 200, rc, x, &v);
}

static int customers_merge_post(struct api_req *r)
{
	struct one *x = calloc(1, sizeof *x);
	struct verr v = {0};
	int rc;

	if (!x)
		return api_fail(r, GX_ENOMEM, NULL);
	if ((rc = api_check_body(r, merge_fields, &v)) == 0)
		rc = customers_merge(&r->who, r->id, api_int(r, "version"), api_int(r, "from"),
				     &x->rec, &x->view, &v);
	return respond_one(r, 200, rc, x, &v);
}

static json_t *dup_json(const struct customer_dup *d)
{
	json_t *why = json_array();

	if (d->why & DUP_PHONE)
		json_array_append_new(why, json_string("phone"));
	if (d->why & DUP_ID_NUMBER)
		json_array_append_new(why, json_string("id_number"));
	if (d->why & DUP_NAME_COMPANY)
		json_array_append_new(why, json_string("name_company"));
	return json_pack("{s:I,s:s,s:s,s:o}", "id", (json_int_t)d->id, "name", d->name,
			 "company", d->company, "reasons", why);
}

static int customers_duplicates_post(struct api_req *r)
{
	struct customer_dup dups[CUST_DUPS_MAX];
	struct verr v = {0};
	json_t *items;
	int n = 0, hidden = 0, rc;

	if ((rc = api_check_body(r, duplicate_fields, &v)) == 0)
		rc = customers_duplicates(&r->who, r->json, api_int(r, "exclude_id"), dups,
					  CUST_DUPS_MAX, &n, &hidden);
	if (rc != 0)
		return api_fail(r, rc, &v);
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, dup_json(&dups[i]));
	return api_json(r, 200, json_pack("{s:o,s:i}", "items", items, "hidden", hidden));
}

const struct api_route api_customers_routes[] = {
	{"POST", "/api/v1/customers", customers_post, ROUTE_JSON, 0},
	{"GET", "/api/v1/customers", customers_list_get, 0, 0},
	{"GET", "/api/v1/customers/lookup", customers_lookup_get, 0, 0},
	{"POST", "/api/v1/customers/duplicates", customers_duplicates_post, ROUTE_JSON, 0},
	{"GET", "/api/v1/customers/{id}", customers_get_one, 0, 0},
	{"PATCH", "/api/v1/customers/{id}", customers_patch, ROUTE_JSON, 0},
	{"DELETE", "/api/v1/customers/{id}", customers_delete_one, 0, 0},
	{"POST", "/api/v1/customers/{id}/restore", customers_restore_one, 0, 0},
	{"GET", "/api/v1/customers/{id}/history", customers_history_get, 0, 0},
	{"POST", "/api/v1/customers/{id}/review", customers_review_post, ROUTE_JSON, 0},
	{"POST", "/api/v1/customers/{id}/merge", customers_merge_post, ROUTE_JSON, 0},
	{0},
};
