/* regions.c - /api/v1/regions: GB/T 2260 provinces, cities and districts
 * for address pickers, one level at a time, and one region with its
 * path. Any signed-in user. */
#include "api/api.h"
#include "domain/regions.h"

static json_t *region_json(const struct region_rec *r)
{
	return json_pack("{s:s,s:s,s:i,s:o,s:s,s:b}", "code", r->code, "name", r->name,
			 "level", r->level,
			 "parent_code", *r->parent_code ? json_string(r->parent_code) : json_null(),
			 "full_name", r->full_name, "leaf", r->children == 0);
}

static int regions_list_get(struct api_req *r)
{
	struct region_rec rows[REGION_CHILDREN_MAX];
	struct verr v = {0};
	json_t *items;
	int n, rc;

	if ((rc = regions_children(api_query(r, "parent"), rows, &n, &v)) != 0)
		return api_fail(r, rc, &v);
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, region_json(&rows[i]));
	return api_json(r, 200, json_pack("{s:o}", "items", items));
}

static int regions_get_one(struct api_req *r)
{
	struct region_rec path[3];
	json_t *body, *names;
	int depth, rc;

	if ((rc = regions_path(r->code, path, &depth)) != 0)
		return api_fail(r, rc, NULL);
	body = region_json(&path[depth - 1]);
	names = json_array();
	for (int i = 0; i < depth; i++)
		json_array_append_new(names, json_pack("{s:s,s:s,s:i}", "code", path[i].code,
						       "name", path[i].name, "level", path[i].level));
	json_object_set_new(body, "path", names);
	return api_json(r, 200, body);
}

const struct api_route api_regions_routes[] = {
	{"GET", "/api/v1/regions", regions_list_get, 0, 0},
	{"GET", "/api/v1/regions/{code}", regions_get_one, 0, 0},
	{0},
};
