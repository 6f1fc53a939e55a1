/* users.c - /api/v1/users: list, create, read, update, reset tokens. */
#include "api/api.h"
#include "api/render.h"
#include "domain/auth.h"
#include "domain/users.h"

#include <stdio.h>
#include <stdlib.h>

static int users_list_get(struct api_req *r)
{
	struct user_rec *rows = NULL;
	struct verr v = {0};
	json_t *items;
	int64_t after;
	int limit, n, rc;

	if (api_paging(r, &limit, &after, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	/* One extra row tells whether a next page exists. */
	if (!(rows = calloc((size_t)limit + 1, sizeof *rows)))
		return api_fail(r, GX_ENOMEM, NULL);
	rc = users_list(&r->who, api_query(r, "q"), after, limit + 1, rows, &n, &v);
	if (rc != 0) {
		free(rows);
		return api_fail(r, rc, &v);
	}
	items = json_array();
	for (int i = 0; i < n && i < limit; i++)
		json_array_append_new(items, render_user(&rows[i]));
	int64_t cursor = n > limit ? rows[limit - 1].id : 0;
	free(rows);
	return api_page(r, items, n > limit, cursor);
}

static int respond_user(struct api_req *r, int status, const struct user_rec *u)
{
	json_t *body = render_user(u);

	return body ? api_json(r, status, body) : api_fail(r, GX_EDB, NULL);
}

static const char *str_or_empty(const struct api_req *r, const char *key)
{
	const char *s = api_str(r, key);

	return s ? s : "";
}

/* Copies the fields present in the body into in. Values of the wrong type
 * read as empty: api_check_body has already named them, and the domain
 * then adds what else is wrong, so one answer lists every bad field. */
static void read_input(const struct api_req *r, struct user_input *in)
{
	json_t *roles = json_object_get(r->json, "roles"), *role;
	size_t i;

	in->username = str_or_empty(r, "username");
	in->password = str_or_empty(r, "password");
	in->display_name = str_or_empty(r, "display_name");
	in->has_display_name = api_has(r, "display_name");
	in->has_roles = roles != NULL;
	json_array_foreach(roles, i, role)
		if (json_is_string(role) && in->nroles < ROLES_MAX)
			in->roles[in->nroles++] = json_string_value(role);
	in->has_team = api_has(r, "team_id");
	in->team_id = api_int(r, "team_id");
	in->has_level = api_has(r, "level");
	in->level = (int)api_int(r, "level");
	in->has_disabled = api_has(r, "disabled");
	in->disabled = json_is_true(json_object_get(r->json, "disabled"));
	in->version = api_int(r, "version");
}

static int users_create_post(struct api_req *r)
{
	static const struct api_field spec[] = {
		{"username", FT_STRING, true, 1, 64},
		{"display_name", FT_STRING, true, 1, 50},
		{"password", FT_STRING, true, 1, 256},
		{"roles", FT_STRINGS, true, 1, ROLES_MAX},
		{"team_id", FT_INT_OR_NULL, false, 1, INT64_MAX},
		{"level", FT_INT, false, 1, 9},
		{0},
	};
	struct user_input in = {0};
	struct user_rec u;
	struct verr v = {0};
	int rc;

	api_check_body(r, spec, &v);
	read_input(r, &in);
	if ((rc = users_create(&r->who, &in, &u, &v)) != 0)
		return api_fail(r, rc, &v);
	return respond_user(r, 201, &u);
}

static int users_get_one(struct api_req *r)
{
	struct user_rec u;
	int rc = users_get(&r->who, r->id, &u);

	return rc ? api_fail(r, rc, NULL) : respond_user(r, 200, &u);
}

static int users_patch(struct api_req *r)
{
	static const struct api_field spec[] = {
		{"version", FT_INT, true, 1, INT64_MAX},
		{"display_name", FT_STRING, false, 1, 50},
		{"roles", FT_STRINGS, false, 1, ROLES_MAX},
		{"team_id", FT_INT_OR_NULL, false, 1, INT64_MAX},
		{"level", FT_INT, false, 1, 9},
		{"disabled", FT_BOOL, false, 0, 0},
		{0},
	};
	struct user_input in = {0};
	struct user_rec u;
	struct verr v = {0};
	int rc;

	api_check_body(r, spec, &v);
	read_input(r, &in);
	if ((rc = users_update(&r->who, r->id, &in, &u, &v)) != 0)
		return api_fail(r, rc, &v);
	return respond_user(r, 200, &u);
}

static int users_reset_token(struct api_req *r)
{
	char token[TOKEN_MAX];
	int64_t expires;
	int rc = auth_reset_issue(&r->who, r->id, token, &expires);

	if (rc != 0)
		return api_fail(r, rc, NULL);
	return api_json(r, 201, json_pack("{s:s,s:o}", "token", token,
					  "expires_at", api_time(expires)));
}

const struct api_route api_users_routes[] = {
	{"GET", "/api/v1/users", users_list_get, 0, 0},
	{"POST", "/api/v1/users", users_create_post, ROUTE_JSON, 0},
	{"GET", "/api/v1/users/{id}", users_get_one, 0, 0},
	{"PATCH", "/api/v1/users/{id}", users_patch, ROUTE_JSON, 0},
	{"POST", "/api/v1/users/{id}/reset-token", users_reset_token, 0, 0},
	{0},
};
