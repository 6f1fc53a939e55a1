/* Unit tests of the domain rules on a real temporary SQLite database:
 * user validation and permissions, sign-in lockout, session expiry, reset
 * tokens, optimistic versions, the audit hash chain, and the GB/T 2260
 * regions table with the address checks built on it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/audit.h"
#include "domain/auth.h"
#include "domain/regions.h"
#include "domain/users.h"
#include "lib/clock.h"
#include "lib/err.h"
#include "lib/log.h"
#include "store/db.h"
#include "store/migrate.h"

static char dir[] = "/tmp/gx-unit-XXXXXX";
static char path[256];
static struct principal sys;

static int group_setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof path, "%s/t.db", dir);
	log_set_level(LOG_ERROR);
	db_configure(path, true);
	if (migrate_apply(db_get()) < 1)
		return -1;
	principal_system(&sys);
	return 0;
}

static int group_teardown(void **state)
{
	char cmd[300];
	(void)state;
	db_release_thread();
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd);
}

static int make_user(const char *name, const char *role, struct user_rec *u)
{
	struct user_input in = {.username = name, .display_name = name,
				.password = "Passw0rd!", .nroles = 1};
	struct verr v = {0};
	in.roles[0] = role;
	return users_create(&sys, &in, u, &v);
}

static void migrations_seed_roles_and_admin_permissions(void **state)
{
	struct role_rec roles[16];
	int n;
	(void)state;
	assert_int_equal(roles_list(&sys, roles, 16, &n), 0);
	assert_int_equal(n, 7); /* with the telephone system's role, cti */
	assert_string_equal(roles[0].name, "admin");
	assert_string_equal(roles[6].name, "cti");
	/* Every permission but the narrower customer scopes. */
	assert_int_equal(roles[0].nperms, PERM__COUNT - 2);
	for (int i = 0; i < roles[0].nperms; i++)
		assert_null(strstr("customer.scope.team customer.scope.own", roles[0].perms[i]));
	assert_int_equal(migrate_apply(db_get()), 0); /* idempotent */
}

/* The compiled-in regions reach the table, and a table that lost rows is
 * written again at the next migration. */
static void regions_are_loaded_and_repaired_by_migration(void **state)
{
	struct region_rec r, path[3];
	int depth;
	(void)state;
	assert_int_equal(regions_path("440305", path, &depth), 0);
	assert_int_equal(depth, 3);
	assert_string_equal(path[0].name, "广东省");
	assert_string_equal(path[2].full_name, "广东省 深圳市 南山区");
	assert_int_equal(db_exec(db_get(), "DELETE FROM regions WHERE code = '440305'"), 0);
	assert_int_equal(store_region_get(db_get(), "440305", &r), GX_ENOTFOUND);
	assert_int_equal(migrate_apply(db_get()), 0);
	assert_int_equal(store_region_get(db_get(), "440305", &r), 0);
	assert_string_equal(r.parent_code, "440300");
}

static void region_codes_must_nest(void **state)
{
	static const struct {
		const char *p, *c, *d, *bad;
	} cases[] = {
		{"440000", "440300", "440305", NULL},
		{"110000", "110100", "110105", NULL},
		{"440000", "", "", NULL},
		{"", "", "", NULL},
		{"110000", "440300", "", "city"},       /* city of another province */
		{"440000", "440300", "110105", "district"},
		{"440300", "", "", "province"},         /* a city is no province */
		{"", "440300", "", "province"},         /* a city needs its province */
		{"440000", "", "440305", "city"},
		{"44000", "", "", "province"},
	};
	char names[REGION_FULL_LEN];
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct verr v = {0};
		int rc = regions_check(cases[i].p, cases[i].c, cases[i].d, &v);
		if (!cases[i].bad) {
			assert_int_equal(rc, 0);
			continue;
		}
		assert_int_equal(rc, GX_EINVAL);
		assert_string_equal(v.item[0].field, cases[i].bad);
	}
	regions_names("110000", "110100", "110105", names, sizeof names);
	assert_string_equal(names, "北京市 朝阳区");
	regions_names("500000", "500200", "", names, sizeof names);
	assert_string_equal(names, "重庆市");
	regions_names("", "", "", names, sizeof names);
	assert_string_equal(names, "");
}

static void user_create_validates_every_field(void **state)
{
	struct user_input in = {.username = "bad name!", .display_name = "  ",
				.password = "short", .nroles = 1,
				.has_level = true, .level = 12};
	struct user_rec u;
	struct verr v = {0};
	(void)state;
	in.roles[0] = "emperor";
	assert_int_equal(users_create(&sys, &in, &u, &v), GX_EINVAL);
	const char *want[] = {"username", "display_name", "level", "roles", "password"};
	assert_int_equal(v.n, 5);
	for (size_t i = 0; i < 5; i++)
		assert_string_equal(v.item[i].field, want[i]);
}

static void duplicate_username_conflicts_case_insensitively(void **state)
{
	struct user_rec u;
	(void)state;
	assert_int_equal(make_user("wang.fang", "agent", &u), 0);
	assert_int_equal(make_user("Wang.Fang", "agent", &u), GX_ECONFLICT);
}

static void agent_may_not_manage_users_but_may_read_self(void **state)
{
	struct user_rec agent, u;
	struct principal who = {0};
	struct user_input in = {.username = "x1", .display_name = "x",
				.password = "Passw0rd!", .nroles = 1};
	struct verr v = {0};
	(void)state;
	in.roles[0] = "agent";
	assert_int_equal(make_user("agent7", "agent", &agent), 0);
	who.user_id = agent.id;
	assert_int_equal(users_create(&who, &in, &u, &v), GX_EPERM);
	assert_int_equal(users_get(&who, agent.id, &u), 0);
	assert_int_equal(users_get(&who, 1, &u), GX_EPERM);
}

static void stale_version_changes_nothing(void **state)
{
	struct user_rec u, after;
	struct user_input in = {.has_display_name = true, .display_name = "新名字"};
	struct verr v = {0};
	(void)state;
	assert_int_equal(make_user("versioned", "agent", &u), 0);
	in.version = u.version;
	assert_int_equal(users_update(&sys, u.id, &in, &after, &v), 0);
	assert_int_equal(after.version, u.version + 1);
	in.display_name = "过期的修改";
	in.version = u.version;
	assert_int_equal(users_update(&sys, u.id, &in, &after, &v), GX_EVERSION);
	assert_int_equal(users_get(&sys, u.id, &after), 0);
	assert_string_equal(after.display_name, "新名字");
}

static void five_failures_lock_even_the_right_password(void **state)
{
	struct user_rec u;
	struct sign_in s;
	(void)state;
	assert_int_equal(make_user("locky", "agent", &u), 0);
	for (int i = 0; i < 4; i++)
		assert_int_equal(auth_sign_in("locky", "wrong", "t", &s), GX_EAUTH);
	/* A success clears the count... */
	assert_int_equal(auth_sign_in("locky", "Passw0rd!", "t", &s), 0);
	for (int i = 0; i < 4; i++)
		assert_int_equal(auth_sign_in("locky", "wrong", "t", &s), GX_EAUTH);
	assert_int_equal(auth_sign_in("locky", "Passw0rd!", "t", &s), 0);
	/* ...five in a row lock. */
	for (int i = 0; i < 5; i++)
		assert_int_equal(auth_sign_in("LOCKY", "wrong", "t", &s), GX_EAUTH);
	assert_int_equal(auth_sign_in("locky", "Passw0rd!", "t", &s), GX_ELOCKED);
	clock_advance(AUTH_LOCK_MS - 60 * 1000);
	assert_int_equal(auth_sign_in("locky", "Passw0rd!", "t", &s), GX_ELOCKED);
	clock_advance(61 * 1000);
	assert_int_equal(auth_sign_in("locky", "Passw0rd!", "t", &s), 0);
}

static void sessions_expire_idle_and_absolute(void **state)
{
	struct user_rec u;
	struct sign_in s;
	struct principal p;
	(void)state;
	assert_int_equal(make_user("sleepy", "agent", &u), 0);
	assert_int_equal(auth_sign_in("sleepy", "Passw0rd!", "t", &s), 0);
	assert_int_equal(auth_session(s.session, "t", &p), 0);
	assert_int_equal(p.user_id, u.id);
	clock_advance(AUTH_IDLE_MS - 60 * 1000);
	assert_int_equal(auth_session(s.session, "t", &p), 0);
	/* Active every 7 hours: alive until 7 days after sign-in. */
	for (int i = 0; i < 22; i++) {
		clock_advance(7LL * 3600 * 1000);
		assert_int_equal(auth_session(s.session, "t", &p), 0);
	}
	clock_advance(7LL * 3600 * 1000);
	assert_int_equal(auth_session(s.session, "t", &p), GX_EAUTH);
	assert_int_equal(auth_sign_in("sleepy", "Passw0rd!", "t", &s), 0);
	clock_advance(AUTH_IDLE_MS + 1000);
	assert_int_equal(auth_session(s.session, "t", &p), GX_EAUTH);
	assert_int_equal(auth_session("s_forged", "t", &p), GX_EAUTH);
}

static void reset_token_works_once(void **state)
{
	struct user_rec u;
	struct sign_in s;
	struct verr v = {0};
	char token[TOKEN_MAX];
	int64_t exp;
	(void)state;
	assert_int_equal(make_user("forgetful", "agent", &u), 0);
	assert_int_equal(auth_reset_issue(&sys, u.id, token, &exp), 0);
	assert_int_equal(auth_reset_redeem(token, "Brand-new-1", "t", &v), 0);
	assert_int_equal(auth_sign_in("forgetful", "Brand-new-1", "t", &s), 0);
	assert_int_equal(auth_reset_redeem(token, "Another-one-2", "t", &v), GX_EINVAL);
	assert_string_equal(v.item[0].field, "token");
	assert_int_equal(auth_sign_in("forgetful", "Brand-new-1", "t", &s), 0);
}

static void disabling_a_user_ends_sessions_and_tokens(void **state)
{
	struct user_rec u, after;
	struct sign_in s;
	struct principal p;
	struct token_rec t;
	struct user_input in = {.has_disabled = true, .disabled = true};
	struct verr v = {0};
	char secret[TOKEN_MAX];
	(void)state;
	assert_int_equal(make_user("leaver", "agent", &u), 0);
	assert_int_equal(auth_sign_in("leaver", "Passw0rd!", "t", &s), 0);
	assert_int_equal(auth_session(s.session, "t", &p), 0);
	assert_int_equal(auth_token_create(&p, "pbx", &t, secret), 0);
	in.version = u.version;
	assert_int_equal(users_update(&sys, u.id, &in, &after, &v), 0);
	assert_int_equal(auth_session(s.session, "t", &p), GX_EAUTH);
	assert_int_equal(auth_bearer(secret, "t", &p), GX_EAUTH);
	assert_int_equal(auth_sign_in("leaver", "Passw0rd!", "t", &s), GX_EDISABLED);
}

static void tamper(const char *sql)
{
	sqlite3 *raw;
	assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(raw);
}

static void audit_chain_detects_edits_and_deletions(void **state)
{
	int64_t rows, bad;
	char why[128];
	sqlite3 *raw;
	(void)state;
	assert_int_equal(audit_verify(db_get(), &rows, &bad, why), 0);
	assert_true(rows > 20);
	/* The triggers refuse ordinary edits. */
	assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(raw, "UPDATE audit_log SET actor = 'x'"
					  " WHERE id = 3", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(raw);
	tamper("DROP TRIGGER audit_log_no_update;"
	       "UPDATE audit_log SET actor = 'someone' WHERE id = 7");
	assert_int_equal(audit_verify(db_get(), &rows, &bad, why), 1);
	assert_int_equal(bad, 7);
	assert_int_equal(rows, 6);
}

static void audit_chain_detects_a_deleted_row(void **state)
{
	int64_t rows, bad;
	char why[128];
	(void)state;
	/* Row 7 is already edited; deleting an earlier row moves the first
	 * break to the row after the hole. */
	tamper("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 4");
	assert_int_equal(audit_verify(db_get(), &rows, &bad, why), 1);
	assert_int_equal(bad, 5);
	assert_int_equal(rows, 3);
}

/* A list column reads back exactly, whatever its strings hold. */
static void list_column_reads_back(void **state)
{
	char items[4][32] = {"138 0013 8000", "引号\"与\\反斜杠", "tab\there\x01", ""};
	char back[4][32];
	char *json = db_list_json(items[0], sizeof items[0], 4);
	int n;
	(void)state;

	assert_non_null(json);
	assert_string_equal(json, "[\"138 0013 8000\",\"引号\\\"与\\\\反斜杠\","
				  "\"tab\\u0009here\\u0001\",\"\"]");
	db_list_read(json, back[0], sizeof back[0], 4, &n);
	assert_int_equal(n, 4);
	for (int i = 0; i < 4; i++)
		assert_string_equal(back[i], items[i]);
	free(json);
	json = db_list_json(items[0], sizeof items[0], 0);
	assert_string_equal(json, "[]");
	free(json);
}

/* In a batch, a released write stays and a rolled-back one does not; both
 * reach the database only when the batch ends. */
static void batch_keeps_released_writes_only(void **state)
{
	struct db *db = db_get();
	sqlite3_stmt *st;
	(void)state;

	assert_int_equal(db_exec(db, "CREATE TEMP TABLE batch_probe (x INTEGER)"), 0);
	assert_int_equal(db_batch(db, true), 0);
	assert_int_equal(db_begin(db, true), 0);
	assert_int_equal(db_exec(db, "INSERT INTO batch_probe VALUES (1)"), 0);
	assert_int_equal(db_commit(db), 0);
	/* Still inside the batch's own transaction. */
	assert_int_equal(db_exec(db, "BEGIN"), GX_EDB);
	assert_int_equal(db_begin(db, true), 0);
	assert_int_equal(db_exec(db, "INSERT INTO batch_probe VALUES (2)"), 0);
	db_rollback(db);
	db_rollback(db); /* nothing open: no effect */
	assert_int_equal(db_batch(db, false), 0);
	st = db_stmt(db, "SELECT group_concat(x) FROM batch_probe");
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "1");
	sqlite3_reset(st);
	assert_int_equal(db_exec(db, "DROP TABLE batch_probe"), 0);
}

#define GROUP_THREADS 12
#define GROUP_WRITES 40

static int group_announced[GROUP_THREADS * GROUP_WRITES];

static void group_announce(int64_t x)
{
	__atomic_add_fetch(&group_announced[x], 1, __ATOMIC_RELAXED);
}

/* One write of a group: every third is refused after it has written and
 * asked to be announced. */
static int group_write(struct db *db, void *arg)
{
	int64_t x = *(int64_t *)arg;
	sqlite3_stmt *st;
	int rc;

	if ((rc = db_begin(db, true)) != 0)
		return rc;
	st = db_stmt(db, "INSERT INTO group_probe VALUES (?)");
	sqlite3_bind_int64(st, 1, x);
	if ((rc = db_step_done(db, st)) != 0 ||
	    (rc = db_after_commit(db, group_announce, x)) != 0 ||
	    (rc = x % 3 == 0 ? GX_ECONFLICT : db_commit(db)) != 0)
		db_rollback(db);
	return rc;
}

static void *group_writer(void *arg)
{
	int64_t first = (int64_t)(intptr_t)arg * GROUP_WRITES;
	intptr_t wrong = 0;

	for (int64_t x = first; x < first + GROUP_WRITES; x++)
		if (db_group(group_write, &x) != (x % 3 == 0 ? GX_ECONFLICT : 0))
			wrong++;
	db_release_thread();
	return (void *)wrong;
}

/* Writes from many threads committed together: each gets its own answer,
 * a refused one leaves nothing and is not announced, the others are all
 * kept and announced once. */
static void group_commit_keeps_each_writes_answer(void **state)
{
	struct db *db = db_get();
	pthread_t t[GROUP_THREADS];
	sqlite3_stmt *st;
	void *wrong;
	int kept = 0;
	(void)state;

	assert_int_equal(db_exec(db, "CREATE TABLE group_probe (x INTEGER PRIMARY KEY)"), 0);
	for (intptr_t i = 0; i < GROUP_THREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, group_writer, (void *)i), 0);
	for (int i = 0; i < GROUP_THREADS; i++) {
		assert_int_equal(pthread_join(t[i], &wrong), 0);
		assert_null(wrong);
	}
	st = db_stmt(db, "SELECT x FROM group_probe ORDER BY x");
	for (int x = 0; x < GROUP_THREADS * GROUP_WRITES; x++) {
		if (x % 3 == 0) {
			assert_int_equal(group_announced[x], 0);
			continue;
		}
		assert_int_equal(group_announced[x], 1);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int64(st, 0), x);
		kept++;
	}
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_reset(st);
	assert_int_equal(kept, GROUP_THREADS * GROUP_WRITES * 2 / 3);
	assert_int_equal(db_exec(db, "DROP TABLE group_probe"), 0);
}

static void read_int(sqlite3_stmt *st, void *row)
{
	*(int64_t *)row = sqlite3_column_int64(st, 0);
}

/* db_rows stops at max and leaves the statement ready to run again;
 * db_row tells no row from a row. */
static void rows_stop_at_max_and_row_finds_none(void **state)
{
	struct db *db = db_get();
	int64_t got[3] = {0, 0, -1}, one = 0;
	int n = -1;
	(void)state;

	assert_int_equal(db_rows(db_stmt(db, "VALUES (1), (2), (3), (4)"), read_int, got,
				 sizeof *got, 2, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(got[0], 1);
	assert_int_equal(got[1], 2);
	assert_int_equal(got[2], -1);
	assert_int_equal(db_rows(db_stmt(db, "VALUES (1), (2), (3), (4)"), read_int, got,
				 sizeof *got, 3, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(got[2], 3);
	assert_int_equal(db_row(db_stmt(db, "SELECT 7 WHERE 0"), read_int, &one), GX_ENOTFOUND);
	assert_int_equal(db_row(db_stmt(db, "SELECT 7"), read_int, &one), 0);
	assert_int_equal(one, 7);
	assert_int_equal(db_rows(NULL, read_int, got, sizeof *got, 3, &n), GX_EDB);
	assert_int_equal(n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(migrations_seed_roles_and_admin_permissions),
		cmocka_unit_test(user_create_validates_every_field),
		cmocka_unit_test(duplicate_username_conflicts_case_insensitively),
		cmocka_unit_test(agent_may_not_manage_users_but_may_read_self),
		cmocka_unit_test(stale_version_changes_nothing),
		cmocka_unit_test(five_failures_lock_even_the_right_password),
		cmocka_unit_test(sessions_expire_idle_and_absolute),
		cmocka_unit_test(reset_token_works_once),
		cmocka_unit_test(disabling_a_user_ends_sessions_and_tokens),
		cmocka_unit_test(audit_chain_detects_edits_and_deletions),
		cmocka_unit_test(audit_chain_detects_a_deleted_row),
		cmocka_unit_test(regions_are_loaded_and_repaired_by_migration),
		cmocka_unit_test(region_codes_must_nest),
		cmocka_unit_test(list_column_reads_back),
		cmocka_unit_test(batch_keeps_released_writes_only),
		cmocka_unit_test(group_commit_keeps_each_writes_answer),
		cmocka_unit_test(rows_stop_at_max_and_row_finds_none),
	};
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests_name("domain", tests, group_setup, group_teardown);
}
