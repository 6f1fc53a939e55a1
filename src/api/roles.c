/* roles.c - /api/v1/roles, /api/v1/permissions and /api/v1/teams. */
#include "api/api.h"
#include "domain/users.h"

#include <stdlib.h>

#define ROLES_LIST_MAX 64
#define TEAMS_LIST_MAX 1000

static json_t *role_json(const struct role_rec *role)
{
	json_t *perms = json_array();

	for (int i = 0; i < role->nperms; i++)
		json_array_append_new(perms, json_string(role->perms[i]));
	return json_pack("{s:s,s:s,s:s,s:o}", "name", role->name, "label",
			 role->label, "label_en", role->label_en, "permissions", perms);
}

static int roles_get(struct api_req *r)
{
	struct role_rec *roles = calloc(ROLES_LIST_MAX, sizeof *roles);
	json_t *items;
	int n, rc;

	if (!roles)
		return api_fail(r, GX_ENOMEM, NULL);
	if ((rc = roles_list(&r->who, roles, ROLES_LIST_MAX, &n)) != 0) {
		free(roles);
		return api_fail(r, rc, NULL);
	}
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, role_json(&roles[i]));
	free(roles);
	return api_json(r, 200, json_pack("{s:o}", "items", items));
}

static int role_permissions_put(struct api_req *r)
{
	static const struct api_field spec[] = {
		{"permissions", FT_STRINGS, true, 0, PERMS_MAX},
		{0},
	};
	const char *names[PERMS_MAX];
	json_t *list;
	struct role_rec role;
	struct verr v = {0};
	int n = 0, rc;

	if (api_check_body(r, spec, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	list = json_object_get(r->json, "permissions");
	for (size_t i = 0; i < json_array_size(list); i++)
		names[n++] = json_string_value(json_array_get(list, i));
	rc = roles_set_permissions(&r->who, r->name, names, n, &role, &v);
	if (rc != 0)
		return api_fail(r, rc, &v);
	return api_json(r, 200, role_json(&role));
}

static int permissions_get(struct api_req *r)
{
	struct perm_rec perms[PERMS_MAX];
	json_t *items;
	int n, rc;

	if ((rc = perms_list(&r->who, perms, PERMS_MAX, &n)) != 0)
		return api_fail(r, rc, NULL);
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:s,s:s,s:s}",
			"name", perms[i].name, "label", perms[i].label,
			"label_en", perms[i].label_en));
	return api_json(r, 200, json_pack("{s:o}", "items", items));
}

static json_t *team_json(const struct team_rec *t)
{
	return json_pack("{s:I,s:s,s:o}", "id", (json_int_t)t->id, "name", t->name,
			 "parent_id", t->parent_id ? json_integer(t->parent_id) : json_null());
}

static int teams_get(struct api_req *r)
{
	struct team_rec *teams = calloc(TEAMS_LIST_MAX, sizeof *teams);
	json_t *items;
	int n, rc;

	if (!teams)
		return api_fail(r, GX_ENOMEM, NULL);
	if ((rc = teams_list(&r->who, teams, TEAMS_LIST_MAX, &n)) != 0) {
		free(teams);
		return api_fail(r, rc, NULL);
	}
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, team_json(&teams[i]));
	free(teams);
	return api_json(r, 200, json_pack("{s:o}", "items", items));
}

static int teams_post(struct api_req *r)
{
	static const struct api_field spec[] = {
		{"name", FT_STRING, true, 1, 50},
		{"parent_id", FT_INT_OR_NULL, false, 1, INT64_MAX},
		{0},
	};
	struct team_rec t;
	struct verr v = {0};
	int rc;

	if (api_check_body(r, spec, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	rc = teams_create(&r->who, api_str(r, "name"), api_int(r, "parent_id"), &t, &v);
	if (rc != 0)
		return api_fail(r, rc, &v);
	return api_json(r, 201, team_json(&t));
}

const struct api_route api_roles_routes[] = {
	{"GET", "/api/v1/roles", roles_get, 0, 0},
	{"PUT", "/api/v1/roles/{name}/permissions", role_permissions_put, ROUTE_JSON, 0},
	{"GET", "/api/v1/permissions", permissions_get, 0, 0},
	{"GET", "/api/v1/teams", teams_get, 0, 0},
	{"POST", "/api/v1/teams", teams_post, ROUTE_JSON, 0},
	{0},
};
