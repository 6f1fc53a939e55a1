/* dictionaries.c - /api/v1/dictionaries: the kinds, the items of one kind
 * (any signed-in user), and their maintenance (dictionary.manage). */
#include "api/api.h"
#include "domain/dictionaries.h"

#include <stdlib.h>
#include <string.h>

static const struct api_field item_fields[] = {
	{"code", FT_STRING, false, 1, 32},
	{"label", FT_STRING, false, 1, 50},
	{"parent_code", FT_STRING_OR_NULL, false, 0, 32},
	{"sort", FT_INT, false, 0, 1000000},
	{"enabled", FT_BOOL, false, 0, 0},
	{0},
};

static json_t *item_json(const struct dict_item *it)
{
	return json_pack("{s:s,s:s,s:o,s:I,s:b,s:o}", "code", it->code, "label", it->label,
			 "parent_code", it->parent_code[0] ? json_string(it->parent_code) : json_null(),
			 "sort", (json_int_t)it->sort, "enabled", it->enabled,
			 "updated_at", api_time(it->updated_at));
}

static int kinds_get(struct api_req *r)
{
	struct dict_kind kinds[DICT_KINDS_MAX];
	json_t *items;
	int n, rc;

	if ((rc = dictionaries_kinds(&r->who, kinds, DICT_KINDS_MAX, &n)) != 0)
		return api_fail(r, rc, NULL);
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:s,s:s,s:s,s:b}", "kind", kinds[i].kind,
			"label", kinds[i].label, "label_en", kinds[i].label_en, "tree", kinds[i].tree));
	return api_json(r, 200, json_pack("{s:o}", "items", items));
}

static int items_get(struct api_req *r)
{
	struct dict_item *rows;
	struct verr v = {0};
	bool all = false;
	json_t *items;
	int n, rc;

	if (api_query_bool(r, "include_disabled", &all, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	if (!(rows = calloc(DICT_ITEMS_MAX, sizeof *rows)))
		return api_fail(r, GX_ENOMEM, NULL);
	rc = dictionaries_list(&r->who, r->name, all, rows, &n);
	if (rc != 0) {
		free(rows);
		return api_fail(r, rc, NULL);
	}
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, item_json(&rows[i]));
	free(rows);
	return api_json(r, 200, json_pack("{s:o}", "items", items));
}

/* The body's fields as domain input (api_check_body has named any of the
 * wrong type; they read as absent here and the domain adds the rest). */
static void read_input(const struct api_req *r, struct dict_input *in)
{
	json_t *parent = json_object_get(r->json, "parent_code");

	in->code = api_str(r, "code");
	in->label = api_str(r, "label");
	in->has_label = in->label != NULL;
	in->has_parent = json_is_string(parent) || json_is_null(parent);
	in->parent_code = json_string_value(parent);
	in->has_sort = json_is_integer(json_object_get(r->json, "sort"));
	in->sort = api_int(r, "sort");
	in->has_enabled = json_is_boolean(json_object_get(r->json, "enabled"));
	in->enabled = json_is_true(json_object_get(r->json, "enabled"));
}

static int respond_item(struct api_req *r, int status, int rc, const struct dict_item *it,
			const struct verr *v)
{
	return rc ? api_fail(r, rc, v) : api_json(r, status, item_json(it));
}

static int item_post(struct api_req *r)
{
	struct dict_input in = {0};
	struct dict_item it;
	struct verr v = {0};

	api_check_body(r, item_fields, &v);
	read_input(r, &in);
	return respond_item(r, 201, dictionaries_create(&r->who, r->name, &in, &it, &v), &it, &v);
}

static int item_patch(struct api_req *r)
{
	struct dict_input in = {0};
	struct dict_item it;
	struct verr v = {0};

	api_check_body(r, item_fields, &v);
	if (api_has(r, "code"))
		verr_add(&v, "code", "编码不能修改");
	read_input(r, &in);
	return respond_item(r, 200, dictionaries_update(&r->who, r->name, r->code, &in, &it, &v),
			    &it, &v);
}

static int item_delete(struct api_req *r)
{
	int rc = dictionaries_delete(&r->who, r->name, r->code);

	if (rc == GX_ECONFLICT)
		return api_error(r, 409, "has_children", "该项下还有下级项目，请先删除或移走它们");
	return rc ? api_fail(r, rc, NULL) : api_empty(r, 204);
}

const struct api_route api_dictionaries_routes[] = {
	{"GET", "/api/v1/dictionaries", kinds_get, 0, 0},
	{"GET", "/api/v1/dictionaries/{name}", items_get, 0, 0},
	{"POST", "/api/v1/dictionaries/{name}", item_post, ROUTE_JSON, 0},
	{"PATCH", "/api/v1/dictionaries/{name}/{code}", item_patch, ROUTE_JSON, 0},
	{"DELETE", "/api/v1/dictionaries/{name}/{code}", item_delete, 0, 0},
	{0},
};
