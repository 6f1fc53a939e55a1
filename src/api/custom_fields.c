/* custom_fields.c - /api/v1/custom-fields: extension field definitions. */
#include "api/api.h"
#include "domain/custom_fields.h"

#include <stdlib.h>

static const struct api_field def_fields[] = {
	{"version", FT_INT, false, 1, INT64_MAX},
	{"key", FT_STRING, false, 1, 39},
	{"label", FT_STRING, false, 1, 50},
	{"kind", FT_STRING, false, 1, 10},
	{"choices", FT_STRINGS, false, 0, 50},
	{"applies_to", FT_STRINGS, false, 1, 5},
	{"required", FT_BOOL, false, 0, 0},
	{"searchable", FT_BOOL, false, 0, 0},
	{"enabled", FT_BOOL, false, 0, 0},
	{"sort", FT_INT, false, 0, 9999},
	{0},
};

static json_t *def_json(const struct custom_field *f)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:o,s:o,s:b,s:b,s:b,s:i,s:I}",
			 "id", (json_int_t)f->id, "key", f->key, "label", f->label,
			 "kind", f->kind,
			 "choices", json_loads(f->choices, 0, NULL) ?: json_array(),
			 "applies_to", json_loads(f->applies_to, 0, NULL) ?: json_array(),
			 "required", f->required, "searchable", f->searchable,
			 "enabled", f->enabled, "sort", f->sort,
			 "version", (json_int_t)f->version);
}

static int fields_get(struct api_req *r)
{
	struct custom_field *defs = calloc(CFIELD_MAX, sizeof *defs);
	json_t *items;
	int n = 0, rc;

	if (!defs)
		return api_fail(r, GX_ENOMEM, NULL);
	if ((rc = cfield_list(&r->who, defs, CFIELD_MAX, &n)) != 0) {
		free(defs);
		return api_fail(r, rc, NULL);
	}
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, def_json(&defs[i]));
	free(defs);
	return api_json(r, 200, json_pack("{s:o}", "items", items));
}

static int respond_def(struct api_req *r, int status, int rc, struct custom_field *f,
		       const struct verr *v)
{
	if (rc == 0)
		api_json(r, status, def_json(f));
	else
		api_fail(r, rc, v);
	free(f);
	return 0;
}

static int fields_post(struct api_req *r)
{
	struct custom_field *f = calloc(1, sizeof *f);
	struct verr v = {0};
	int rc;

	if (!f)
		return api_fail(r, GX_ENOMEM, NULL);
	api_check_create(r, def_fields, &v);
	rc = cfield_create(&r->who, r->json, f, &v);
	return respond_def(r, 201, rc, f, &v);
}

static int fields_patch(struct api_req *r)
{
	struct custom_field *f = calloc(1, sizeof *f);
	struct verr v = {0};
	int rc;

	if (!f)
		return api_fail(r, GX_ENOMEM, NULL);
	api_check_update(r, def_fields, &v);
	rc = v.n ? GX_EINVAL
		 : cfield_update(&r->who, r->id, api_int(r, "version"), r->json, f, &v);
	return respond_def(r, 200, rc, f, &v);
}

const struct api_route api_custom_fields_routes[] = {
	{"GET", "/api/v1/custom-fields", fields_get, 0, 0},
	{"POST", "/api/v1/custom-fields", fields_post, ROUTE_JSON, 0},
	{"PATCH", "/api/v1/custom-fields/{id}", fields_patch, ROUTE_JSON, 0},
	{0},
};
