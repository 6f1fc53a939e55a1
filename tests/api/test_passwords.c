/* Changing one's password; password resets by token. */
#include "harness.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void test_change_password_wrong_current(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	create_user(a, "pw_wrong", "OldPassw0rd", "agent");
	gx_client *u = client_signed_in(s, "pw_wrong", "OldPassw0rd");
	http_resp *r = http_pack(u, "POST", "/api/v1/users/me/password",
				 "{s:s,s:s}", "current_password", "NotMine123",
				 "new_password", "NewPassw0rd");
	expect_error(r, 422, "validation_failed");
	/* nothing changed */
	expect_status(http_get(u, "/api/v1/users/me"), 200);
	gx_client *c = client_new(s);
	expect_error(sign_in(c, "pw_wrong", "NewPassw0rd"), 401,
		     "bad_credentials");
	expect_status(sign_in(c, "pw_wrong", "OldPassw0rd"), 200);
}

static void test_change_password_too_short(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	create_user(a, "pw_short", "OldPassw0rd", "agent");
	gx_client *u = client_signed_in(s, "pw_short", "OldPassw0rd");
	http_resp *r = http_pack(u, "POST", "/api/v1/users/me/password",
				 "{s:s,s:s}", "current_password", "OldPassw0rd",
				 "new_password", "1234567");
	expect_field(r, "new_password");
	expect_field(http_pack(u, "POST", "/api/v1/users/me/password", "{s:s}",
			       "current_password", "OldPassw0rd"),
		     "new_password");
	/* 7 characters, even if 21 bytes of UTF-8, is too short */
	expect_field(http_pack(u, "POST", "/api/v1/users/me/password",
			       "{s:s,s:s}", "current_password", "OldPassw0rd",
			       "new_password", "密码密码密码密"),
		     "new_password");
	expect_field(http_pack(u, "POST", "/api/v1/users/me/password",
			       "{s:s,s:s,s:s}", "current_password",
			       "OldPassw0rd", "new_password", "NewPassw0rd",
			       "confirm", "NewPassw0rd"),
		     "confirm");
	gx_client *c = client_new(s);
	expect_error(sign_in(c, "pw_short", "1234567"), 401, "bad_credentials");
	expect_status(sign_in(c, "pw_short", "OldPassw0rd"), 200);
	/* and the CSRF rule applies */
	r = http_req(u, &(http_opts){
		.method = "POST",
		.path = "/api/v1/users/me/password",
		.body = "{\"current_password\":\"OldPassw0rd\",\"new_password\":\"NewPassw0rd\"}",
		.no_csrf = true });
	expect_error(r, 403, "csrf_failed");
	expect_error(sign_in(client_new(s), "pw_short", "NewPassw0rd"), 401,
		     "bad_credentials");
}

static void test_change_password(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	create_user(a, "pw_change", "OldPassw0rd", "agent");
	gx_client *u1 = client_signed_in(s, "pw_change", "OldPassw0rd");
	gx_client *u2 = client_signed_in(s, "pw_change", "OldPassw0rd");
	http_resp *r = http_pack(u1, "POST", "/api/v1/users/me/password",
				 "{s:s,s:s}", "current_password", "OldPassw0rd",
				 "new_password", "新密码NewPassw0rd");
	expect_status(r, 204);
	/* this session goes on, the other one ended */
	expect_status(http_get(u1, "/api/v1/users/me"), 200);
	expect_error(http_get(u2, "/api/v1/users/me"), 401, "unauthenticated");
	gx_client *c = client_new(s);
	expect_error(sign_in(c, "pw_change", "OldPassw0rd"), 401,
		     "bad_credentials");
	expect_status(sign_in(c, "pw_change", "新密码NewPassw0rd"), 200);
}

static json_int_t issue_reset(gx_client *a, json_int_t id, char **token)
{
	char *path = srv_own(a->srv, xasprintf("/api/v1/users/%lld/reset-token",
					       (long long)id));
	http_resp *r = http_do(a, "POST", path, NULL, NULL);
	expect_status(r, 201);
	const char *t = jstr(r->json, "token");
	assert_non_null(t);
	assert_true(strlen(t) >= 16);
	const char *exp = jstr(r->json, "expires_at");
	assert_true(is_rfc3339_ms(exp));
	*token = srv_own(a->srv, strdup(t));
	return rfc3339_ms(exp);
}

static http_resp *reset(gx_server *s, const char *token, const char *pw)
{
	return http_pack(client_new(s), "POST", "/api/v1/password-resets",
			 "{s:s,s:s}", "token", token, "new_password", pw);
}

static void test_reset_token_by_admin(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	json_int_t id = create_user(a, "pw_reset", "OldPassw0rd", "agent");
	char *tok;
	long long exp = issue_reset(a, id, &tok);
	/* valid for 24 hours */
	long long now = (long long)time(NULL) * 1000;
	assert_true(exp > now + 24 * MS_HOUR - 5 * MS_MINUTE);
	assert_true(exp < now + 24 * MS_HOUR + 5 * MS_MINUTE);
	/* shown once: the token is not stored in clear */
	if (db_contains(s->db, tok))
		fail_msg("the reset token is stored in clear");

	expect_status(reset(s, tok, "Reset-Passw0rd"), 204);
	gx_client *c = client_new(s);
	expect_error(sign_in(c, "pw_reset", "OldPassw0rd"), 401,
		     "bad_credentials");
	expect_status(sign_in(c, "pw_reset", "Reset-Passw0rd"), 200);
	/* one-time */
	http_resp *r = reset(s, tok, "Second-Passw0rd");
	expect_field(r, "token");
	expect_error(sign_in(client_new(s), "pw_reset", "Second-Passw0rd"), 401,
		     "bad_credentials");
}

static char *trim(char *s)
{
	if (!s)
		return NULL;
	while (isspace((unsigned char)*s))
		memmove(s, s + 1, strlen(s));
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

static void test_reset_token_by_cli(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	create_user(a, "pw_cli", "OldPassw0rd", "agent");
	char *out = NULL, *err = NULL;
	int rc = run_cli(s, NULL, &out, &err,
			 (const char *const[]){ "user", "reset-token", "--db",
						s->db, "--username", "pw_cli",
						NULL });
	srv_own(s, out);
	srv_own(s, err);
	if (rc != 0)
		fail_msg("guanxi user reset-token exited %d: %s", rc,
			 err ? err : "");
	char *tok = trim(out);
	assert_non_null(tok);
	assert_true(strlen(tok) >= 16);
	assert_null(strchr(tok, '\n'));

	expect_status(reset(s, tok, "Cli-Passw0rd"), 204);
	expect_status(sign_in(client_new(s), "pw_cli", "Cli-Passw0rd"), 200);
	expect_field(reset(s, tok, "Again-Passw0rd"), "token");

	/* an unknown user is an error */
	rc = run_cli(s, NULL, NULL, NULL,
		     (const char *const[]){ "user", "reset-token", "--db", s->db,
					    "--username", "no_such_user", NULL });
	assert_true(rc != 0);
}

static void test_reset_bad_requests(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	json_int_t id = create_user(a, "pw_bad", "OldPassw0rd", "agent");
	expect_field(reset(s, "not-a-real-token-0123456789", "Whatever123"),
		     "token");
	expect_field(reset(s, "", "Whatever123"), "token");

	char *tok;
	issue_reset(a, id, &tok);
	/* too short a password: refused, and the token is not used up */
	expect_field(reset(s, tok, "short"), "new_password");
	expect_field(reset(s, tok, "密码密码密码密"), "new_password");
	expect_field(http_pack(client_new(s), "POST", "/api/v1/password-resets",
			       "{s:s,s:s,s:s}", "token", tok, "new_password",
			       "Whatever-123", "username", "pw_bad"),
		     "username");
	expect_field(http_pack(client_new(s), "POST", "/api/v1/password-resets",
			       "{s:s}", "token", tok),
		     "new_password");
	expect_status(reset(s, tok, "Finally-Passw0rd"), 204);
	expect_status(sign_in(client_new(s), "pw_bad", "Finally-Passw0rd"), 200);
}

static void test_reset_token_needs_permission(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	json_int_t admin_id = find_user_id(a, ADMIN_USER);
	char *path = srv_own(s, xasprintf("/api/v1/users/%lld/reset-token",
					  (long long)admin_id));
	http_resp *r = http_do(g, "POST", path, NULL, NULL);
	expect_error(r, 403, "forbidden");
	assert_null(jget(r->json, "token"));
	expect_error(http_do(client_new(s), "POST", path, NULL, NULL), 401,
		     "unauthenticated");
	expect_error(http_do(a, "POST", "/api/v1/users/999999/reset-token",
			     NULL, NULL),
		     404, "not_found");
}

int run_passwords_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_change_password_wrong_current),
		cmocka_unit_test(test_change_password_too_short),
		cmocka_unit_test(test_change_password),
		cmocka_unit_test(test_reset_token_by_admin),
		cmocka_unit_test(test_reset_token_by_cli),
		cmocka_unit_test(test_reset_bad_requests),
		cmocka_unit_test(test_reset_token_needs_permission),
	};
	return cmocka_run_group_tests_name("passwords", tests, gx_group_setup,
					   gx_group_teardown);
}
