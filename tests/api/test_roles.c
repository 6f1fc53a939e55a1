/* Roles, permissions and teams. */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

static json_t *find_by_name(json_t *items, const char *name)
{
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		const char *n = jstr(it, "name");
		if (n && !strcmp(n, name))
			return it;
	}
	return NULL;
}

static void test_roles_list(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	http_resp *r = http_get(a, "/api/v1/roles");
	expect_status(r, 200);
	static const char *const roles[][2] = {
		{ "admin", "系统管理员" },     { "supervisor", "班长/主管" },
		{ "agent", "坐席" },           { "account_manager", "客户经理" },
		{ "analyst", "分析员" },       { "reviewer", "审核员" },
	};
	json_t *items = jget(r->json, "items");
	assert_true(json_is_array(items));
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
		json_t *role = find_by_name(items, roles[i][0]);
		if (!role)
			fail_msg("role %s missing from GET /roles", roles[i][0]);
		assert_non_null(jstr(role, "label"));
		assert_string_equal(jstr(role, "label"), roles[i][1]);
		assert_true(json_is_array(jget(role, "permissions")));
	}
	json_t *admin = find_by_name(items, "admin");
	assert_true(jarray_has_str(jget(admin, "permissions"), "user.manage"));
	assert_true(jarray_has_str(jget(admin, "permissions"), "role.manage"));
	assert_true(jarray_has_str(jget(admin, "permissions"), "audit.read"));

	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	expect_error(http_get(g, "/api/v1/roles"), 403, "forbidden");
	expect_error(http_get(client_new(s), "/api/v1/roles"), 401,
		     "unauthenticated");
}

static void test_permissions_list(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	http_resp *r = http_get(a, "/api/v1/permissions");
	expect_status(r, 200);
	json_t *items = jget(r->json, "items");
	static const char *const names[] = { "user.read", "user.manage",
					     "role.manage", "audit.read" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		json_t *p = find_by_name(items, names[i]);
		if (!p)
			fail_msg("permission %s missing: %s", names[i], r->body);
		assert_non_null(jstr(p, "label"));
	}
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	expect_error(http_get(g, "/api/v1/permissions"), 403, "forbidden");
}

static void test_teams(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	/* any signed-in user may list teams */
	http_resp *r = http_get(g, "/api/v1/teams");
	expect_status(r, 200);
	json_t *t1 = find_by_name(jget(r->json, "items"), AGENT_TEAM);
	if (!t1)
		fail_msg("team %s missing: %s", AGENT_TEAM, r->body);
	json_int_t t1id = jint(t1, "id");
	assert_true(t1id > 0);
	assert_non_null(json_object_get(t1, "parent_id"));

	r = http_pack(a, "POST", "/api/v1/teams", "{s:s}", "name", "客服二组");
	expect_status(r, 201);
	json_int_t t2 = jint(r->json, "id");
	assert_true(t2 > 0);
	assert_string_equal(jstr(r->json, "name"), "客服二组");
	assert_true(json_is_null(json_object_get(r->json, "parent_id")));

	r = http_pack(a, "POST", "/api/v1/teams", "{s:s,s:I}", "name",
		      "客服二组-夜班", "parent_id", t2);
	expect_status(r, 201);
	assert_int_equal(jint(r->json, "parent_id"), t2);

	r = http_get(g, "/api/v1/teams");
	expect_status(r, 200);
	assert_non_null(find_by_name(jget(r->json, "items"), "客服二组"));
	json_t *night = find_by_name(jget(r->json, "items"), "客服二组-夜班");
	assert_non_null(night);
	assert_int_equal(jint(night, "parent_id"), t2);

	/* a new team can be given to a user */
	json_int_t id = create_user(a, "team_mover", "Passw0rd!", "agent");
	char *path = srv_own(s, xasprintf("/api/v1/users/%lld", (long long)id));
	r = http_get(a, path);
	expect_status(r, 200);
	r = http_pack(a, "PATCH", path, "{s:I,s:I}", "version",
		      (json_int_t)jint(r->json, "version"), "team_id", t2);
	expect_status(r, 200);
	assert_string_equal(jstr(r->json, "team.name"), "客服二组");
}

static void test_team_create_refused(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	http_resp *r = http_pack(g, "POST", "/api/v1/teams", "{s:s}", "name",
				 "坐席私组");
	expect_error(r, 403, "forbidden");
	expect_error(http_pack(client_new(s), "POST", "/api/v1/teams", "{s:s}",
			       "name", "匿名组"),
		     401, "unauthenticated");
	expect_field(http_pack(a, "POST", "/api/v1/teams", "{}"), "name");
	expect_field(http_pack(a, "POST", "/api/v1/teams", "{s:i}", "name", 7),
		     "name");
	expect_field(http_pack(a, "POST", "/api/v1/teams", "{s:s,s:s}", "name",
			       "多余键", "color", "red"),
		     "color");
	r = http_get(a, "/api/v1/teams");
	expect_status(r, 200);
	assert_null(find_by_name(jget(r->json, "items"), "坐席私组"));
	assert_null(find_by_name(jget(r->json, "items"), "匿名组"));
	assert_null(find_by_name(jget(r->json, "items"), "多余键"));
}

static json_t *role_perms(gx_client *c, const char *role)
{
	http_resp *r = http_get(c, "/api/v1/roles");
	expect_status(r, 200);
	json_t *ro = find_by_name(jget(r->json, "items"), role);
	if (!ro)
		fail_msg("role %s missing", role);
	return jget(ro, "permissions");
}

static void test_role_permissions_update(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	create_user(a, "reviewer1", "Passw0rd!", "reviewer");
	gx_client *rv = client_signed_in(s, "reviewer1", "Passw0rd!");
	json_t *orig = role_perms(a, "reviewer");
	if (jarray_has_str(orig, "user.read"))
		fail_msg("reviewer already has user.read; test assumes not");
	expect_error(http_get(rv, "/api/v1/users"), 403, "forbidden");

	json_t *want = json_deep_copy(orig);
	json_array_append_new(want, json_string("user.read"));
	json_t *j = json_pack("{s:o}", "permissions", want);
	char *body = srv_own(s, json_dumps(j, JSON_COMPACT));
	json_decref(j);
	http_resp *r = http_do(a, "PUT", "/api/v1/roles/reviewer/permissions",
			       body, NULL);
	expect_status(r, 200);
	assert_string_equal(jstr(r->json, "name"), "reviewer");
	assert_string_equal(jstr(r->json, "label"), "审核员");
	assert_true(jarray_has_str(jget(r->json, "permissions"), "user.read"));
	assert_true(jarray_has_str(role_perms(a, "reviewer"), "user.read"));

	/* the reviewer's live session gains the permission */
	expect_status(http_get(rv, "/api/v1/users"), 200);
	r = http_get(rv, "/api/v1/users/me");
	assert_true(jarray_has_str(jget(r->json, "permissions"), "user.read"));

	/* and loses it again */
	r = http_pack(a, "PUT", "/api/v1/roles/reviewer/permissions", "{s:[]}",
		      "permissions");
	expect_status(r, 200);
	assert_int_equal(json_array_size(jget(r->json, "permissions")), 0);
	expect_error(http_get(rv, "/api/v1/users"), 403, "forbidden");
}

static void test_role_permissions_refused(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	json_t *orig = json_deep_copy(role_perms(a, "analyst"));

	/* unknown permission */
	expect_field(http_pack(a, "PUT", "/api/v1/roles/analyst/permissions",
			       "{s:[s,s]}", "permissions", "user.read",
			       "world.domination"),
		     "permissions");
	/* wrong type, unknown key */
	expect_field(http_pack(a, "PUT", "/api/v1/roles/analyst/permissions",
			       "{s:s}", "permissions", "user.read"),
		     "permissions");
	expect_field(http_pack(a, "PUT", "/api/v1/roles/analyst/permissions",
			       "{s:[],s:s}", "permissions", "label", "x"),
		     "label");
	/* unknown role */
	expect_error(http_pack(a, "PUT", "/api/v1/roles/emperor/permissions",
			       "{s:[s]}", "permissions", "user.read"),
		     404, "not_found");
	/* no permission role.manage */
	expect_error(http_pack(g, "PUT", "/api/v1/roles/analyst/permissions",
			       "{s:[s]}", "permissions", "user.read"),
		     403, "forbidden");
	expect_error(http_pack(g, "PUT", "/api/v1/roles/agent/permissions",
			       "{s:[s,s]}", "permissions", "user.read",
			       "user.manage"),
		     403, "forbidden");
	/* no CSRF token */
	expect_error(http_req(a, &(http_opts){
				 .method = "PUT",
				 .path = "/api/v1/roles/analyst/permissions",
				 .body = "{\"permissions\":[\"user.read\",\"user.manage\"]}",
				 .no_csrf = true }),
		     403, "csrf_failed");
	json_t *now = role_perms(a, "analyst");
	bool same = json_equal(orig, now);
	json_decref(orig);
	assert_true(same);
	assert_false(jarray_has_str(role_perms(a, "agent"), "user.manage"));
}

int run_roles_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roles_list),
		cmocka_unit_test(test_permissions_list),
		cmocka_unit_test(test_teams),
		cmocka_unit_test(test_team_create_refused),
		cmocka_unit_test(test_role_permissions_update),
		cmocka_unit_test(test_role_permissions_refused),
	};
	return cmocka_run_group_tests_name("roles", tests, gx_group_setup,
					   gx_group_teardown);
}
