/* The audit log: what is recorded, who may read it, and the hash chain. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *find_action(json_t *items, const char *action, const char *needle)
{
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		const char *a = jstr(it, "action");
		if (!a || strcmp(a, action) != 0)
			continue;
		if (!needle)
			return it;
		char *dump = json_dumps(it, JSON_COMPACT);
		bool match = dump && strstr(dump, needle);
		free(dump);
		if (match)
			return it;
	}
	return NULL;
}

/* Sign-ins (good and bad), a user, a role change and a token. */
static void make_events(gx_server *s, gx_client **admin_out,
			const char **token_out)
{
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	expect_error(sign_in(client_new(s), AGENT_USER, "Wrong-pass-77"), 401,
		     "bad_credentials");
	create_user(a, "audited_user", "Audit-Passw0rd", "analyst");

	http_resp *r = http_get(a, "/api/v1/roles");
	expect_status(r, 200);
	json_t *perms = NULL;
	size_t i;
	json_t *it;
	json_array_foreach(jget(r->json, "items"), i, it)
	{
		const char *n = jstr(it, "name");
		if (n && !strcmp(n, "agent"))
			perms = jget(it, "permissions");
	}
	assert_non_null(perms);
	json_t *want = json_deep_copy(perms);
	if (!jarray_has_str(want, "user.read"))
		json_array_append_new(want, json_string("user.read"));
	json_t *j = json_pack("{s:o}", "permissions", want);
	char *body = srv_own(s, json_dumps(j, JSON_COMPACT));
	json_decref(j);
	expect_status(http_do(a, "PUT", "/api/v1/roles/agent/permissions", body,
			      NULL),
		      200);
	r = http_pack(a, "POST", "/api/v1/tokens", "{s:s}", "name",
		      "audit-token");
	expect_status(r, 201);
	assert_non_null(jstr(r->json, "token"));
	*admin_out = a;
	if (token_out)
		*token_out = jstr(r->json, "token");
}

static void test_audit_lists_actions(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a;
	const char *secret;
	make_events(s, &a, &secret);
	http_resp *r = http_get(a, "/api/v1/audit");
	expect_status(r, 200);
	json_t *items = jget(r->json, "items");
	assert_true(json_array_size(items) >= 5);
	assert_non_null(json_object_get(r->json, "next"));

	json_t *e;
	if (!(e = find_action(items, "session.sign_in", ADMIN_USER)))
		fail_msg("no session.sign_in for admin: %s", r->body);
	assert_string_equal(jstr(e, "ip"), "127.0.0.1");
	if (!find_action(items, "session.sign_in_failed", AGENT_USER))
		fail_msg("no session.sign_in_failed for agent1: %s", r->body);
	if (!(e = find_action(items, "user.create", "audited_user")))
		fail_msg("no user.create naming audited_user: %s", r->body);
	assert_string_equal(jstr(e, "actor"), ADMIN_USER);
	if (!find_action(items, "role.permissions", "agent"))
		fail_msg("no role.permissions for agent: %s", r->body);
	if (!(e = find_action(items, "token.create", NULL)))
		fail_msg("no token.create: %s", r->body);
	assert_string_equal(jstr(e, "actor"), ADMIN_USER);

	/* every item has the documented fields; newest first */
	size_t i;
	json_t *it;
	json_int_t prev = -1;
	json_array_foreach(items, i, it)
	{
		static const char *const keys[] = { "id", "at", "actor",
						    "action", "target",
						    "detail", "ip" };
		for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
			if (!json_object_get(it, keys[k]))
				fail_msg("audit item lacks \"%s\": %s", keys[k],
					 r->body);
		assert_true(is_rfc3339_ms(jstr(it, "at")));
		json_int_t id = jint(it, "id");
		assert_true(id > 0);
		if (prev != -1)
			assert_true(id < prev);
		prev = id;
	}
	/* no secrets in the log */
	static const char *const secrets[] = { ADMIN_PASS, "Wrong-pass-77",
					       "Audit-Passw0rd" };
	for (size_t k = 0; k < sizeof secrets / sizeof secrets[0]; k++)
		if (strstr(r->body, secrets[k]))
			fail_msg("the audit log contains the password %s",
				 secrets[k]);
	if (strstr(r->body, secret) || strstr(r->body, secret + 3))
		fail_msg("the audit log contains the API token secret");
}

static void test_audit_pagination(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a;
	make_events(s, &a, NULL);
	http_resp *r1 = http_get(a, "/api/v1/audit?limit=2");
	expect_status(r1, 200);
	assert_int_equal(json_array_size(jget(r1->json, "items")), 2);
	const char *next = jstr(r1->json, "next");
	assert_non_null(next);
	char *e = curl_easy_escape(a->curl, next, 0);
	char *path = srv_own(s, xasprintf("/api/v1/audit?limit=2&after=%s", e));
	curl_free(e);
	http_resp *r2 = http_get(a, path);
	expect_status(r2, 200);
	assert_true(json_array_size(jget(r2->json, "items")) >= 1);
	assert_true(jint(r2->json, "items.0.id") < jint(r1->json, "items.1.id"));
	/* everything fits on one page of 500: next is null */
	http_resp *all = http_get(a, "/api/v1/audit?limit=500");
	expect_status(all, 200);
	assert_true(json_is_null(json_object_get(all->json, "next")));
}

static void test_audit_needs_permission(void **state)
{
	gx_server *s = state_server(state);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	expect_error(http_get(g, "/api/v1/audit"), 403, "forbidden");
	expect_error(http_get(client_new(s), "/api/v1/audit"), 401,
		     "unauthenticated");
	/* giving the agent role user.read does not give audit.read */
	gx_client *a;
	make_events(s, &a, NULL);
	expect_status(http_get(g, "/api/v1/users"), 200);
	expect_error(http_get(g, "/api/v1/audit"), 403, "forbidden");
}

static int verify(gx_server *s, const char *db, char **output)
{
	char *out = NULL, *err = NULL;
	int rc = run_cli(s, NULL, &out, &err,
			 (const char *const[]){ "audit", "verify", "--db", db,
						NULL });
	*output = srv_own(s, xasprintf("%s%s", out ? out : "", err ? err : ""));
	free(out);
	free(err);
	return rc;
}

/* true if text names "row N" (N not followed by another digit) */
static bool names_row(const char *text, long long id)
{
	char pat[32];
	snprintf(pat, sizeof pat, "row %lld", id);
	for (const char *p = strstr(text, pat); p; p = strstr(p + 1, pat)) {
		char after = p[strlen(pat)];
		if (after < '0' || after > '9')
			return true;
	}
	return false;
}

static long long audit_count(const char *db)
{
	char *n = sql_text(db, "SELECT count(*) FROM audit_log");
	long long v = n ? atoll(n) : -1;
	free(n);
	return v;
}

static void test_audit_verify_and_tamper_update(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a;
	make_events(s, &a, NULL);
	char *out;
	int rc = verify(s, s->db, &out);
	if (rc != 0)
		fail_msg("audit verify on an intact log exited %d: %s", rc, out);

	http_resp *r = http_get(a, "/api/v1/audit?limit=500");
	expect_status(r, 200);
	json_t *e = find_action(jget(r->json, "items"), "user.create",
				"audited_user");
	assert_non_null(e);
	long long id = jint(e, "id");
	assert_true(id > 0);

	assert_int_equal(server_shutdown(s, 10000), 0);
	assert_int_equal(verify(s, s->db, &out), 0);
	long long rows = audit_count(s->db);
	assert_true(rows >= 5);

	/* the log refuses changes */
	char *sql = srv_own(s, xasprintf("UPDATE audit_log SET detail = "
					 "COALESCE(detail,'') || ' (edited)' "
					 "WHERE id = %lld", id));
	char *msg = NULL;
	int src = sql_exec(s->db, sql, &msg);
	free(msg);
	assert_true(src != 0);
	src = sql_exec(s->db, "DELETE FROM audit_log", &msg);
	free(msg);
	assert_true(src != 0);
	assert_int_equal(audit_count(s->db), rows);

	/* unless one drops the trigger first */
	src = sql_exec(s->db, "DROP TRIGGER audit_log_no_update", &msg);
	if (src != 0)
		fail_msg("DROP TRIGGER audit_log_no_update: %s", msg ? msg : "");
	free(msg);
	src = sql_exec(s->db, sql, &msg);
	if (src != 0)
		fail_msg("UPDATE after dropping the trigger: %s", msg ? msg : "");
	free(msg);

	rc = verify(s, s->db, &out);
	if (rc == 0)
		fail_msg("audit verify did not notice the edited row %lld: %s",
			 id, out);
	if (!names_row(out, id))
		fail_msg("audit verify should name \"row %lld\"; it said: %s",
			 id, out);

	/* with a later row edited as well, the first bad row is still named */
	char *maxs = srv_own(s, sql_text(s->db, "SELECT max(id) FROM audit_log"));
	assert_non_null(maxs);
	assert_true(atoll(maxs) > id);
	char *sql2 = srv_own(s, xasprintf("UPDATE audit_log SET actor = 'mallory' "
					  "WHERE id = %s", maxs));
	assert_int_equal(sql_exec(s->db, sql2, NULL), 0);
	rc = verify(s, s->db, &out);
	assert_true(rc != 0);
	if (!names_row(out, id))
		fail_msg("audit verify should name the first bad row %lld; it "
			 "said: %s", id, out);
}

static void test_audit_tamper_delete(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a;
	make_events(s, &a, NULL);
	assert_int_equal(server_shutdown(s, 10000), 0);
	char *out;
	assert_int_equal(verify(s, s->db, &out), 0);

	/* delete a row in the middle of the chain */
	char *min = srv_own(s, sql_text(s->db, "SELECT min(id) FROM audit_log"));
	char *max = srv_own(s, sql_text(s->db, "SELECT max(id) FROM audit_log"));
	assert_non_null(min);
	assert_non_null(max);
	long long victim = (atoll(min) + atoll(max)) / 2;
	if (victim <= atoll(min))
		victim = atoll(min) + 1;
	assert_true(victim < atoll(max));
	char *msg = NULL;
	int src = sql_exec(s->db, "DROP TRIGGER audit_log_no_delete", &msg);
	if (src != 0)
		fail_msg("DROP TRIGGER audit_log_no_delete: %s", msg ? msg : "");
	free(msg);
	char *sql = srv_own(s, xasprintf("DELETE FROM audit_log WHERE id = %lld",
					 victim));
	assert_int_equal(sql_exec(s->db, sql, NULL), 0);
	char *q = srv_own(s, xasprintf("SELECT min(id) FROM audit_log WHERE id > %lld",
				       victim));
	char *nexts = srv_own(s, sql_text(s->db, q));
	assert_non_null(nexts);
	long long next = atoll(nexts);

	int rc = verify(s, s->db, &out);
	if (rc == 0)
		fail_msg("audit verify did not notice deleted row %lld: %s",
			 victim, out);
	if (!names_row(out, victim) && !names_row(out, next))
		fail_msg("audit verify should name row %lld (deleted) or %lld "
			 "(first row after the gap); it said: %s",
			 victim, next, out);
}

static void test_audit_records_more_actions(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	json_int_t id = create_user(a, "audit_more", "Audit-Passw0rd", "agent");
	char *path = srv_own(s, xasprintf("/api/v1/users/%lld", (long long)id));
	http_resp *r = http_get(a, path);
	expect_status(r, 200);
	expect_status(http_pack(a, "PATCH", path, "{s:I,s:s}", "version",
				(json_int_t)jint(r->json, "version"),
				"display_name", "审计"),
		      200);
	expect_status(http_pack(a, "POST", "/api/v1/teams", "{s:s}", "name",
				"审计组"),
		      201);
	gx_client *u = client_signed_in(s, "audit_more", "Audit-Passw0rd");
	expect_status(http_pack(u, "POST", "/api/v1/users/me/password",
				"{s:s,s:s}", "current_password",
				"Audit-Passw0rd", "new_password",
				"Audit-Passw0rd-2"),
		      204);
	r = http_pack(u, "POST", "/api/v1/tokens", "{s:s}", "name", "t");
	expect_status(r, 201);
	char *tpath = srv_own(s, xasprintf("/api/v1/tokens/%lld",
					   (long long)jint(r->json, "id")));
	expect_status(http_do(u, "DELETE", tpath, NULL, NULL), 204);
	expect_status(http_do(u, "DELETE", "/api/v1/session", NULL, NULL), 204);
	char *rpath = srv_own(s, xasprintf("/api/v1/users/%lld/reset-token",
					   (long long)id));
	r = http_do(a, "POST", rpath, NULL, NULL);
	expect_status(r, 201);
	expect_status(http_pack(client_new(s), "POST", "/api/v1/password-resets",
				"{s:s,s:s}", "token", jstr(r->json, "token"),
				"new_password", "Audit-Passw0rd-3"),
		      204);

	r = http_get(a, "/api/v1/audit?limit=500");
	expect_status(r, 200);
	json_t *items = jget(r->json, "items");
	static const char *const actions[] = {
		"user.update",	     "team.create",   "user.password_change",
		"token.revoke",	     "session.sign_out", "user.reset_token",
		"user.password_reset",
	};
	for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
		if (!find_action(items, actions[i], NULL))
			fail_msg("no %s in the audit log", actions[i]);
	if (strstr(r->body, "Audit-Passw0rd-2") ||
	    strstr(r->body, "Audit-Passw0rd-3"))
		fail_msg("the audit log contains a password");
	char *out;
	assert_int_equal(verify(s, s->db, &out), 0);
}

static void test_audit_list_limits(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	char name[32];
	for (int i = 0; i < 60; i++) {
		snprintf(name, sizeof name, "组%02d", i);
		http_resp *r = http_pack(a, "POST", "/api/v1/teams", "{s:s}",
					 "name", name);
		expect_status(r, 201);
		resp_free(r);
	}
	/* default page size is 50 */
	http_resp *r = http_get(a, "/api/v1/audit");
	expect_status(r, 200);
	assert_int_equal(json_array_size(jget(r->json, "items")), 50);
	const char *next = jstr(r->json, "next");
	assert_non_null(next);
	/* the rest follows */
	char *e = curl_easy_escape(a->curl, next, 0);
	char *path = srv_own(s, xasprintf("/api/v1/audit?after=%s", e));
	curl_free(e);
	http_resp *r2 = http_get(a, path);
	expect_status(r2, 200);
	size_t n2 = json_array_size(jget(r2->json, "items"));
	assert_true(n2 >= 11);
	assert_true(jint(r2->json, "items.0.id") < jint(r->json, "items.49.id"));
	http_resp *all = http_get(a, "/api/v1/audit?limit=500");
	expect_status(all, 200);
	assert_int_equal(json_array_size(jget(all->json, "items")), 50 + n2);
	/* over the maximum: refused, or capped at 500 */
	r = http_get(a, "/api/v1/audit?limit=501");
	if (r->status == 200)
		assert_true(json_array_size(jget(r->json, "items")) <= 500);
	else
		expect_field(r, "limit");
}

#define OWN(t) cmocka_unit_test_setup_teardown(t, gx_test_setup, gx_test_teardown)

int run_audit_tests(void)
{
	const struct CMUnitTest tests[] = {
		OWN(test_audit_lists_actions),
		OWN(test_audit_pagination),
		OWN(test_audit_list_limits),
		OWN(test_audit_needs_permission),
		OWN(test_audit_records_more_actions),
		OWN(test_audit_verify_and_tamper_update),
		OWN(test_audit_tamper_delete),
	};
	return cmocka_run_group_tests_name("audit", tests, NULL, NULL);
}
