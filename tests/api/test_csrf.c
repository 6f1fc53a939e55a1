/* CSRF protection of cookie sessions. */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

static http_resp *post_user(gx_client *c, const char *username,
			    const http_opts *tmpl)
{
	json_t *j = json_pack("{s:s,s:s,s:s,s:[s],s:n,s:i}", "username",
			      username, "display_name", "跨站测试", "password",
			      "Passw0rd!", "roles", "agent", "team_id", "level",
			      1);
	char *body = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	http_opts o = *tmpl;
	o.method = "POST";
	o.path = "/api/v1/users";
	o.body = body;
	http_resp *r = http_req(c, &o);
	free(body);
	return r;
}

static void test_post_without_csrf_refused(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	http_resp *r = post_user(a, "csrf_none", &(http_opts){ .no_csrf = true });
	expect_error(r, 403, "csrf_failed");
	assert_int_equal(count_users(a, "csrf_none"), 0);
	/* the same request with the token works */
	r = post_user(a, "csrf_none", &(http_opts){ 0 });
	expect_status(r, 201);
	assert_int_equal(count_users(a, "csrf_none"), 1);
}

static void test_post_wrong_csrf_refused(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	http_resp *r = post_user(
		a, "csrf_wrong",
		&(http_opts){ .headers = { "X-CSRF-Token: 0123456789abcdef0123456789abcdef" } });
	expect_error(r, 403, "csrf_failed");
	r = post_user(a, "csrf_wrong",
		      &(http_opts){ .headers = { "X-CSRF-Token;" } });
	expect_error(r, 403, "csrf_failed");
	assert_int_equal(count_users(a, "csrf_wrong"), 0);
}

static void test_csrf_of_other_session_refused(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *b = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	assert_string_not_equal(a->csrf, b->csrf);
	char *h = srv_own(s, xasprintf("X-CSRF-Token: %s", b->csrf));
	http_resp *r = post_user(a, "csrf_other", &(http_opts){ .headers = { h } });
	expect_error(r, 403, "csrf_failed");
	assert_int_equal(count_users(a, "csrf_other"), 0);
}

static void test_patch_without_csrf_changes_nothing(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	json_int_t id = find_user_id(a, SUP_USER);
	json_t *before = get_user(a, id);
	json_int_t version = jint(before, "version");
	const char *name = jstr(before, "display_name");
	assert_non_null(name);
	char *path = srv_own(s, xasprintf("/api/v1/users/%lld", (long long)id));
	json_t *j = json_pack("{s:I,s:s}", "version", version, "display_name",
			      "被篡改");
	char *body = srv_own(s, json_dumps(j, JSON_COMPACT));
	json_decref(j);
	http_resp *r = http_req(a, &(http_opts){ .method = "PATCH",
						 .path = path,
						 .body = body,
						 .no_csrf = true });
	expect_error(r, 403, "csrf_failed");
	json_t *after = get_user(a, id);
	assert_string_equal(jstr(after, "display_name"), name);
	assert_int_equal(jint(after, "version"), version);
}

static void test_sign_out_without_csrf_refused(void **state)
{
	gx_server *s = state_server(state);
	gx_client *c = client_signed_in(s, SUP_USER, SUP_PASS);
	http_resp *r = http_req(c, &(http_opts){ .method = "DELETE",
						 .path = "/api/v1/session",
						 .no_csrf = true });
	expect_error(r, 403, "csrf_failed");
	expect_status(http_get(c, "/api/v1/users/me"), 200);
}

static void test_get_needs_no_csrf(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	expect_status(http_req(a, &(http_opts){ .path = "/api/v1/users",
						.no_csrf = true }),
		      200);
	expect_status(http_req(a, &(http_opts){ .path = "/api/v1/users/me",
						.no_csrf = true }),
		      200);
}

static void test_bearer_needs_no_csrf(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	http_resp *r = http_pack(a, "POST", "/api/v1/tokens", "{s:s}", "name",
				 "csrf-test");
	expect_status(r, 201);
	const char *tok = jstr(r->json, "token");
	assert_non_null(tok);
	gx_client *b = client_new(s);
	client_set_bearer(b, tok);
	r = post_user(b, "csrf_bearer", &(http_opts){ 0 });
	expect_status(r, 201);
	assert_int_equal(count_users(a, "csrf_bearer"), 1);
}

int run_csrf_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_post_without_csrf_refused),
		cmocka_unit_test(test_post_wrong_csrf_refused),
		cmocka_unit_test(test_csrf_of_other_session_refused),
		cmocka_unit_test(test_patch_without_csrf_changes_nothing),
		cmocka_unit_test(test_sign_out_without_csrf_refused),
		cmocka_unit_test(test_get_needs_no_csrf),
		cmocka_unit_test(test_bearer_needs_no_csrf),
	};
	return cmocka_run_group_tests_name("csrf", tests, gx_group_setup,
					   gx_group_teardown);
}
