/* guanxi backup / restore while the server is busy. */
#include "harness.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct pair {
	gx_server *a; /* the live server */
	gx_server *b; /* a server on the restored database */
};

static int setup_pair(void **state)
{
	struct pair *p = calloc(1, sizeof *p);
	if (!p)
		return -1;
	p->a = server_start(NULL);
	*state = p;
	return 0;
}

static int teardown_pair(void **state)
{
	struct pair *p = *state;
	int rc = 0;
	if (p) {
		rc |= server_stop(p->b);
		rc |= server_stop(p->a);
		free(p);
	}
	*state = NULL;
	return rc ? -1 : 0;
}

struct writer {
	gx_client *c;
	atomic_int stop;
	atomic_int created;
	atomic_int errors;
	long last_status;
};

static void *writer_main(void *arg)
{
	struct writer *w = arg;
	char name[32];
	while (!atomic_load(&w->stop)) {
		int n = atomic_load(&w->created) + 1;
		snprintf(name, sizeof name, "bk_%04d", n);
		http_resp *r = http_pack(w->c, "POST", "/api/v1/users",
					 "{s:s,s:s,s:s,s:[s],s:n,s:i}",
					 "username", name, "display_name",
					 "备份测试", "password", "Passw0rd!",
					 "roles", "agent", "team_id", "level", 1);
		if (r->status == 201) {
			atomic_fetch_add(&w->created, 1);
		} else {
			w->last_status = r->status;
			atomic_fetch_add(&w->errors, 1);
			resp_free(r);
			break;
		}
		resp_free(r);
	}
	return NULL;
}

static bool wait_for(atomic_int *v, int at_least, int timeout_ms)
{
	for (int waited = 0; waited < timeout_ms; waited += 10) {
		if (atomic_load(v) >= at_least)
			return true;
		struct timespec ts = { 0, 10 * 1000000L };
		nanosleep(&ts, NULL);
	}
	return atomic_load(v) >= at_least;
}

static char *integrity(gx_server *s, const char *db)
{
	return srv_own(s, sql_text(db, "PRAGMA integrity_check"));
}

static void test_backup_while_serving(void **state)
{
	struct pair *p = *state;
	gx_server *s = state_server((void **)&p->a);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	http_resp *r = http_pack(a, "POST", "/api/v1/tokens", "{s:s}", "name",
				 "backup-writer");
	expect_status(r, 201);
	struct writer w = { .c = client_new(s) };
	client_set_bearer(w.c, jstr(r->json, "token"));

	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, writer_main, &w), 0);
	bool started = wait_for(&w.created, 3, 30000);
	int before = atomic_load(&w.created);
	char *file = srv_own(s, server_path(s, "backup.db"));
	char *out = NULL, *err = NULL;
	int rc = -1;
	if (started)
		rc = run_cli(s, NULL, &out, &err,
			     (const char *const[]){ "backup", "--db", s->db,
						    file, NULL });
	srv_own(s, out);
	srv_own(s, err);
	/* the writer keeps going after the backup, too */
	bool continued = started && wait_for(&w.created, before + 2, 30000);
	atomic_store(&w.stop, 1);
	pthread_join(th, NULL);
	int total = atomic_load(&w.created);

	if (!started || atomic_load(&w.errors))
		fail_msg("the writer could not create users (last HTTP %ld)",
			 w.last_status);
	if (rc != 0)
		fail_msg("guanxi backup exited %d: %s%s", rc, out ? out : "",
			 err ? err : "");
	assert_true(continued);
	char *ok = integrity(s, file);
	assert_non_null(ok);
	assert_string_equal(ok, "ok");

	/* restore into a new path and serve it */
	char *restored = srv_own(s, server_path(s, "restored.db"));
	rc = run_cli(s, NULL, &out, &err,
		     (const char *const[]){ "restore", "--db", restored, file,
					    NULL });
	srv_own(s, out);
	srv_own(s, err);
	if (rc != 0)
		fail_msg("guanxi restore exited %d: %s%s", rc, out ? out : "",
			 err ? err : "");
	ok = integrity(s, restored);
	assert_non_null(ok);
	assert_string_equal(ok, "ok");
	rc = run_cli(s, NULL, &out, &err,
		     (const char *const[]){ "audit", "verify", "--db", restored,
					    NULL });
	srv_own(s, out);
	srv_own(s, err);
	if (rc != 0)
		fail_msg("audit verify on the restored database exited %d: %s%s",
			 rc, out ? out : "", err ? err : "");

	p->b = server_start(&(server_opts){ .db_path = restored });
	gx_server *b = state_server((void **)&p->b);
	gx_client *ba = client_signed_in(b, ADMIN_USER, ADMIN_PASS);
	char name[32];
	for (int i = 1; i <= before; i++) {
		snprintf(name, sizeof name, "bk_%04d", i);
		if (count_users(ba, name) != 1)
			fail_msg("%s (created before the backup) is missing "
				 "from the restored database", name);
	}
	int n = count_users(ba, "bk_");
	assert_true(n >= before);
	assert_true(n <= total);
	/* the restored server is fully usable */
	create_user(ba, "after_restore", "Passw0rd!", "agent");
	expect_status(sign_in(client_new(b), AGENT_USER, AGENT_PASS), 200);
}

static void test_restore_replaces_database(void **state)
{
	struct pair *p = *state;
	gx_server *s = state_server((void **)&p->a);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	create_user(a, "before_backup", "Passw0rd!", "agent");
	char *file = srv_own(s, server_path(s, "snapshot.db"));
	char *out = NULL, *err = NULL;
	int rc = run_cli(s, NULL, &out, &err,
			 (const char *const[]){ "backup", "--db", s->db, file,
						NULL });
	srv_own(s, out);
	srv_own(s, err);
	if (rc != 0)
		fail_msg("guanxi backup exited %d: %s%s", rc, out ? out : "",
			 err ? err : "");
	create_user(a, "after_backup", "Passw0rd!", "agent");

	assert_int_equal(server_shutdown(s, 10000), 0);
	rc = run_cli(s, NULL, &out, &err,
		     (const char *const[]){ "restore", "--db", s->db, file,
					    NULL });
	srv_own(s, out);
	srv_own(s, err);
	if (rc != 0)
		fail_msg("guanxi restore exited %d: %s%s", rc, out ? out : "",
			 err ? err : "");
	char *ok = integrity(s, s->db);
	assert_non_null(ok);
	assert_string_equal(ok, "ok");
	if (!server_restart(s, NULL))
		fail_msg("the server did not start on the restored database");
	a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	assert_int_equal(count_users(a, "before_backup"), 1);
	assert_int_equal(count_users(a, "after_backup"), 0);
}

int run_backup_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_backup_while_serving,
						setup_pair, teardown_pair),
		cmocka_unit_test_setup_teardown(test_restore_replaces_database,
						setup_pair, teardown_pair),
	};
	return cmocka_run_group_tests_name("backup", tests, NULL, NULL);
}
