/* Unit tests of notifications below the API: the dedupe key, who a team
 * and role reaches, messages refused, live wakes only after a commit (and
 * none after a rollback), the event hub's limits, and the scheduler's
 * table of due jobs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/notifications.h"
#include "domain/users.h"
#include "jobs/scheduler.h"
#include "lib/evt.h"
#include "lib/log.h"
#include "store/db.h"
#include "store/migrate.h"

static char dir[] = "/tmp/gx-ntf-unit-XXXXXX";
static struct principal sys;

static int group_setup(void **state)
{
	char path[256];

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

static int64_t make_user(const char *name, const char *role, int64_t team, bool disabled)
{
	struct user_input in = {.username = name, .display_name = name, .password = "Passw0rd!",
				.nroles = 1, .has_team = team != 0, .team_id = team,
				.has_disabled = disabled, .disabled = disabled};
	struct user_rec u;
	struct verr v = {0};

	in.roles[0] = role;
	assert_int_equal(users_create(&sys, &in, &u, &v), 0);
	return u.id;
}

static int64_t make_team(const char *name)
{
	struct team_rec t;
	struct verr v = {0};

	assert_int_equal(teams_create(&sys, name, 0, &t, &v), 0);
	return t.id;
}

/* A principal acting as user id (for the reading functions). */
static struct principal as_user(int64_t id)
{
	struct principal p = {.user_id = id};

	return p;
}

static int64_t unread_of(int64_t user)
{
	struct principal p = as_user(user);
	int64_t unread = -1, latest;

	assert_int_equal(ntf_counts(&p, &unread, &latest), 0);
	return unread;
}

/* A subscription that counts its wakes. */
struct counter {
	struct evt_sub sub;
	int wakes, released;
};

static void count_wake(struct evt_sub *s)
{
	((struct counter *)s)->wakes++;
}

static void count_release(struct evt_sub *s)
{
	((struct counter *)s)->released++;
}

static void same_ref_and_kind_notifies_a_user_once(void **state)
{
	struct ntf_msg m = {.kind = "ticket.sla_warning", .title = "工单 #7 即将超时",
			    .link = "/tickets/7", .ref_type = "ticket", .ref_id = 7};
	int64_t u = make_user("dedupe1", "agent", 0, false);
	int sent = -1;

	(void)state;
	assert_int_equal(ntf_send(db_get(), u, &m, &sent), 0);
	assert_int_equal(sent, 1);
	assert_int_equal(ntf_send(db_get(), u, &m, &sent), 0);
	assert_int_equal(sent, 0);
	m.kind = "ticket.overdue";
	assert_int_equal(ntf_send(db_get(), u, &m, &sent), 0);
	assert_int_equal(sent, 1);
	/* Without a ref there is no key: each one is sent. */
	m.ref_type = NULL;
	assert_int_equal(ntf_send(db_get(), u, &m, &sent), 0);
	assert_int_equal(ntf_send(db_get(), u, &m, &sent), 0);
	assert_int_equal(unread_of(u), 4);
}

static void perm_in_team_reaches_its_enabled_holders_only(void **state)
{
	int64_t team = make_team("抢修一班"), other = make_team("抢修二班");
	int64_t s1 = make_user("sup_a", "supervisor", team, false);
	int64_t s2 = make_user("sup_b", "supervisor", team, false);
	int64_t off = make_user("sup_off", "supervisor", team, true);
	int64_t ag = make_user("agent_a", "agent", team, false);
	int64_t s3 = make_user("sup_c", "supervisor", other, false);
	struct ntf_msg m = {.kind = "ticket.overdue", .title = "工单 #9 已超时",
			    .ref_type = "ticket", .ref_id = 9};
	int sent = -1;

	(void)state;
	assert_int_equal(ntf_send_perm_in_team(db_get(), team, PERM_TICKET_SUPERVISE, &m, &sent), 0);
	assert_int_equal(sent, 2);
	assert_int_equal(unread_of(s1), 1);
	assert_int_equal(unread_of(s2), 1);
	assert_int_equal(unread_of(off), 0);
	assert_int_equal(unread_of(ag), 0);
	assert_int_equal(unread_of(s3), 0);
	assert_int_equal(ntf_send_perm_in_team(db_get(), team, PERM_TICKET_SUPERVISE, &m, &sent), 0);
	assert_int_equal(sent, 0);
	/* A disabled user gets nothing when named alone either. */
	assert_int_equal(ntf_send(db_get(), off, &(struct ntf_msg){.kind = "x", .title = "t"},
				  &sent), 0);
	assert_int_equal(sent, 0);
}

/* The top of a chase: holders of both permissions, in a team or none. */
static void perm_across_reaches_holders_of_both(void **state)
{
	int64_t team = make_team("客服三组");
	int64_t admin = make_user("top_admin", "admin", 0, false);
	int64_t admin_in_team = make_user("top_admin2", "admin", team, false);
	int64_t sup = make_user("top_sup", "supervisor", 0, false);
	struct ntf_msg m = {.kind = "ticket.escalated_2", .title = "工单 #11 超时升级",
			    .ref_type = "ticket", .ref_id = 11};
	int sent = -1;

	(void)state;
	assert_int_equal(ntf_send_perm_across(db_get(), PERM_TICKET_SUPERVISE, PERM_TICKET_MANAGE,
					      &m, &sent), 0);
	assert_true(sent >= 2);
	assert_int_equal(unread_of(admin), 1);
	assert_int_equal(unread_of(admin_in_team), 1);
	assert_int_equal(unread_of(sup), 0);
}

static void a_message_breaking_the_rules_is_refused_and_stores_nothing(void **state)
{
	int64_t u = make_user("rules1", "agent", 0, false);
	const struct ntf_msg bad[] = {
		{.kind = "Ticket", .title = "大写的种类"},
		{.kind = "ticket", .title = ""},
		{.kind = "ticket", .title = "两行\n标题"},
		{.kind = "ticket", .title = "外链", .link = "https://evil.example/"},
		{.kind = "ticket", .title = "协议相对", .link = "//evil.example/"},
		{.kind = "ticket", .title = "脚本", .link = "javascript:alert(1)"},
		{.kind = "ticket", .title = "无编号", .ref_type = "ticket", .ref_id = 0},
	};
	int sent = -1;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_int_equal(ntf_send(db_get(), u, &bad[i], &sent), GX_EINVAL);
	assert_int_equal(sent, 0);
	assert_int_equal(unread_of(u), 0);
	assert_int_equal(ntf_send(db_get(), 0, &(struct ntf_msg){.kind = "x", .title = "t"}, &sent),
			 GX_EINVAL);
}

static void live_wake_comes_after_commit_and_never_after_rollback(void **state)
{
	int64_t u = make_user("live1", "agent", 0, false);
	struct ntf_msg m = {.kind = "broadcast", .title = "检修通知"};
	struct counter c = {0};
	struct db *db = db_get();

	(void)state;
	evt_sub_init(&c.sub, u, count_wake, count_release);
	assert_true(evt_subscribe(&c.sub, 10));
	assert_int_equal(db_begin(db, true), 0);
	assert_int_equal(ntf_send(db, u, &m, NULL), 0);
	assert_int_equal(c.wakes, 0); /* not visible to others yet: no wake */
	db_rollback(db);
	assert_int_equal(c.wakes, 0);
	assert_int_equal(unread_of(u), 0);

	assert_int_equal(db_begin(db, true), 0);
	assert_int_equal(ntf_send(db, u, &m, NULL), 0);
	assert_int_equal(c.wakes, 0);
	assert_int_equal(db_commit(db), 0);
	assert_int_equal(c.wakes, 1);
	assert_int_equal(unread_of(u), 1);

	/* Outside a transaction the row has committed when ntf_send returns. */
	assert_int_equal(ntf_send(db, u, &m, NULL), 0);
	assert_int_equal(c.wakes, 2);
	/* Someone else's notification does not wake this user's streams. */
	assert_int_equal(ntf_send(db, make_user("live2", "agent", 0, false), &m, NULL), 0);
	assert_int_equal(c.wakes, 2);
	evt_unsubscribe(&c.sub);
	evt_put(&c.sub);
	assert_int_equal(c.released, 1);
}

static void reading_is_own_only(void **state)
{
	int64_t a = make_user("own_a", "agent", 0, false), b = make_user("own_b", "agent", 0, false);
	struct principal pa = as_user(a), pb = as_user(b);
	struct ntf_rec row;
	struct ntf_rec rows[4];
	int n, changed;

	(void)state;
	assert_int_equal(ntf_send(db_get(), a, &(struct ntf_msg){.kind = "x", .title = "给 A"}, NULL), 0);
	assert_int_equal(ntf_list(&pa, false, 0, rows, 4, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(ntf_mark_read(&pb, rows[0].id, &row), GX_ENOTFOUND);
	assert_int_equal(ntf_mark_all_read(&pb, &changed), 0);
	assert_int_equal(changed, 0);
	assert_int_equal(unread_of(a), 1);
	assert_int_equal(ntf_mark_read(&pa, rows[0].id, &row), 0);
	assert_true(row.read_at > 0);
	assert_int_equal(unread_of(a), 0);
	/* The command line's operator has no notifications. */
	assert_int_equal(ntf_list(&sys, false, 0, rows, 4, &n), GX_EPERM);
}

static void hub_refuses_past_its_limit_and_after_stop(void **state)
{
	struct counter c[3] = {0};

	(void)state;
	for (int i = 0; i < 3; i++)
		evt_sub_init(&c[i].sub, 900 + i, count_wake, count_release);
	assert_true(evt_subscribe(&c[0].sub, 2));
	assert_true(evt_subscribe(&c[1].sub, 2));
	assert_false(evt_subscribe(&c[2].sub, 2));
	assert_int_equal(evt_count(), 2);
	evt_publish(901);
	assert_int_equal(c[0].wakes, 0);
	assert_int_equal(c[1].wakes, 1);
	evt_stop();
	/* Stopping wakes every stream so that it can end. */
	assert_int_equal(c[0].wakes, 1);
	assert_int_equal(c[1].wakes, 2);
	assert_true(evt_stopped());
	assert_false(evt_subscribe(&c[2].sub, 10));
	for (int i = 0; i < 3; i++) {
		evt_unsubscribe(&c[i].sub);
		evt_put(&c[i].sub);
		assert_int_equal(c[i].released, 1);
	}
	assert_int_equal(evt_count(), 0);
}

static bool ran(const struct job_ran *r, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(r[i].name, name))
			return r[i].rc == 0;
	return false;
}

static void scheduler_runs_each_job_on_its_interval(void **state)
{
	struct job_ran r[JOB_MAX];
	int64_t t0 = 1800000000000LL;
	int n;

	(void)state;
	assert_int_equal(job_run_due(t0, r, &n), 0);
	assert_true(n >= 2);
	assert_true(ran(r, n, "sessions.purge"));
	assert_true(ran(r, n, "notifications.purge"));
	/* The WAL is checkpointed and the ACD's timers looked at every
	 * second, work orders are chased
	 * every 30 s, sessions purged every 10 min, read notifications every
	 * hour. */
	assert_int_equal(job_run_due(t0 + 500, r, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(job_run_due(t0 + 1000, r, &n), 0);
	assert_int_equal(n, 2);
	assert_true(ran(r, n, "db.checkpoint"));
	assert_true(ran(r, n, "cc.acd"));
	assert_int_equal(job_run_due(t0 + 30 * 1000, r, &n), 0);
	assert_int_equal(n, 3);
	assert_true(ran(r, n, "tickets.chase"));
	assert_int_equal(job_run_due(t0 + 10 * 60 * 1000, r, &n), 0);
	assert_int_equal(n, 4);
	assert_true(ran(r, n, "sessions.purge"));
	assert_false(ran(r, n, "notifications.purge"));
	assert_int_equal(job_run_due(t0 + 60 * 60 * 1000, r, &n), 0);
	assert_int_equal(n, 5);
	assert_true(ran(r, n, "notifications.purge"));
}

static void purge_deletes_old_read_notifications_only(void **state)
{
	int64_t u = make_user("purge1", "agent", 0, false);
	struct principal p = as_user(u);
	struct ntf_rec rows[4], row;
	int n;

	(void)state;
	assert_int_equal(ntf_send(db_get(), u, &(struct ntf_msg){.kind = "x", .title = "已读"}, NULL), 0);
	assert_int_equal(ntf_send(db_get(), u, &(struct ntf_msg){.kind = "x", .title = "未读"}, NULL), 0);
	assert_int_equal(ntf_list(&p, false, 0, rows, 4, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(ntf_mark_read(&p, rows[1].id, &row), 0);
	assert_int_equal(ntf_purge(db_get(), row.read_at + NTF_KEEP_READ_MS - 1), 0);
	assert_int_equal(ntf_list(&p, false, 0, rows, 4, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(ntf_purge(db_get(), row.read_at + NTF_KEEP_READ_MS + 1), 0);
	assert_int_equal(ntf_list(&p, false, 0, rows, 4, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].title, "未读");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_ref_and_kind_notifies_a_user_once),
		cmocka_unit_test(perm_in_team_reaches_its_enabled_holders_only),
		cmocka_unit_test(perm_across_reaches_holders_of_both),
		cmocka_unit_test(a_message_breaking_the_rules_is_refused_and_stores_nothing),
		cmocka_unit_test(live_wake_comes_after_commit_and_never_after_rollback),
		cmocka_unit_test(reading_is_own_only),
		cmocka_unit_test(scheduler_runs_each_job_on_its_interval),
		cmocka_unit_test(purge_deletes_old_read_notifications_only),
		/* Last: it stops the hub for good. */
		cmocka_unit_test(hub_refuses_past_its_limit_and_after_stop),
	};
	return cmocka_run_group_tests_name("notifications", tests, group_setup, group_teardown);
}
