/* kb.c - /api/v1/kb: knowledge-base categories, articles with their
 * versions, Chinese full-text search and suggestions for a work order. */
#include "api/api.h"
#include "domain/kb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEARCH_LIMIT_DEFAULT 20
#define SUGGEST_LIMIT_DEFAULT 5

static const struct api_field category_fields[] = {
	{"version", FT_INT, false, 1, INT64_MAX},
	{"name", FT_STRING, false, 1, 50},
	{"parent_id", FT_INT_OR_NULL, false, 1, INT64_MAX},
	{"sort", FT_INT, false, 0, 1000000},
	{0},
};

static const struct api_field article_fields[] = {
	{"version", FT_INT, false, 1, INT64_MAX},
	{"title", FT_STRING, false, 1, 100},
	{"body", FT_STRING, false, 1, 50000},
	{"answer", FT_STRING, false, 0, 2000},
	{"category_id", FT_INT, false, 1, INT64_MAX},
	{"tags", FT_STRINGS, false, 0, KB_TAGS_MAX},
	{"ticket_categories", FT_STRINGS, false, 0, KB_TCATS_MAX},
	{"status", FT_STRING, false, 1, 20},
	{0},
};

/* ---- rendering ---- */

static json_t *category_json(const struct kb_category *c, bool with_count)
{
	json_t *o = json_pack("{s:I,s:o,s:s,s:I,s:o,s:I}", "id", (json_int_t)c->id,
			      "parent_id", c->parent_id ? json_integer(c->parent_id) : json_null(),
			      "name", c->name, "sort", (json_int_t)c->sort,
			      "updated_at", api_time(c->updated_at), "version", (json_int_t)c->version);

	if (with_count)
		json_object_set_new(o, "articles", json_integer(c->articles));
	return o;
}

static json_t *strings(const char *items, size_t item_len, int n)
{
	json_t *a = json_array();

	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_string(items + (size_t)i * item_len));
	return a;
}

/* An article or version; body and answer when read with text. */
static json_t *article_json(const struct kb_article *a)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(a->id));
	json_object_set_new(o, "title", json_string(a->title));
	json_object_set_new(o, "category", json_pack("{s:I,s:s}", "id", (json_int_t)a->category_id,
						     "name", a->category_name));
	json_object_set_new(o, "tags", strings(a->tags[0], KB_TAG_LEN, a->ntags));
	json_object_set_new(o, "ticket_categories", strings(a->tcats[0], DICT_CODE_LEN, a->ntcats));
	json_object_set_new(o, "status", json_string(a->status));
	json_object_set_new(o, "version", json_integer(a->version));
	json_object_set_new(o, "author", a->author_id
		? json_pack("{s:I,s:s}", "id", (json_int_t)a->author_id, "display_name",
			    a->author_name) : json_null());
	if (a->created_at)
		json_object_set_new(o, "created_at", api_time(a->created_at));
	json_object_set_new(o, "updated_at", api_time(a->updated_at));
	if (a->body)
		json_object_set_new(o, "body", json_string(a->body));
	if (a->answer)
		json_object_set_new(o, "answer", json_string(a->answer));
	return o;
}

/* text cut into [{"text", "match"}] pieces at the marks: the client puts
 * each piece in a text node, so nothing in an article becomes markup. */
static json_t *marked(const char *text, const struct bigram_range *m, int n)
{
	json_t *parts = json_array();
	size_t at = 0, len = strlen(text);

	for (int i = 0; i <= n; i++) {
		size_t start = i < n ? m[i].start : len, end = i < n ? m[i].end : len;
		if (start > at)
			json_array_append_new(parts, json_pack("{s:s%,s:b}", "text", text + at,
							       start - at, "match", 0));
		if (end > start)
			json_array_append_new(parts, json_pack("{s:s%,s:b}", "text", text + start,
							       end - start, "match", 1));
		at = end;
	}
	return parts;
}

static json_t *result_json(const struct kb_result *r)
{
	json_t *o = article_json(&r->a);

	json_object_set_new(o, "title_marked", marked(r->a.title, r->title_marks, r->ntitle_marks));
	json_object_set_new(o, "snippet", marked(r->snippet, r->snippet_marks, r->nsnippet_marks));
	json_object_set_new(o, "score", json_real(r->score));
	return o;
}

/* ---- categories ---- */

static int categories_get(struct api_req *r)
{
	struct kb_category *rows = calloc(KB_CATEGORIES_MAX, sizeof *rows);
	json_t *items;
	int n = 0, rc;

	if (!rows)
		return api_fail(r, GX_ENOMEM, NULL);
	if ((rc = kb_categories(&r->who, rows, &n)) != 0) {
		free(rows);
		return api_fail(r, rc, NULL);
	}
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, category_json(&rows[i], true));
	free(rows);
	return api_json(r, 200, json_pack("{s:o}", "items", items));
}

static void read_category(const struct api_req *r, struct kb_category_input *in)
{
	json_t *parent = json_object_get(r->json, "parent_id");

	in->name = api_str(r, "name");
	in->has_name = in->name != NULL;
	in->has_parent = json_is_integer(parent) || json_is_null(parent);
	in->parent_id = json_integer_value(parent);
	in->has_sort = json_is_integer(json_object_get(r->json, "sort"));
	in->sort = api_int(r, "sort");
}

static int respond_category(struct api_req *r, int status, int rc, const struct kb_category *c,
			    const struct verr *v)
{
	if (rc == GX_ECONFLICT)
		return api_error(r, 409, "category_in_use", "该分类下还有子分类或文章，不能删除");
	return rc ? api_fail(r, rc, v) : api_json(r, status, category_json(c, false));
}

static int category_post(struct api_req *r)
{
	struct kb_category_input in = {0};
	struct kb_category c;
	struct verr v = {0};

	api_check_create(r, category_fields, &v);
	read_category(r, &in);
	return respond_category(r, 201, kb_category_create(&r->who, &in, &c, &v), &c, &v);
}

static int category_patch(struct api_req *r)
{
	struct kb_category_input in = {0};
	struct kb_category c;
	struct verr v = {0};

	api_check_update(r, category_fields, &v);
	read_category(r, &in);
	return respond_category(r, 200, kb_category_update(&r->who, r->id, api_int(r, "version"),
							   &in, &c, &v), &c, &v);
}

static int category_delete(struct api_req *r)
{
	struct verr v = {0};
	int64_t version;
	int rc;

	if (api_query_version(r, &version, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	rc = kb_category_delete(&r->who, r->id, version);
	return rc ? respond_category(r, 0, rc, NULL, NULL) : api_empty(r, 204);
}

/* ---- articles ---- */

/* Answers with the article in a (heap, freed here with its text). */
static int respond_article(struct api_req *r, int status, int rc, struct kb_article *a,
			   const struct verr *v)
{
	if (rc == 0)
		api_json(r, status, article_json(a));
	else
		api_fail(r, rc, v);
	store_kb_article_clear(a);
	free(a);
	return 0;
}

static int article_post(struct api_req *r)
{
	struct kb_article *a = calloc(1, sizeof *a);
	struct verr v = {0};

	if (!a)
		return api_fail(r, GX_ENOMEM, NULL);
	api_check_create(r, article_fields, &v);
	return respond_article(r, 201, kb_article_create(&r->who, r->json, a, &v), a, &v);
}

static int article_patch(struct api_req *r)
{
	struct kb_article *a = calloc(1, sizeof *a);
	struct verr v = {0};

	if (!a)
		return api_fail(r, GX_ENOMEM, NULL);
	api_check_update(r, article_fields, &v);
	return respond_article(r, 200, kb_article_update(&r->who, r->id, api_int(r, "version"),
							 r->json, a, &v), a, &v);
}

static int article_get(struct api_req *r)
{
	struct kb_article *a = calloc(1, sizeof *a);

	if (!a)
		return api_fail(r, GX_ENOMEM, NULL);
	return respond_article(r, 200, kb_article_get(&r->who, r->id, a), a, NULL);
}

static int article_delete(struct api_req *r)
{
	struct verr v = {0};
	int64_t version;
	int rc;

	if (api_query_version(r, &version, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	rc = kb_article_delete(&r->who, r->id, version);
	return rc ? api_fail(r, rc, NULL) : api_empty(r, 204);
}

static int articles_get(struct api_req *r)
{
	struct kb_list s = {.status = api_query(r, "status")};
	struct kb_article *rows;
	struct verr v = {0};
	json_t *items;
	int n = 0, rc;

	if (api_paging(r, &s.limit, &s.after_id, &v) != 0 ||
	    api_query_int(r, "category", 1, INT64_MAX, &s.category_id, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	/* One extra row tells whether a next page exists. */
	if (!(rows = calloc((size_t)s.limit + 1, sizeof *rows)))
		return api_fail(r, GX_ENOMEM, NULL);
	s.limit++;
	if ((rc = kb_article_list(&r->who, &s, rows, &n, &v)) != 0) {
		free(rows);
		return api_fail(r, rc, &v);
	}
	items = json_array();
	for (int i = 0; i < n && i < s.limit - 1; i++)
		json_array_append_new(items, article_json(&rows[i]));
	int64_t cursor = n >= s.limit ? rows[s.limit - 2].id : 0;
	free(rows);
	return api_page(r, items, cursor != 0, cursor);
}

static int versions_get(struct api_req *r)
{
	struct kb_article *rows = calloc(KB_VERSIONS_MAX, sizeof *rows);
	json_t *items;
	int n = 0, rc;

	if (!rows)
		return api_fail(r, GX_ENOMEM, NULL);
	if ((rc = kb_versions(&r->who, r->id, rows, &n)) != 0) {
		free(rows);
		return api_fail(r, rc, NULL);
	}
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, article_json(&rows[i]));
	free(rows);
	return api_json(r, 200, json_pack("{s:o}", "items", items));
}

static int version_get(struct api_req *r)
{
	struct kb_article *a;
	char *end;
	long long version = strtoll(r->name, &end, 10);

	/* Not a version number: no such resource. */
	if (*end || version <= 0 || r->name[0] < '1' || r->name[0] > '9')
		return api_error(r, 404, "not_found", "记录不存在");
	if (!(a = calloc(1, sizeof *a)))
		return api_fail(r, GX_ENOMEM, NULL);
	return respond_article(r, 200, kb_version_get(&r->who, r->id, version, a), a, NULL);
}

/* ---- search ---- */

static int respond_results(struct api_req *r, int rc, struct kb_result *rows, int n,
			   const struct verr *v)
{
	json_t *items;

	if (rc != 0) {
		free(rows);
		return api_fail(r, rc, v);
	}
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, result_json(&rows[i]));
	free(rows);
	return api_json(r, 200, json_pack("{s:o}", "items", items));
}

static int search_get(struct api_req *r)
{
	struct kb_search s = {.q = api_query(r, "q"), .status = api_query(r, "status")};
	int64_t limit = SEARCH_LIMIT_DEFAULT;
	struct kb_result *rows;
	struct verr v = {0};
	int n = 0, rc;

	api_query_int(r, "limit", 1, KB_SEARCH_MAX, &limit, &v);
	if (api_query_int(r, "category", 1, INT64_MAX, &s.category_id, &v) != 0 || v.n)
		return api_fail(r, GX_EINVAL, &v);
	s.limit = (int)limit;
	if (!(rows = calloc((size_t)limit, sizeof *rows)))
		return api_fail(r, GX_ENOMEM, NULL);
	rc = kb_search(&r->who, &s, rows, &n, &v);
	return respond_results(r, rc, rows, n, &v);
}

static int suggest_get(struct api_req *r)
{
	int64_t limit = SUGGEST_LIMIT_DEFAULT;
	struct kb_result *rows;
	struct verr v = {0};
	int n = 0, rc;

	if (api_query_int(r, "limit", 1, KB_SUGGEST_MAX, &limit, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	if (!(rows = calloc((size_t)limit, sizeof *rows)))
		return api_fail(r, GX_ENOMEM, NULL);
	rc = kb_suggest(&r->who, api_query(r, "category"), api_query(r, "text"), (int)limit,
			rows, &n, &v);
	return respond_results(r, rc, rows, n, &v);
}

const struct api_route api_kb_routes[] = {
	{"GET", "/api/v1/kb/categories", categories_get, 0, 0},
	{"POST", "/api/v1/kb/categories", category_post, ROUTE_JSON, 0},
	{"PATCH", "/api/v1/kb/categories/{id}", category_patch, ROUTE_JSON, 0},
	{"DELETE", "/api/v1/kb/categories/{id}", category_delete, 0, 0},
	{"GET", "/api/v1/kb/articles", articles_get, 0, 0},
	{"POST", "/api/v1/kb/articles", article_post, ROUTE_JSON, 0},
	{"GET", "/api/v1/kb/articles/{id}", article_get, 0, 0},
	{"PATCH", "/api/v1/kb/articles/{id}", article_patch, ROUTE_JSON, 0},
	{"DELETE", "/api/v1/kb/articles/{id}", article_delete, 0, 0},
	{"GET", "/api/v1/kb/articles/{id}/versions", versions_get, 0, 0},
	{"GET", "/api/v1/kb/articles/{id}/versions/{name}", version_get, 0, 0},
	{"GET", "/api/v1/kb/search", search_get, 0, 0},
	{"GET", "/api/v1/kb/suggest", suggest_get, 0, 0},
	{0},
};
