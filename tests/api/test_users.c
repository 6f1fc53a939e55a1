/* User administration: create, list, read, update, disable; permissions. */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

static json_int_t team_id(gx_client *c, const char *name)
{
	http_resp *r = http_get(c, "/api/v1/teams");
	expect_status(r, 200);
	size_t i;
	json_t *t;
	json_array_foreach(jget(r->json, "items"), i, t)
	{
		const char *n = jstr(t, "name");
		if (n && !strcmp(n, name))
			return jint(t, "id");
	}
	fail_msg("team %s not in GET /teams: %s", name, r->body);
	return -1;
}

static char *user_path(gx_server *s, json_int_t id)
{
	return srv_own(s, xasprintf("/api/v1/users/%lld", (long long)id));
}

static void assert_no_secret_keys(json_t *obj)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v)
	{
		if (strstr(key, "password") || strstr(key, "hash") ||
		    strstr(key, "salt"))
			fail_msg("user object exposes \"%s\"", key);
	}
}

static void test_create_user(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	json_int_t tid = team_id(a, AGENT_TEAM);
	http_resp *r = http_pack(a, "POST", "/api/v1/users",
				 "{s:s,s:s,s:s,s:[s],s:I,s:i}", "username",
				 "zhang.san-01", "display_name", "张三",
				 "password", "Passw0rd!", "roles", "agent",
				 "team_id", tid, "level", 2);
	expect_status(r, 201);
	json_t *u = r->json;
	json_int_t id = jint(u, "id");
	assert_true(id > 0);
	assert_string_equal(jstr(u, "username"), "zhang.san-01");
	assert_string_equal(jstr(u, "display_name"), "张三");
	assert_int_equal(json_array_size(jget(u, "roles")), 1);
	assert_true(jarray_has_str(jget(u, "roles"), "agent"));
	assert_true(json_is_array(jget(u, "permissions")));
	assert_int_equal(jint(u, "team.id"), tid);
	assert_string_equal(jstr(u, "team.name"), AGENT_TEAM);
	assert_int_equal(jint(u, "level"), 2);
	assert_true(json_is_false(jget(u, "disabled")));
	assert_true(is_rfc3339_ms(jstr(u, "created_at")));
	assert_true(is_rfc3339_ms(jstr(u, "updated_at")));
	assert_true(jint(u, "version") >= 1);
	assert_no_secret_keys(u);
	assert_null(strstr(r->body, "Passw0rd!"));

	/* GET /users/{id} returns the same record */
	json_t *g = get_user(a, id);
	assert_string_equal(jstr(g, "username"), "zhang.san-01");
	assert_string_equal(jstr(g, "display_name"), "张三");
	assert_int_equal(jint(g, "version"), jint(u, "version"));
	assert_int_equal(jint(g, "team.id"), tid);
	assert_int_equal(jint(g, "level"), 2);

	/* and the new user can sign in */
	gx_client *z = client_signed_in(s, "zhang.san-01", "Passw0rd!");
	http_resp *me = http_get(z, "/api/v1/users/me");
	expect_status(me, 200);
	assert_int_equal(jint(me->json, "id"), id);
}

static void test_create_user_boundaries(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	/* 2 and 32 characters, 8-character password: all accepted */
	create_user(a, "ab", "12345678", "agent");
	create_user(a, "abcdefghijklmnopqrstuvwxyz_.-789", "12345678",
		    "analyst");
	assert_int_equal(count_users(a, "abcdefghijklmnopqrstuvwxyz_.-789"), 1);
	/* 8 characters (24 bytes of UTF-8) is long enough */
	create_user(a, "cn_pw_ok", "密码密码密码密码", "agent");
	expect_status(sign_in(client_new(s), "cn_pw_ok", "密码密码密码密码"), 200);
}

static void test_create_user_duplicate(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	create_user(a, "dup_user", "Passw0rd!", "agent");
	http_resp *r = http_pack(a, "POST", "/api/v1/users",
				 "{s:s,s:s,s:s,s:[s],s:n,s:i}", "username",
				 "dup_user", "display_name", "另一个",
				 "password", "Other123!", "roles", "analyst",
				 "team_id", "level", 1);
	expect_error(r, 409, "conflict");
	assert_int_equal(count_users(a, "dup_user"), 1);
	/* the existing user is untouched */
	json_t *u = get_user(a, find_user_id(a, "dup_user"));
	assert_true(jarray_has_str(jget(u, "roles"), "agent"));
	assert_false(jarray_has_str(jget(u, "roles"), "analyst"));
	/* a CLI-created user name is just as taken */
	r = http_pack(a, "POST", "/api/v1/users", "{s:s,s:s,s:s,s:[s],s:n,s:i}",
		      "username", SUP_USER, "display_name", "重复", "password",
		      "Passw0rd!", "roles", "agent", "team_id", "level", 1);
	expect_error(r, 409, "conflict");
}

struct bad_case {
	const char *body;   /* JSON */
	const char *field;  /* expected in error.fields */
	const char *probe;  /* username that must not exist afterwards */
};

static void test_create_user_validation(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	static const struct bad_case cases[] = {
		{ "{\"username\":\"short_pw\",\"display_name\":\"短密码\",\"password\":\"1234567\",\"roles\":[\"agent\"],\"team_id\":null,\"level\":1}",
		  "password", "short_pw" },
		{ "{\"username\":\"short_cn_pw\",\"display_name\":\"中文短密码\",\"password\":\"密码密码密码密\",\"roles\":[\"agent\"],\"team_id\":null,\"level\":1}",
		  "password", "short_cn_pw" },
		{ "{\"username\":\"bad name!\",\"display_name\":\"坏名字\",\"password\":\"Passw0rd!\",\"roles\":[\"agent\"],\"team_id\":null,\"level\":1}",
		  "username", "bad name" },
		{ "{\"username\":\"x\",\"display_name\":\"太短\",\"password\":\"Passw0rd!\",\"roles\":[\"agent\"],\"team_id\":null,\"level\":1}",
		  "username", NULL },
		{ "{\"username\":\"abcdefghijklmnopqrstuvwxyz0123456\",\"display_name\":\"太长\",\"password\":\"Passw0rd!\",\"roles\":[\"agent\"],\"team_id\":null,\"level\":1}",
		  "username", "abcdefghijklmnopqrstuvwxyz0123456" },
		{ "{\"username\":\"张三丰\",\"display_name\":\"中文名\",\"password\":\"Passw0rd!\",\"roles\":[\"agent\"],\"team_id\":null,\"level\":1}",
		  "username", "张三丰" },
		{ "{\"username\":\"unknown_key\",\"display_name\":\"未知键\",\"password\":\"Passw0rd!\",\"roles\":[\"agent\"],\"team_id\":null,\"level\":1,\"nickname\":\"x\"}",
		  "nickname", "unknown_key" },
		{ "{\"username\":\"level_str\",\"display_name\":\"等级\",\"password\":\"Passw0rd!\",\"roles\":[\"agent\"],\"team_id\":null,\"level\":\"1\"}",
		  "level", "level_str" },
		{ "{\"username\":\"no_display\",\"password\":\"Passw0rd!\",\"roles\":[\"agent\"],\"team_id\":null,\"level\":1}",
		  "display_name", "no_display" },
		{ "{\"username\":\"no_password\",\"display_name\":\"无密码\",\"roles\":[\"agent\"],\"team_id\":null,\"level\":1}",
		  "password", "no_password" },
		{ "{\"username\":\"bad_role\",\"display_name\":\"坏角色\",\"password\":\"Passw0rd!\",\"roles\":[\"emperor\"],\"team_id\":null,\"level\":1}",
		  "roles", "bad_role" },
		{ "{\"username\":\"role_str\",\"display_name\":\"角色串\",\"password\":\"Passw0rd!\",\"roles\":\"agent\",\"team_id\":null,\"level\":1}",
		  "roles", "role_str" },
		{ "{\"username\":\"bad_team\",\"display_name\":\"坏组\",\"password\":\"Passw0rd!\",\"roles\":[\"agent\"],\"team_id\":999999,\"level\":1}",
		  "team_id", "bad_team" },
		{ "{\"username\":42,\"display_name\":\"数字名\",\"password\":\"Passw0rd!\",\"roles\":[\"agent\"],\"team_id\":null,\"level\":1}",
		  "username", NULL },
	};
	int before = count_users(a, "");
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		http_resp *r = http_do(a, "POST", "/api/v1/users", cases[i].body,
				       NULL);
		if (r->status != 422)
			print_error("case %zu: %s\n", i, cases[i].body);
		expect_field(r, cases[i].field);
		if (cases[i].probe)
			assert_int_equal(count_users(a, cases[i].probe), 0);
	}
	assert_int_equal(count_users(a, ""), before);
}

static void test_list_users(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	create_user(a, "list_wang", "Passw0rd!", "agent");
	json_int_t id = find_user_id(a, "list_wang");
	/* give it a distinctive Chinese display name */
	json_t *u = get_user(a, id);
	http_resp *r = http_pack(a, "PATCH", user_path(s, id), "{s:I,s:s}",
				 "version", (json_int_t)jint(u, "version"),
				 "display_name", "王小明");
	expect_status(r, 200);

	r = http_get(a, "/api/v1/users");
	expect_status(r, 200);
	json_t *items = jget(r->json, "items");
	assert_true(json_is_array(items));
	assert_true(json_array_size(items) >= 4);
	json_t *next = json_object_get(r->json, "next");
	assert_non_null(next);
	assert_true(json_is_null(next) || json_is_string(next));
	bool seen_admin = false, seen_agent = false;
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		const char *n = jstr(it, "username");
		seen_admin |= n && !strcmp(n, ADMIN_USER);
		seen_agent |= n && !strcmp(n, AGENT_USER);
		assert_true(jint(it, "id") > 0);
		assert_no_secret_keys(it);
	}
	assert_true(seen_admin && seen_agent);

	/* q matches the username ... */
	r = http_get(a, "/api/v1/users?q=agent1");
	expect_status(r, 200);
	json_array_foreach(jget(r->json, "items"), i, it)
	{
		assert_string_not_equal(jstr(it, "username"), ADMIN_USER);
	}
	assert_int_equal(find_user_id(a, AGENT_USER) > 0, 1);
	/* ... and the display name (URL-encoded UTF-8) */
	r = http_get(a, "/api/v1/users?q=%E5%B0%8F%E6%98%8E"); /* 小明 */
	expect_status(r, 200);
	assert_int_equal(json_array_size(jget(r->json, "items")), 1);
	assert_string_equal(jstr(r->json, "items.0.username"), "list_wang");
	/* no match */
	r = http_get(a, "/api/v1/users?q=zzz_nobody_zzz");
	expect_status(r, 200);
	assert_int_equal(json_array_size(jget(r->json, "items")), 0);
	assert_true(json_is_null(json_object_get(r->json, "next")));
}

static void test_list_users_query_is_literal(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	/* %, _ and quotes are searched for, not interpreted */
	static const char *const qs[] = {
		"/api/v1/users?q=%25",		  /* % */
		"/api/v1/users?q=a%25n",	  /* a%n */
		"/api/v1/users?q=%27%20OR%201%3D1%20--", /* ' OR 1=1 -- */
		"/api/v1/users?q=%22",		  /* " */
		"/api/v1/users?q=ad_in",
	};
	for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
		http_resp *r = http_get(a, qs[i]);
		expect_status(r, 200);
		if (json_array_size(jget(r->json, "items")) != 0)
			fail_msg("GET %s matched %zu users; none has that text",
				 qs[i], json_array_size(jget(r->json, "items")));
	}
}

static void test_list_users_limits(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	http_resp *r = http_get(a, "/api/v1/users?limit=1");
	expect_status(r, 200);
	assert_int_equal(json_array_size(jget(r->json, "items")), 1);
	assert_non_null(jstr(r->json, "next"));
	r = http_get(a, "/api/v1/users?limit=500");
	expect_status(r, 200);
	/* over the maximum: refused, or capped at 500 */
	r = http_get(a, "/api/v1/users?limit=501");
	if (r->status == 200)
		assert_true(json_array_size(jget(r->json, "items")) <= 500);
	else
		expect_field(r, "limit");
	r = http_get(a, "/api/v1/users?limit=abc");
	if (r->status == 400)
		expect_error(r, 400, "bad_request");
	else
		expect_field(r, "limit");
	/* a search longer than 50 characters */
	expect_field(http_get(a, "/api/v1/users?q=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab"), "q");
	assert_int_equal(count_items(a, "/api/v1/users?q=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), 0);
	/* a cursor the server did not make */
	r = http_get(a, "/api/v1/users?after=not-a-cursor%21");
	if (r->status == 400)
		expect_error(r, 400, "bad_request");
	else
		expect_field(r, "after");
}

static void test_list_users_pagination(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	char name[32];
	for (int i = 1; i <= 5; i++) {
		snprintf(name, sizeof name, "page_u%d", i);
		create_user(a, name, "Passw0rd!", "agent");
	}
	json_int_t seen[16];
	size_t nseen = 0;
	char *after = NULL;
	int pages = 0;
	for (;;) {
		char *path;
		if (after) {
			char *e = curl_easy_escape(a->curl, after, 0);
			path = srv_own(s, xasprintf("/api/v1/users?q=page_u&limit=2&after=%s", e));
			curl_free(e);
		} else {
			path = "/api/v1/users?q=page_u&limit=2";
		}
		http_resp *r = http_get(a, path);
		expect_status(r, 200);
		json_t *items = jget(r->json, "items");
		assert_true(json_array_size(items) <= 2);
		size_t i;
		json_t *it;
		json_array_foreach(items, i, it)
		{
			json_int_t id = jint(it, "id");
			for (size_t k = 0; k < nseen; k++)
				assert_true(seen[k] != id);
			assert_true(nseen < 16);
			seen[nseen++] = id;
		}
		pages++;
		assert_true(pages <= 5);
		const char *next = jstr(r->json, "next");
		if (!next) {
			assert_true(json_is_null(json_object_get(r->json, "next")));
			break;
		}
		assert_int_equal(json_array_size(items), 2);
		after = srv_own(s, strdup(next));
	}
	assert_int_equal(nseen, 5);
	assert_true(pages >= 3);
}

static void test_get_unknown_user(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	expect_error(http_get(a, "/api/v1/users/999999"), 404, "not_found");
	http_resp *r = http_pack(a, "PATCH", "/api/v1/users/999999", "{s:i,s:s}",
				 "version", 1, "display_name", "无人");
	expect_error(r, 404, "not_found");
}

static void test_patch_user(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	json_int_t id = create_user(a, "patch_me", "Passw0rd!", "agent");
	json_int_t tid = team_id(a, AGENT_TEAM);
	json_t *u = get_user(a, id);
	json_int_t v = jint(u, "version");
	http_resp *r = http_pack(a, "PATCH", user_path(s, id),
				 "{s:I,s:s,s:i,s:I}", "version", v,
				 "display_name", "改过的名字", "level", 3,
				 "team_id", tid);
	expect_status(r, 200);
	assert_string_equal(jstr(r->json, "display_name"), "改过的名字");
	assert_int_equal(jint(r->json, "level"), 3);
	assert_int_equal(jint(r->json, "team.id"), tid);
	assert_true(jint(r->json, "version") > v);
	assert_true(rfc3339_ms(jstr(r->json, "updated_at")) >=
		    rfc3339_ms(jstr(r->json, "created_at")));
	json_t *g = get_user(a, id);
	assert_string_equal(jstr(g, "display_name"), "改过的名字");
	assert_int_equal(jint(g, "version"), jint(r->json, "version"));
	/* team_id null removes the team */
	r = http_pack(a, "PATCH", user_path(s, id), "{s:I,s:n}", "version",
		      (json_int_t)jint(g, "version"), "team_id");
	expect_status(r, 200);
	assert_true(json_is_null(json_object_get(r->json, "team")));
}

static void test_patch_stale_version(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	json_int_t id = create_user(a, "stale_v", "Passw0rd!", "agent");
	json_int_t v1 = jint(get_user(a, id), "version");
	http_resp *r = http_pack(a, "PATCH", user_path(s, id), "{s:I,s:s}",
				 "version", v1, "display_name", "第一次");
	expect_status(r, 200);
	json_int_t v2 = jint(r->json, "version");
	assert_true(v2 > v1);
	/* someone else still holds v1 */
	r = http_pack(a, "PATCH", user_path(s, id), "{s:I,s:s,s:i,s:b}",
		      "version", v1, "display_name", "第二次", "level", 9,
		      "disabled", 1);
	expect_error(r, 409, "version_conflict");
	json_t *g = get_user(a, id);
	assert_string_equal(jstr(g, "display_name"), "第一次");
	assert_int_equal(jint(g, "version"), v2);
	assert_int_equal(jint(g, "level"), 1);
	assert_true(json_is_false(jget(g, "disabled")));
	/* a version from the future is just as wrong */
	r = http_pack(a, "PATCH", user_path(s, id), "{s:I,s:s}", "version",
		      v2 + 100, "display_name", "未来");
	expect_error(r, 409, "version_conflict");
	assert_string_equal(jstr(get_user(a, id), "display_name"), "第一次");
}

static void test_patch_validation(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	json_int_t id = create_user(a, "patch_bad", "Passw0rd!", "agent");
	json_t *u = get_user(a, id);
	json_int_t v = jint(u, "version");
	const char *path = user_path(s, id);
	expect_field(http_pack(a, "PATCH", path, "{s:s}", "display_name", "无版本"),
		     "version");
	expect_field(http_pack(a, "PATCH", path, "{s:I,s:s}", "version", v,
			       "nickname", "x"),
		     "nickname");
	expect_field(http_pack(a, "PATCH", path, "{s:I,s:s}", "version", v,
			       "level", "high"),
		     "level");
	expect_field(http_pack(a, "PATCH", path, "{s:I,s:[s]}", "version", v,
			       "roles", "emperor"),
		     "roles");
	expect_field(http_pack(a, "PATCH", path, "{s:I,s:s}", "version", v,
			       "disabled", "yes"),
		     "disabled");
	expect_field(http_pack(a, "PATCH", path, "{s:I,s:s}", "version", v,
			       "username", "renamed"),
		     "username");
	json_t *g = get_user(a, id);
	assert_int_equal(jint(g, "version"), v);
	assert_string_equal(jstr(g, "username"), "patch_bad");
	assert_true(jarray_has_str(jget(g, "roles"), "agent"));
}

static void test_disable_user(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	json_int_t id = create_user(a, "to_disable", "Passw0rd!", "agent");
	gx_client *u = client_signed_in(s, "to_disable", "Passw0rd!");
	http_resp *r = http_pack(u, "POST", "/api/v1/tokens", "{s:s}", "name",
				 "mine");
	expect_status(r, 201);
	gx_client *ut = client_new(s);
	client_set_bearer(ut, jstr(r->json, "token"));
	expect_status(http_get(ut, "/api/v1/users/me"), 200);
	expect_status(http_get(u, "/api/v1/users/me"), 200);

	json_int_t v = jint(get_user(a, id), "version");
	r = http_pack(a, "PATCH", user_path(s, id), "{s:I,s:b}", "version", v,
		      "disabled", 1);
	expect_status(r, 200);
	assert_true(json_is_true(jget(r->json, "disabled")));

	/* the live session ends, the token stops working */
	expect_error(http_get(u, "/api/v1/users/me"), 401, "unauthenticated");
	expect_error(http_get(ut, "/api/v1/users/me"), 401, "unauthenticated");
	/* and signing in is refused */
	gx_client *c = client_new(s);
	expect_error(sign_in(c, "to_disable", "Passw0rd!"), 403,
		     "account_disabled");
	expect_error(http_get(c, "/api/v1/users/me"), 401, "unauthenticated");
	assert_true(json_is_true(jget(get_user(a, id), "disabled")));

	/* enabling again lets the user sign in */
	v = jint(get_user(a, id), "version");
	r = http_pack(a, "PATCH", user_path(s, id), "{s:I,s:b}", "version", v,
		      "disabled", 0);
	expect_status(r, 200);
	assert_true(json_is_false(jget(r->json, "disabled")));
	expect_status(sign_in(c, "to_disable", "Passw0rd!"), 200);
}

static void test_role_change_reflected(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	json_int_t id = create_user(a, "promote_me", "Passw0rd!", "agent");
	gx_client *u = client_signed_in(s, "promote_me", "Passw0rd!");
	http_resp *r = http_get(u, "/api/v1/users/me");
	expect_status(r, 200);
	assert_false(jarray_has_str(jget(r->json, "permissions"), "user.manage"));
	expect_error(http_get(u, "/api/v1/users"), 403, "forbidden");

	json_int_t v = jint(get_user(a, id), "version");
	r = http_pack(a, "PATCH", user_path(s, id), "{s:I,s:[s]}", "version", v,
		      "roles", "admin");
	expect_status(r, 200);
	assert_true(jarray_has_str(jget(r->json, "roles"), "admin"));
	assert_false(jarray_has_str(jget(r->json, "roles"), "agent"));

	/* the same live session now has the new permissions */
	r = http_get(u, "/api/v1/users/me");
	expect_status(r, 200);
	assert_true(jarray_has_str(jget(r->json, "roles"), "admin"));
	assert_true(jarray_has_str(jget(r->json, "permissions"), "user.manage"));
	assert_true(jarray_has_str(jget(r->json, "permissions"), "user.read"));
	expect_status(http_get(u, "/api/v1/users"), 200);

	/* and losing the role takes effect at once */
	v = jint(get_user(a, id), "version");
	r = http_pack(a, "PATCH", user_path(s, id), "{s:I,s:[s]}", "version", v,
		      "roles", "agent");
	expect_status(r, 200);
	r = http_get(u, "/api/v1/users/me");
	expect_status(r, 200);
	assert_false(jarray_has_str(jget(r->json, "permissions"), "user.manage"));
	expect_error(http_get(u, "/api/v1/users"), 403, "forbidden");
}

static void test_agent_forbidden(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	json_int_t sup = find_user_id(a, SUP_USER);
	json_t *before = get_user(a, sup);
	json_int_t v = jint(before, "version");

	expect_error(http_get(g, "/api/v1/users"), 403, "forbidden");
	expect_error(http_get(g, user_path(s, sup)), 403, "forbidden");
	http_resp *r = http_pack(g, "POST", "/api/v1/users",
				 "{s:s,s:s,s:s,s:[s],s:n,s:i}", "username",
				 "agent_made", "display_name", "坐席建的",
				 "password", "Passw0rd!", "roles", "admin",
				 "team_id", "level", 1);
	expect_error(r, 403, "forbidden");
	assert_int_equal(count_users(a, "agent_made"), 0);
	r = http_pack(g, "PATCH", user_path(s, sup), "{s:I,s:b}", "version", v,
		      "disabled", 1);
	expect_error(r, 403, "forbidden");
	json_t *after = get_user(a, sup);
	assert_true(json_is_false(jget(after, "disabled")));
	assert_int_equal(jint(after, "version"), v);
	/* the agent cannot promote itself either */
	json_int_t me = find_user_id(a, AGENT_USER);
	json_int_t mv = jint(get_user(a, me), "version");
	r = http_pack(g, "PATCH", user_path(s, me), "{s:I,s:[s]}", "version",
		      mv, "roles", "admin");
	expect_error(r, 403, "forbidden");
	assert_false(jarray_has_str(jget(get_user(a, me), "roles"), "admin"));

	/* the administrator can do all of it */
	expect_status(http_get(a, "/api/v1/users"), 200);
	create_user(a, "admin_made", "Passw0rd!", "agent");
}

/* One answer names every bad field, whether the fault is a type, a length
 * or a rule of the domain, and nothing is created. */
static void test_create_user_reports_every_bad_field_at_once(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	const char *const bad[] = {"username", "display_name", "password", "roles",
				   "level", "extra"};
	int before = count_users(a, "");
	http_resp *r = http_do(a, "POST", "/api/v1/users",
		"{\"username\":\"a b\",\"display_name\":\"\",\"password\":\"x\","
		"\"roles\":[\"boss\"],\"level\":\"3\",\"extra\":1}", NULL);

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		expect_field(r, bad[i]);
	assert_int_equal(count_users(a, ""), before);
}

int run_users_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_user),
		cmocka_unit_test(test_create_user_boundaries),
		cmocka_unit_test(test_create_user_duplicate),
		cmocka_unit_test(test_create_user_validation),
		cmocka_unit_test(test_create_user_reports_every_bad_field_at_once),
		cmocka_unit_test(test_list_users),
		cmocka_unit_test(test_list_users_pagination),
		cmocka_unit_test(test_list_users_query_is_literal),
		cmocka_unit_test(test_list_users_limits),
		cmocka_unit_test(test_get_unknown_user),
		cmocka_unit_test(test_patch_user),
		cmocka_unit_test(test_patch_stale_version),
		cmocka_unit_test(test_patch_validation),
		cmocka_unit_test(test_disable_user),
		cmocka_unit_test(test_role_change_reflected),
		cmocka_unit_test(test_agent_forbidden),
	};
	return cmocka_run_group_tests_name("users", tests, gx_group_setup,
					   gx_group_teardown);
}
