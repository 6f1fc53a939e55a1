/* Rules that depend on time: lockout, session expiry, reset-token expiry.
 * Each test has a server of its own because it moves the clock. */
#include "harness.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static void fail_sign_ins(gx_client *c, const char *user, int n)
{
	for (int i = 0; i < n; i++)
		expect_error(sign_in(c, user, "Wrong-password-1"), 401,
			     "bad_credentials");
}

static bool audit_has(gx_client *admin, const char *action, const char *who)
{
	http_resp *r = http_get(admin, "/api/v1/audit?limit=500");
	expect_status(r, 200);
	size_t i;
	json_t *it;
	json_array_foreach(jget(r->json, "items"), i, it)
	{
		const char *a = jstr(it, "action");
		if (!a || strcmp(a, action) != 0)
			continue;
		char *dump = json_dumps(it, JSON_COMPACT);
		bool match = dump && strstr(dump, who);
		free(dump);
		if (match)
			return true;
	}
	return false;
}

static void test_lockout(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *c = client_new(s);
	fail_sign_ins(c, AGENT_USER, 5);
	/* locked: even the right password is refused */
	http_resp *r = sign_in(c, AGENT_USER, AGENT_PASS);
	expect_error(r, 429, "account_locked");
	assert_null(jget(r->json, "csrf_token"));
	expect_error(http_get(c, "/api/v1/users/me"), 401, "unauthenticated");
	expect_error(sign_in(c, AGENT_USER, "Wrong-password-1"), 429,
		     "account_locked");
	/* only that username is locked */
	expect_status(sign_in(client_new(s), SUP_USER, SUP_PASS), 200);
	if (!audit_has(a, "session.sign_in_locked", AGENT_USER))
		fail_msg("no session.sign_in_locked audit entry for %s",
			 AGENT_USER);

	/* unknown usernames are locked the same way (nothing tells them
	 * apart from real ones) */
	fail_sign_ins(c, "ghost_user", 5);
	expect_error(sign_in(c, "ghost_user", "Wrong-password-1"), 429,
		     "account_locked");

	/* 15 minutes later it works again */
	clock_advance(s, 15 * MS_MINUTE + MS_SECOND);
	expect_status(sign_in(c, AGENT_USER, AGENT_PASS), 200);
	expect_status(http_get(c, "/api/v1/users/me"), 200);
}

static void test_lockout_lasts_15_minutes(void **state)
{
	gx_server *s = state_server(state);
	gx_client *c = client_new(s);
	fail_sign_ins(c, AGENT_USER, 5);
	clock_advance(s, 14 * MS_MINUTE);
	expect_error(sign_in(c, AGENT_USER, AGENT_PASS), 429, "account_locked");
	clock_advance(s, MS_MINUTE + MS_SECOND);
	expect_status(sign_in(c, AGENT_USER, AGENT_PASS), 200);
}

/* The lock lasts 15 minutes from the fifth failure, not from the first. */
static void test_lockout_counts_from_fifth_failure(void **state)
{
	gx_server *s = state_server(state);
	gx_client *c = client_new(s);
	fail_sign_ins(c, AGENT_USER, 1);
	clock_advance(s, 10 * MS_MINUTE);
	fail_sign_ins(c, AGENT_USER, 4); /* 5 failures within 15 minutes */
	expect_error(sign_in(c, AGENT_USER, AGENT_PASS), 429, "account_locked");
	/* 16 min after the first failure, 6 min after the fifth */
	clock_advance(s, 6 * MS_MINUTE);
	expect_error(sign_in(c, AGENT_USER, AGENT_PASS), 429, "account_locked");
	/* 15 min + 1 s after the fifth */
	clock_advance(s, 9 * MS_MINUTE + MS_SECOND);
	expect_status(sign_in(c, AGENT_USER, AGENT_PASS), 200);
}

static void test_success_resets_failure_count(void **state)
{
	gx_server *s = state_server(state);
	gx_client *c = client_new(s);
	fail_sign_ins(c, AGENT_USER, 4);
	expect_status(sign_in(c, AGENT_USER, AGENT_PASS), 200);
	fail_sign_ins(c, AGENT_USER, 4);
	expect_status(sign_in(c, AGENT_USER, AGENT_PASS), 200);
}

static void test_failures_outside_window_do_not_lock(void **state)
{
	gx_server *s = state_server(state);
	gx_client *c = client_new(s);
	fail_sign_ins(c, AGENT_USER, 4);
	clock_advance(s, 16 * MS_MINUTE);
	fail_sign_ins(c, AGENT_USER, 1);
	expect_status(sign_in(c, AGENT_USER, AGENT_PASS), 200);
}

static void test_session_idle_expiry(void **state)
{
	gx_server *s = state_server(state);
	gx_client *c = client_signed_in(s, AGENT_USER, AGENT_PASS);
	gx_client *d = client_signed_in(s, SUP_USER, SUP_PASS);
	clock_advance(s, 7 * MS_HOUR + 59 * MS_MINUTE);
	expect_status(http_get(c, "/api/v1/users/me"), 200);
	/* c was just used; d has now been idle for 8 h 1 min */
	clock_advance(s, 2 * MS_MINUTE);
	expect_error(http_get(d, "/api/v1/users/me"), 401, "unauthenticated");
	expect_error(http_get(d, "/api/v1/session"), 401, "unauthenticated");
	expect_status(http_get(c, "/api/v1/users/me"), 200);
	/* 8 h + 1 min of idleness ends c too */
	clock_advance(s, 8 * MS_HOUR + MS_MINUTE);
	expect_error(http_get(c, "/api/v1/users/me"), 401, "unauthenticated");
	/* signing in again works, even though the browser still holds the dead
	 * cookie and the web app has no CSRF token any more */
	http_resp *r = http_req(c, &(http_opts){
		.method = "POST",
		.path = "/api/v1/session",
		.body = "{\"username\":\"" AGENT_USER "\",\"password\":\"" AGENT_PASS "\"}",
		.no_csrf = true });
	expect_status(r, 200);
	expect_status(http_get(c, "/api/v1/users/me"), 200);
}

static void test_session_absolute_expiry(void **state)
{
	gx_server *s = state_server(state);
	gx_client *c = client_signed_in(s, AGENT_USER, AGENT_PASS);
	/* a request every 7 hours keeps it alive ... */
	for (int i = 1; i <= 23; i++) {
		clock_advance(s, 7 * MS_HOUR);
		http_resp *r = http_get(c, "/api/v1/users/me");
		if (r->status != 200)
			print_error("after %d h\n", 7 * i);
		expect_status(r, 200);
		resp_free(r);
	}
	/* 167 h 59 min after sign-in */
	clock_advance(s, 6 * MS_HOUR + 59 * MS_MINUTE);
	expect_status(http_get(c, "/api/v1/users/me"), 200);
	/* ... but not beyond 7 days */
	clock_advance(s, 2 * MS_MINUTE);
	expect_error(http_get(c, "/api/v1/users/me"), 401, "unauthenticated");
	expect_error(http_get(c, "/api/v1/session"), 401, "unauthenticated");
}

static void test_api_token_outlives_sessions(void **state)
{
	gx_server *s = state_server(state);
	gx_client *c = client_signed_in(s, SUP_USER, SUP_PASS);
	http_resp *r = http_pack(c, "POST", "/api/v1/tokens", "{s:s}", "name",
				 "long-lived");
	expect_status(r, 201);
	gx_client *b = client_new(s);
	client_set_bearer(b, jstr(r->json, "token"));
	clock_advance(s, 9 * MS_DAY);
	expect_error(http_get(c, "/api/v1/users/me"), 401, "unauthenticated");
	expect_status(http_get(b, "/api/v1/users/me"), 200);
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

static char *admin_reset_token(gx_server *s, gx_client *a, json_int_t id)
{
	char *path = srv_own(s, xasprintf("/api/v1/users/%lld/reset-token",
					  (long long)id));
	http_resp *r = http_do(a, "POST", path, NULL, NULL);
	expect_status(r, 201);
	assert_non_null(jstr(r->json, "token"));
	return srv_own(s, strdup(jstr(r->json, "token")));
}

static http_resp *reset(gx_server *s, const char *token, const char *pw)
{
	return http_pack(client_new(s), "POST", "/api/v1/password-resets",
			 "{s:s,s:s}", "token", token, "new_password", pw);
}

static void test_reset_token_expiry(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	json_int_t agent = find_user_id(a, AGENT_USER);
	json_int_t sup = find_user_id(a, SUP_USER);
	char *t1 = admin_reset_token(s, a, agent);
	char *t2 = admin_reset_token(s, a, sup);
	char *out = NULL;
	int rc = run_cli(s, NULL, &out, NULL,
			 (const char *const[]){ "user", "reset-token", "--db",
						s->db, "--username", ADMIN_USER,
						NULL });
	srv_own(s, out);
	assert_int_equal(rc, 0);
	char *t3 = trim(out);
	assert_non_null(t3);
	assert_true(*t3);

	/* still valid just before 24 hours */
	clock_advance(s, 23 * MS_HOUR + 59 * MS_MINUTE);
	expect_status(reset(s, t1, "Agent-New-Passw0rd"), 204);
	expect_status(sign_in(client_new(s), AGENT_USER, "Agent-New-Passw0rd"),
		      200);
	/* expired after */
	clock_advance(s, 2 * MS_MINUTE);
	expect_field(reset(s, t2, "Sup-New-Passw0rd"), "token");
	expect_field(reset(s, t3, "Admin-New-Passw0rd"), "token");
	expect_status(sign_in(client_new(s), SUP_USER, SUP_PASS), 200);
	expect_status(sign_in(client_new(s), ADMIN_USER, ADMIN_PASS), 200);
}

#define OWN(t) cmocka_unit_test_setup_teardown(t, gx_test_setup, gx_test_teardown)

int run_clock_tests(void)
{
	const struct CMUnitTest tests[] = {
		OWN(test_lockout),
		OWN(test_lockout_lasts_15_minutes),
		OWN(test_lockout_counts_from_fifth_failure),
		OWN(test_success_resets_failure_count),
		OWN(test_failures_outside_window_do_not_lock),
		OWN(test_session_idle_expiry),
		OWN(test_session_absolute_expiry),
		OWN(test_api_token_outlives_sessions),
		OWN(test_reset_token_expiry),
	};
	return cmocka_run_group_tests_name("clock", tests, NULL, NULL);
}
