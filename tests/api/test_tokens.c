/* API tokens (Authorization: Bearer gx_…). */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

static json_t *find_id(json_t *items, json_int_t id)
{
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		if (jint(it, "id") == id)
			return it;
	}
	return NULL;
}

static void test_token_create_shown_once(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	http_resp *r = http_pack(a, "POST", "/api/v1/tokens", "{s:s}", "name",
				 "PBX");
	expect_status(r, 201);
	json_int_t id = jint(r->json, "id");
	assert_true(id > 0);
	assert_string_equal(jstr(r->json, "name"), "PBX");
	const char *tok = jstr(r->json, "token");
	assert_non_null(tok);
	assert_true(strncmp(tok, "gx_", 3) == 0);
	assert_true(strlen(tok) >= 3 + 20);
	assert_true(is_rfc3339_ms(jstr(r->json, "created_at")));

	r = http_get(a, "/api/v1/tokens");
	expect_status(r, 200);
	json_t *it = find_id(jget(r->json, "items"), id);
	if (!it)
		fail_msg("token %lld not listed: %s", (long long)id, r->body);
	assert_string_equal(jstr(it, "name"), "PBX");
	assert_null(json_object_get(it, "token"));
	if (strstr(r->body, tok))
		fail_msg("GET /tokens reveals the secret");
	/* a second token is a different secret */
	http_resp *r2 = http_pack(a, "POST", "/api/v1/tokens", "{s:s}", "name",
				  "CTI");
	expect_status(r2, 201);
	assert_string_not_equal(jstr(r2->json, "token"), tok);
	assert_true(jint(r2->json, "id") != id);
}

static void test_secrets_not_stored_in_clear(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	http_resp *r = http_pack(a, "POST", "/api/v1/tokens", "{s:s}", "name",
				 "stored-hashed");
	expect_status(r, 201);
	const char *tok = jstr(r->json, "token");
	assert_non_null(tok);
	if (db_contains(s->db, tok))
		fail_msg("the token secret is stored in clear in %s", s->db);
	if (db_contains(s->db, tok + 3))
		fail_msg("the token secret (without gx_) is stored in clear");
	if (db_contains(s->db, ADMIN_PASS))
		fail_msg("the admin password is stored in clear");
	if (db_contains(s->db, AGENT_PASS))
		fail_msg("agent1's password is stored in clear");
}

static void test_bearer_works(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	http_resp *r = http_pack(a, "POST", "/api/v1/tokens", "{s:s}", "name",
				 "integration");
	expect_status(r, 201);
	gx_client *b = client_new(s);
	client_set_bearer(b, jstr(r->json, "token"));
	r = http_get(b, "/api/v1/users/me");
	expect_status(r, 200);
	assert_string_equal(jstr(r->json, "username"), ADMIN_USER);
	/* unsafe methods need no CSRF token with a bearer token */
	r = http_pack(b, "POST", "/api/v1/users", "{s:s,s:s,s:s,s:[s],s:n,s:i}",
		      "username", "via_token", "display_name", "接口创建",
		      "password", "Passw0rd!", "roles", "agent", "team_id",
		      "level", 1);
	expect_status(r, 201);
	assert_int_equal(count_users(a, "via_token"), 1);
	/* a bearer request sets no session cookie */
	assert_null(srv_own(s, client_cookie(b, "gx_session")));
}

static void test_token_revoke(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	http_resp *r = http_pack(a, "POST", "/api/v1/tokens", "{s:s}", "name",
				 "to-revoke");
	expect_status(r, 201);
	json_int_t id = jint(r->json, "id");
	gx_client *b = client_new(s);
	client_set_bearer(b, jstr(r->json, "token"));
	expect_status(http_get(b, "/api/v1/users/me"), 200);

	char *path = srv_own(s, xasprintf("/api/v1/tokens/%lld", (long long)id));
	/* revoking is an unsafe request: CSRF applies */
	expect_error(http_req(a, &(http_opts){ .method = "DELETE",
					       .path = path,
					       .no_csrf = true }),
		     403, "csrf_failed");
	expect_status(http_get(b, "/api/v1/users/me"), 200);

	expect_status(http_do(a, "DELETE", path, NULL, NULL), 204);
	expect_error(http_get(b, "/api/v1/users/me"), 401, "unauthenticated");
	expect_error(http_pack(b, "POST", "/api/v1/tokens", "{}"), 401,
		     "unauthenticated");
	r = http_get(a, "/api/v1/tokens");
	expect_status(r, 200);
	assert_null(find_id(jget(r->json, "items"), id));
	/* a second revoke finds nothing */
	expect_error(http_do(a, "DELETE", path, NULL, NULL), 404, "not_found");
}

static void test_bad_bearer(void **state)
{
	gx_server *s = state_server(state);
	gx_client *b = client_new(s);
	client_set_bearer(b, "garbage");
	expect_error(http_get(b, "/api/v1/users/me"), 401, "unauthenticated");
	client_set_bearer(b, "gx_0000000000000000000000000000000000000000");
	expect_error(http_get(b, "/api/v1/users/me"), 401, "unauthenticated");
	expect_error(http_pack(b, "POST", "/api/v1/users", "{}"), 401,
		     "unauthenticated");
	/* a session cookie value is not an API token */
	gx_client *a = client_signed_in(s, SUP_USER, SUP_PASS);
	char *cookie = srv_own(s, client_cookie(a, "gx_session"));
	assert_non_null(cookie);
	client_set_bearer(b, cookie);
	expect_error(http_get(b, "/api/v1/users/me"), 401, "unauthenticated");
	client_set_bearer(b, NULL);
	expect_error(http_req(b, &(http_opts){
				     .path = "/api/v1/users/me",
				     .headers = { "Authorization: Basic YWRtaW46QWRtaW5AMTIzNDU=" } }),
		     401, "unauthenticated");
}

static void test_token_name_optional(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, SUP_USER, SUP_PASS);
	http_resp *r = http_pack(a, "POST", "/api/v1/tokens", "{}");
	expect_status(r, 201);
	assert_true(jint(r->json, "id") > 0);
	const char *tok = jstr(r->json, "token");
	assert_non_null(tok);
	assert_true(strncmp(tok, "gx_", 3) == 0);
	gx_client *b = client_new(s);
	client_set_bearer(b, tok);
	r = http_get(b, "/api/v1/users/me");
	expect_status(r, 200);
	assert_string_equal(jstr(r->json, "username"), SUP_USER);
	/* unknown keys are refused */
	expect_field(http_pack(a, "POST", "/api/v1/tokens", "{s:s,s:s}", "name",
			       "x", "scope", "all"),
		     "scope");
}

static void test_tokens_are_private(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	http_resp *r = http_pack(a, "POST", "/api/v1/tokens", "{s:s}", "name",
				 "admin-only");
	expect_status(r, 201);
	json_int_t id = jint(r->json, "id");
	gx_client *b = client_new(s);
	client_set_bearer(b, jstr(r->json, "token"));

	r = http_get(g, "/api/v1/tokens");
	expect_status(r, 200);
	assert_null(find_id(jget(r->json, "items"), id));
	char *path = srv_own(s, xasprintf("/api/v1/tokens/%lld", (long long)id));
	r = http_do(g, "DELETE", path, NULL, NULL);
	if (r->status != 404 && r->status != 403)
		fail_msg("agent revoking the admin's token got HTTP %ld, "
			 "expected 404 or 403", r->status);
	expect_status(http_get(b, "/api/v1/users/me"), 200);

	/* a token carries its owner's permissions, no more */
	r = http_pack(g, "POST", "/api/v1/tokens", "{s:s}", "name", "agent");
	expect_status(r, 201);
	gx_client *gb = client_new(s);
	client_set_bearer(gb, jstr(r->json, "token"));
	expect_error(http_get(gb, "/api/v1/users"), 403, "forbidden");
	expect_status(http_get(b, "/api/v1/users"), 200);
}

static void test_tokens_need_sign_in(void **state)
{
	gx_server *s = state_server(state);
	gx_client *c = client_new(s);
	expect_error(http_pack(c, "POST", "/api/v1/tokens", "{s:s}", "name",
			       "anon"),
		     401, "unauthenticated");
	expect_error(http_get(c, "/api/v1/tokens"), 401, "unauthenticated");
}

int run_tokens_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_token_create_shown_once),
		cmocka_unit_test(test_secrets_not_stored_in_clear),
		cmocka_unit_test(test_bearer_works),
		cmocka_unit_test(test_token_revoke),
		cmocka_unit_test(test_bad_bearer),
		cmocka_unit_test(test_token_name_optional),
		cmocka_unit_test(test_tokens_are_private),
		cmocka_unit_test(test_tokens_need_sign_in),
	};
	return cmocka_run_group_tests_name("tokens", tests, gx_group_setup,
					   gx_group_teardown);
}
