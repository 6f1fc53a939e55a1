/* Accepted data survives kill -9; racing duplicate submissions create one
 * record; injection attempts are stored as plain text and change nothing. */
#include "harness.h"

#include <pthread.h>
#include <signal.h>
#include <string.h>

#define KILLED_USERS 12

static void test_accepted_writes_survive_kill_9(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	char *out = NULL;
	int st;

	for (int i = 0; i < KILLED_USERS; i++) {
		char name[32];
		snprintf(name, sizeof name, "durable%02d", i);
		create_user(a, name, "Passw0rd!", "agent");
	}
	assert_int_equal(kill(s->pid, SIGKILL), 0);
	assert_int_equal(server_wait(s, 5000), 128 + SIGKILL);
	assert_true(server_restart(s, NULL));
	gx_client *b = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	assert_int_equal(count_users(b, "durable"), KILLED_USERS);
	/* The audit rows committed with them are intact too. */
	const char *const argv[] = {"audit", "verify", "--db", s->db, NULL};
	st = run_cli(s, NULL, &out, NULL, argv);
	assert_int_equal(st, 0);
	free(out);
}

struct racer {
	gx_client *c;
	long status;
};

static void *race_create(void *arg)
{
	struct racer *r = arg;
	http_resp *resp = http_pack(r->c, "POST", "/api/v1/users",
		"{s:s,s:s,s:s,s:[s]}", "username", "twice", "display_name",
		"重复提交", "password", "Passw0rd!", "roles", "agent");
	r->status = resp->status;
	return NULL;
}

static void test_duplicate_submission_creates_one_user(void **state)
{
	gx_server *s = state_server(state);
	struct racer r[2] = {
		{client_signed_in(s, ADMIN_USER, ADMIN_PASS), 0},
		{client_signed_in(s, ADMIN_USER, ADMIN_PASS), 0},
	};
	pthread_t t[2];

	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&t[i], NULL, race_create, &r[i]), 0);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	assert_true((r[0].status == 201 && r[1].status == 409) ||
		    (r[0].status == 409 && r[1].status == 201));
	assert_int_equal(count_users(r[0].c, "twice"), 1);
}

static void test_injection_is_stored_as_text(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	const char *evil = "'); DROP TABLE users; -- <script>alert(1)</script>";
	int before = count_users(a, "");
	http_resp *r;

	r = http_pack(a, "POST", "/api/v1/users", "{s:s,s:s,s:s,s:[s]}",
		      "username", "x' OR '1'='1", "display_name", "x",
		      "password", "Passw0rd!", "roles", "agent");
	expect_field(r, "username");
	r = http_pack(a, "POST", "/api/v1/users", "{s:s,s:s,s:s,s:[s]}",
		      "username", "inject1", "display_name", evil,
		      "password", "Passw0rd!", "roles", "agent");
	expect_status(r, 201);
	assert_string_equal(jstr(r->json, "display_name"), evil);
	r = http_get(a, "/api/v1/users?q=%27%29%3B%20DROP");
	expect_status(r, 200);
	assert_int_equal(json_array_size(jget(r->json, "items")), 1);
	assert_int_equal(count_users(a, ""), before + 1);
}

int run_durability_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_accepted_writes_survive_kill_9,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test(test_duplicate_submission_creates_one_user),
		cmocka_unit_test(test_injection_is_stored_as_text),
	};
	return cmocka_run_group_tests_name("durability", tests, gx_group_setup,
					   gx_group_teardown);
}
