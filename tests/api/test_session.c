/* Signing in and out with the session cookie; GET /users/me. */
#include "harness.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* true if the Set-Cookie value has attribute attr (case-insensitive), e.g.
 * "HttpOnly", "SameSite=Strict", "Path=/". */
static bool cookie_has_attr(const char *set_cookie, const char *attr)
{
	size_t al = strlen(attr);
	const char *p = strchr(set_cookie, ';');
	while (p) {
		p++;
		while (*p == ' ')
			p++;
		const char *end = strchr(p, ';');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		while (len && p[len - 1] == ' ')
			len--;
		if (len == al && strncasecmp(p, attr, al) == 0)
			return true;
		p = end;
	}
	return false;
}

static const char *session_set_cookie(const http_resp *r)
{
	for (size_t i = 0;; i++) {
		const char *v = resp_header_nth(r, "Set-Cookie", i);
		if (!v)
			return NULL;
		if (strncmp(v, "gx_session=", 11) == 0)
			return v;
	}
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

static void test_sign_in_sets_cookie(void **state)
{
	gx_server *s = state_server(state);
	gx_client *c = client_new(s);
	http_resp *r = sign_in(c, ADMIN_USER, ADMIN_PASS);
	expect_status(r, 200);
	assert_non_null(jstr(r->json, "user.username"));
	assert_string_equal(jstr(r->json, "user.username"), ADMIN_USER);
	assert_true(jarray_has_str(jget(r->json, "user.roles"), "admin"));
	assert_no_secret_keys(jget(r->json, "user"));
	const char *csrf = jstr(r->json, "csrf_token");
	assert_non_null(csrf);
	assert_true(strlen(csrf) >= 16);

	const char *sc = session_set_cookie(r);
	if (!sc)
		fail_msg("no Set-Cookie: gx_session=… in the sign-in response");
	assert_true(sc[11] != ';' && sc[11] != '\0'); /* non-empty value */
	if (!cookie_has_attr(sc, "HttpOnly"))
		fail_msg("gx_session cookie lacks HttpOnly: %s", sc);
	if (!cookie_has_attr(sc, "SameSite=Strict"))
		fail_msg("gx_session cookie lacks SameSite=Strict: %s", sc);
	if (!cookie_has_attr(sc, "Path=/"))
		fail_msg("gx_session cookie lacks Path=/: %s", sc);

	assert_non_null(srv_own(s, client_cookie(c, "gx_session")));
}

static void test_users_me_admin(void **state)
{
	gx_server *s = state_server(state);
	gx_client *c = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	http_resp *r = http_get(c, "/api/v1/users/me");
	expect_status(r, 200);
	json_t *u = r->json;
	assert_true(jint(u, "id") > 0);
	assert_string_equal(jstr(u, "username"), ADMIN_USER);
	assert_non_null(jstr(u, "display_name"));
	assert_true(json_is_array(jget(u, "roles")));
	assert_true(jarray_has_str(jget(u, "roles"), "admin"));
	json_t *perms = jget(u, "permissions");
	assert_true(json_is_array(perms));
	assert_true(jarray_has_str(perms, "user.read"));
	assert_true(jarray_has_str(perms, "user.manage"));
	assert_true(jarray_has_str(perms, "role.manage"));
	assert_true(jarray_has_str(perms, "audit.read"));
	/* created without --team */
	assert_non_null(json_object_get(u, "team"));
	assert_true(json_is_null(json_object_get(u, "team")));
	assert_true(json_is_integer(jget(u, "level")));
	assert_true(json_is_false(jget(u, "disabled")));
	assert_true(is_rfc3339_ms(jstr(u, "created_at")));
	assert_true(is_rfc3339_ms(jstr(u, "updated_at")));
	assert_true(jint(u, "version") >= 1);
	assert_no_secret_keys(u);
}

static void test_users_me_agent(void **state)
{
	gx_server *s = state_server(state);
	gx_client *c = client_signed_in(s, AGENT_USER, AGENT_PASS);
	http_resp *r = http_get(c, "/api/v1/users/me");
	expect_status(r, 200);
	assert_string_equal(jstr(r->json, "username"), AGENT_USER);
	json_t *roles = jget(r->json, "roles");
	assert_int_equal(json_array_size(roles), 1);
	assert_true(jarray_has_str(roles, "agent"));
	assert_true(jint(r->json, "team.id") > 0);
	assert_non_null(jstr(r->json, "team.name"));
	assert_string_equal(jstr(r->json, "team.name"), AGENT_TEAM);
	assert_false(jarray_has_str(jget(r->json, "permissions"), "user.manage"));
	assert_false(jarray_has_str(jget(r->json, "permissions"), "role.manage"));
}

static void test_get_session(void **state)
{
	gx_server *s = state_server(state);
	gx_client *c = client_new(s);
	http_resp *r = sign_in(c, SUP_USER, SUP_PASS);
	expect_status(r, 200);
	const char *csrf = jstr(r->json, "csrf_token");
	assert_non_null(csrf);
	http_resp *r2 = http_get(c, "/api/v1/session");
	expect_status(r2, 200);
	assert_string_equal(jstr(r2->json, "user.username"), SUP_USER);
	assert_non_null(jstr(r2->json, "csrf_token"));
	assert_string_equal(jstr(r2->json, "csrf_token"), csrf);
}

static void test_no_session(void **state)
{
	gx_server *s = state_server(state);
	gx_client *c = client_new(s);
	expect_error(http_get(c, "/api/v1/users/me"), 401, "unauthenticated");
	expect_error(http_get(c, "/api/v1/session"), 401, "unauthenticated");
	expect_error(http_get(c, "/api/v1/users"), 401, "unauthenticated");
	expect_error(http_get(c, "/api/v1/teams"), 401, "unauthenticated");
	/* a made-up cookie is no session either */
	http_resp *r = http_req(c, &(http_opts){
		.path = "/api/v1/users/me",
		.headers = { "Cookie: gx_session=forged0000000000000000000000" } });
	expect_error(r, 401, "unauthenticated");
}

static void test_wrong_password(void **state)
{
	gx_server *s = state_server(state);
	gx_client *c = client_new(s);
	http_resp *r = sign_in(c, SUP_USER, "not-the-password");
	expect_error(r, 401, "bad_credentials");
	assert_null(session_set_cookie(r));
	assert_null(jget(r->json, "csrf_token"));
	assert_null(srv_own(s, client_cookie(c, "gx_session")));
	expect_error(http_get(c, "/api/v1/users/me"), 401, "unauthenticated");
	/* the right password still works (one failure does not lock) */
	expect_status(sign_in(c, SUP_USER, SUP_PASS), 200);
}

static void test_unknown_user_same_answer(void **state)
{
	gx_server *s = state_server(state);
	gx_client *c = client_new(s);
	http_resp *known = sign_in(c, ADMIN_USER, "wrong-password-1");
	http_resp *unknown = sign_in(c, "nobody_here", "wrong-password-1");
	expect_error(known, 401, "bad_credentials");
	expect_error(unknown, 401, "bad_credentials");
	if (known->body_len != unknown->body_len ||
	    memcmp(known->body, unknown->body, known->body_len) != 0)
		fail_msg("bodies differ: wrong password %s vs unknown user %s",
			 known->body, unknown->body);
}

static void test_sign_in_validation(void **state)
{
	gx_server *s = state_server(state);
	gx_client *c = client_new(s);
	http_resp *r = http_pack(c, "POST", "/api/v1/session", "{s:s}",
				 "username", ADMIN_USER);
	expect_field(r, "password");
	r = http_pack(c, "POST", "/api/v1/session", "{s:i,s:s}", "username",
		      5, "password", ADMIN_PASS);
	expect_field(r, "username");
	r = http_pack(c, "POST", "/api/v1/session", "{s:s,s:s,s:b}", "username",
		      ADMIN_USER, "password", ADMIN_PASS, "remember_me", 1);
	expect_field(r, "remember_me");
	expect_error(http_get(c, "/api/v1/users/me"), 401, "unauthenticated");
}

static void test_sign_out(void **state)
{
	gx_server *s = state_server(state);
	gx_client *c = client_signed_in(s, AGENT_USER, AGENT_PASS);
	char *old = srv_own(s, client_cookie(c, "gx_session"));
	assert_non_null(old);
	char *hdr = srv_own(s, xasprintf("Cookie: gx_session=%s", old));

	http_resp *r = http_do(c, "DELETE", "/api/v1/session", NULL, NULL);
	expect_status(r, 204);
	/* the cookie is cleared in the browser */
	const char *sc = session_set_cookie(r);
	if (!sc)
		fail_msg("sign-out sent no Set-Cookie for gx_session");
	char *left = srv_own(s, client_cookie(c, "gx_session"));
	if (left)
		fail_msg("sign-out did not clear the gx_session cookie "
			 "(Set-Cookie: %s)", sc);
	expect_error(http_get(c, "/api/v1/users/me"), 401, "unauthenticated");

	/* and the old cookie value is dead on the server, too */
	gx_client *thief = client_new(s);
	expect_error(http_req(thief, &(http_opts){ .path = "/api/v1/users/me",
						   .headers = { hdr } }),
		     401, "unauthenticated");
	expect_error(http_req(thief, &(http_opts){ .path = "/api/v1/session",
						   .headers = { hdr } }),
		     401, "unauthenticated");
}

static void test_each_sign_in_is_a_new_session(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, SUP_USER, SUP_PASS);
	gx_client *b = client_signed_in(s, SUP_USER, SUP_PASS);
	char *ca = srv_own(s, client_cookie(a, "gx_session"));
	char *cb = srv_own(s, client_cookie(b, "gx_session"));
	assert_non_null(ca);
	assert_non_null(cb);
	assert_string_not_equal(ca, cb);
	assert_string_not_equal(a->csrf, b->csrf);
	/* signing out of one leaves the other alive */
	expect_status(http_do(a, "DELETE", "/api/v1/session", NULL, NULL), 204);
	expect_error(http_get(a, "/api/v1/users/me"), 401, "unauthenticated");
	expect_status(http_get(b, "/api/v1/users/me"), 200);
}

int run_session_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sign_in_sets_cookie),
		cmocka_unit_test(test_users_me_admin),
		cmocka_unit_test(test_users_me_agent),
		cmocka_unit_test(test_get_session),
		cmocka_unit_test(test_no_session),
		cmocka_unit_test(test_wrong_password),
		cmocka_unit_test(test_unknown_user_same_answer),
		cmocka_unit_test(test_sign_in_validation),
		cmocka_unit_test(test_sign_out),
		cmocka_unit_test(test_each_sign_in_is_a_new_session),
	};
	return cmocka_run_group_tests_name("session", tests, gx_group_setup,
					   gx_group_teardown);
}
