/* Notifications (SVC-4 infrastructure): an administrator's broadcast to a
 * team and role, each user's own list with cursor paging, unread filter
 * and count, marking read (own only), bad input changing nothing, the
 * live event stream (GET /api/v1/events) receiving a notification as it
 * is committed and resuming from Last-Event-ID, a signed-out stream
 * ending, the scheduler's test route, the scheduler thread itself, and a
 * prompt shutdown with a stream open. */
#include "harness.h"

#include <string.h>
#include <time.h>

/* ---- helpers ---------------------------------------------------------- */

static long long broadcast_to_team(gx_client *admin, const char *title, json_int_t team)
{
	http_resp *r = http_pack(admin, "POST", "/api/v1/notifications/broadcast", "{s:s,s:s,s:I}",
				 "title", title, "link", "/tasks", "team_id", team);
	expect_status(r, 201);
	return jint(r->json, "sent");
}

static json_int_t unread(gx_client *c)
{
	http_resp *r = http_get(c, "/api/v1/notifications/unread-count");
	expect_status(r, 200);
	return jint(r->json, "unread");
}

static size_t list_size(gx_client *c, const char *query)
{
	char *path = xasprintf("/api/v1/notifications%s", query);
	http_resp *r = http_get(c, path);

	free(path);
	expect_status(r, 200);
	return json_array_size(jget(r->json, "items"));
}

/* A signed-in user alone in a new team; returns the team id. */
static json_int_t user_in_new_team(gx_client *admin, const char *user, const char *team_name,
				   gx_client **out)
{
	json_int_t team = create_team(admin, team_name);

	create_user_in_team(admin, user, "agent", team);
	*out = client_signed_in(admin->srv, user, "Passw0rd!");
	return team;
}

/* ---- tests ------------------------------------------------------------ */

static void test_broadcast_reaches_its_team_and_role_only(void **state)
{
	gx_server *s = state_server(state);
	gx_client *admin = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	json_int_t team = create_team(admin, "通知一组");
	http_resp *r;

	create_user_in_team(admin, "ntf_sup", "supervisor", team);
	create_user_in_team(admin, "ntf_agent", "agent", team);
	create_user_in_team(admin, "ntf_far", "supervisor", 0);
	gx_client *sup = client_signed_in(s, "ntf_sup", "Passw0rd!");
	gx_client *agent = client_signed_in(s, "ntf_agent", "Passw0rd!");
	gx_client *far = client_signed_in(s, "ntf_far", "Passw0rd!");

	r = http_pack(admin, "POST", "/api/v1/notifications/broadcast", "{s:s,s:s,s:I,s:s}",
		      "title", "班长请到会议室", "body", "讨论超时工单", "team_id", team,
		      "role", "supervisor");
	expect_status(r, 201);
	assert_int_equal(jint(r->json, "sent"), 1);
	r = http_get(sup, "/api/v1/notifications");
	expect_status(r, 200);
	assert_int_equal(json_array_size(jget(r->json, "items")), 1);
	assert_string_equal(jstr(r->json, "items.0.title"), "班长请到会议室");
	assert_string_equal(jstr(r->json, "items.0.body"), "讨论超时工单");
	assert_string_equal(jstr(r->json, "items.0.kind"), "broadcast");
	assert_true(json_is_null(jget(r->json, "items.0.link")));
	assert_true(json_is_false(jget(r->json, "items.0.read")));
	assert_true(is_rfc3339_ms(jstr(r->json, "items.0.created_at")));
	assert_int_equal(list_size(agent, ""), 0);
	assert_int_equal(list_size(far, ""), 0);

	assert_int_equal(broadcast_to_team(admin, "本组注意", team), 2);
	assert_int_equal(list_size(agent, ""), 1);
	/* Everyone: admin, agent1, sup1 and the three made here. */
	r = http_pack(admin, "POST", "/api/v1/notifications/broadcast", "{s:s}", "title", "全员通知");
	expect_status(r, 201);
	assert_int_equal(jint(r->json, "sent"), 6);
	assert_int_equal(unread(far), 1);
	assert_int_equal(unread(sup), 3);
}

static void test_list_pages_newest_first_and_filters_unread(void **state)
{
	gx_server *s = state_server(state);
	gx_client *admin = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *u;
	json_int_t team = user_in_new_team(admin, "ntf_pager", "翻页组", &u);
	char title[32], *path;
	http_resp *r;

	for (int i = 1; i <= 5; i++) {
		snprintf(title, sizeof title, "通知%d", i);
		broadcast_to_team(admin, title, team);
	}
	r = http_get(u, "/api/v1/notifications?limit=2");
	expect_status(r, 200);
	assert_string_equal(jstr(r->json, "items.0.title"), "通知5");
	assert_string_equal(jstr(r->json, "items.1.title"), "通知4");
	assert_string_equal(jstr(r->json, "items.0.link"), "/tasks");
	path = xasprintf("/api/v1/notifications?limit=2&after=%s", jstr(r->json, "next"));
	r = http_get(u, path);
	free(path);
	expect_status(r, 200);
	assert_string_equal(jstr(r->json, "items.0.title"), "通知3");
	assert_string_equal(jstr(r->json, "items.1.title"), "通知2");
	json_int_t third = jint(r->json, "items.0.id");
	path = xasprintf("/api/v1/notifications?limit=2&after=%s", jstr(r->json, "next"));
	r = http_get(u, path);
	free(path);
	assert_int_equal(json_array_size(jget(r->json, "items")), 1);
	assert_string_equal(jstr(r->json, "items.0.title"), "通知1");
	assert_true(json_is_null(jget(r->json, "next")));

	assert_int_equal(unread(u), 5);
	path = xasprintf("/api/v1/notifications/%lld/read", (long long)third);
	r = http_do(u, "POST", path, NULL, NULL);
	expect_status(r, 200);
	assert_true(json_is_true(jget(r->json, "read")));
	char *first_read = xasprintf("%s", jstr(r->json, "read_at"));
	assert_true(is_rfc3339_ms(first_read));
	clock_advance(s, MS_MINUTE);
	r = http_do(u, "POST", path, NULL, NULL);
	expect_status(r, 200);
	assert_string_equal(jstr(r->json, "read_at"), first_read); /* the first read time stays */
	free(first_read);
	free(path);
	assert_int_equal(unread(u), 4);
	r = http_get(u, "/api/v1/notifications?unread=true");
	expect_status(r, 200);
	assert_int_equal(json_array_size(jget(r->json, "items")), 4);
	for (size_t i = 0; i < 4; i++)
		assert_int_not_equal(jint(json_array_get(jget(r->json, "items"), i), "id"), third);
	r = http_do(u, "POST", "/api/v1/notifications/read-all", NULL, NULL);
	expect_status(r, 200);
	assert_int_equal(jint(r->json, "marked"), 4);
	assert_int_equal(unread(u), 0);
	assert_int_equal(list_size(u, "?unread=true"), 0);
	assert_int_equal(list_size(u, "?unread=false"), 5);

	expect_field(http_get(u, "/api/v1/notifications?unread=yes"), "unread");
	expect_field(http_get(u, "/api/v1/notifications?limit=0"), "limit");
	expect_field(http_get(u, "/api/v1/notifications?after=abc"), "after");
}

static void test_nobody_reads_or_marks_anothers_notifications(void **state)
{
	gx_server *s = state_server(state);
	gx_client *admin = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *a, *b;
	json_int_t team_a = user_in_new_team(admin, "ntf_a", "甲组", &a);
	char *path;
	http_resp *r;

	user_in_new_team(admin, "ntf_b", "乙组", &b);
	broadcast_to_team(admin, "只给甲", team_a);
	r = http_get(a, "/api/v1/notifications");
	path = xasprintf("/api/v1/notifications/%lld/read", (long long)jint(r->json, "items.0.id"));
	expect_error(http_do(b, "POST", path, NULL, NULL), 404, "not_found");
	expect_status(http_do(b, "POST", "/api/v1/notifications/read-all", NULL, NULL), 200);
	assert_int_equal(list_size(b, ""), 0);
	assert_int_equal(unread(a), 1);
	expect_error(http_do(client_new(s), "POST", path, NULL, NULL), 401, "unauthenticated");
	expect_error(http_get(client_new(s), "/api/v1/notifications"), 401, "unauthenticated");
	expect_error(http_get(client_new(s), "/api/v1/events"), 401, "unauthenticated");
	free(path);
	expect_error(http_do(a, "POST", "/api/v1/notifications/999999/read", NULL, NULL), 404,
		     "not_found");
}

static void test_broadcast_bad_input_or_no_permission_sends_nothing(void **state)
{
	gx_server *s = state_server(state);
	gx_client *admin = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *agent = client_signed_in(s, AGENT_USER, AGENT_PASS);
	const char *const P = "/api/v1/notifications/broadcast";
	char long_title[700];

	/* 201 characters of three bytes each. */
	for (int i = 0; i < 201; i++)
		memcpy(long_title + 3 * i, "长", 3);
	long_title[3 * 201] = '\0';
	expect_error(http_pack(agent, "POST", P, "{s:s}", "title", "坐席不能群发"), 403, "forbidden");
	expect_field(http_pack(admin, "POST", P, "{s:s}", "body", "没有标题"), "title");
	expect_field(http_pack(admin, "POST", P, "{s:i}", "title", 5), "title");
	expect_field(http_pack(admin, "POST", P, "{s:s}", "title", long_title), "title");
	expect_field(http_pack(admin, "POST", P, "{s:s}", "title", "   "), "title");
	expect_field(http_pack(admin, "POST", P, "{s:s,s:s}", "title", "外链", "link",
			       "https://evil.example/"), "link");
	expect_field(http_pack(admin, "POST", P, "{s:s,s:s}", "title", "脚本", "link",
			       "javascript:alert(1)"), "link");
	expect_field(http_pack(admin, "POST", P, "{s:s,s:I}", "title", "无此组", "team_id",
			       (json_int_t)99999), "team_id");
	expect_field(http_pack(admin, "POST", P, "{s:s,s:s}", "title", "无此角色", "role",
			       "nobody"), "role");
	expect_field(http_pack(admin, "POST", P, "{s:s,s:s}", "title", "多余字段", "color",
			       "red"), "color");
	http_opts o = {.method = "POST", .path = P, .body = "{\"title\":\"无令牌\"}", .no_csrf = true};
	expect_error(http_req(admin, &o), 403, "csrf_failed");
	/* Everyone would have received a good one: nobody got anything. */
	assert_int_equal(unread(admin), 0);
	assert_int_equal(unread(agent), 0);
	assert_int_equal(list_size(admin, ""), 0);
}

static void test_event_stream_receives_a_notification_as_it_is_sent(void **state)
{
	gx_server *s = state_server(state);
	gx_client *admin = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *u, *other;
	json_int_t team = user_in_new_team(admin, "ntf_live", "实时组", &u);
	sse_stream *st, *st2;
	char *expect;
	http_resp *r;

	user_in_new_team(admin, "ntf_quiet", "安静组", &other);
	st = sse_open(s, u, "/api/v1/events", NULL);
	st2 = sse_open(s, other, "/api/v1/events", NULL);
	assert_int_equal(sse_status(st), 200);
	assert_true(sse_wait(st, "event: unread\ndata: {\"unread\":0}", 2000));
	broadcast_to_team(admin, "十分钟后停电检修", team);
	assert_true(sse_wait(st, "十分钟后停电检修", 3000));
	r = http_get(u, "/api/v1/notifications");
	expect = xasprintf("id: %lld\nevent: notification\ndata: {\"id\":%lld,",
			   (long long)jint(r->json, "items.0.id"), (long long)jint(r->json, "items.0.id"));
	assert_non_null(strstr(st->buf, expect));
	free(expect);
	assert_true(sse_wait(st, "event: unread\ndata: {\"unread\":1}", 2000));
	/* Marking it read in another tab updates this one's count. */
	expect_status(http_do(u, "POST", "/api/v1/notifications/read-all", NULL, NULL), 200);
	assert_true(sse_wait(st, "}\n\nevent: unread\ndata: {\"unread\":0}", 3000));
	/* Another user's stream saw none of it. */
	sse_wait(st2, NULL, 200);
	assert_null(strstr(st2->buf, "event: notification"));
	sse_close(st);
	sse_close(st2);
}

static void test_event_stream_resumes_after_last_event_id(void **state)
{
	gx_server *s = state_server(state);
	gx_client *admin = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *u;
	json_int_t team = user_in_new_team(admin, "ntf_resume", "重连组", &u);
	sse_stream *st;
	char id[24];
	http_resp *r;

	broadcast_to_team(admin, "断线前已收到", team);
	r = http_get(u, "/api/v1/notifications");
	snprintf(id, sizeof id, "%lld", (long long)jint(r->json, "items.0.id"));
	broadcast_to_team(admin, "断线时错过一", team);
	broadcast_to_team(admin, "断线时错过二", team);
	st = sse_open(s, u, "/api/v1/events", id);
	assert_true(sse_wait(st, "断线时错过二", 2000));
	assert_non_null(strstr(st->buf, "断线时错过一"));
	assert_null(strstr(st->buf, "断线前已收到"));
	assert_true(strstr(st->buf, "断线时错过一") < strstr(st->buf, "断线时错过二"));
	sse_close(st);
	/* Without one, only what comes next. */
	st = sse_open(s, u, "/api/v1/events", NULL);
	sse_wait(st, NULL, 300);
	assert_null(strstr(st->buf, "event: notification"));
	sse_close(st);
	r = http_do(u, "GET", "/api/v1/events",
		    NULL, (const char *const[]){"Last-Event-ID: x1", NULL});
	expect_field(r, "after");
}

static void test_event_stream_ends_when_its_session_signs_out(void **state)
{
	gx_server *s = state_server(state);
	gx_client *admin = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *u;
	sse_stream *st;

	user_in_new_team(admin, "ntf_leaver", "离开组", &u);
	st = sse_open(s, u, "/api/v1/events", NULL);
	expect_status(http_do(u, "DELETE", "/api/v1/session", NULL, NULL), 204);
	assert_true(sse_wait(st, NULL, 3000));
	assert_false(st->running);
	sse_close(st);
}

static bool ran_job(http_resp *r, const char *name)
{
	json_t *it;
	size_t i;

	json_array_foreach(jget(r->json, "ran"), i, it)
		if (!strcmp(jstr(it, "name"), name))
			return json_is_true(jget(it, "ok"));
	return false;
}

static void test_scheduler_route_runs_due_jobs_by_the_test_clock(void **state)
{
	gx_server *s = state_server(state);
	gx_client *admin = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *anon = client_new(s), *u;
	const char *const RUN = "/api/v1/test/scheduler/run";
	json_int_t team = user_in_new_team(admin, "ntf_old", "旧闻组", &u);
	http_resp *r;
	char *n;

	r = http_do(anon, "POST", RUN, NULL, NULL);
	expect_status(r, 200);
	assert_true(ran_job(r, "sessions.purge"));
	assert_true(ran_job(r, "notifications.purge"));
	r = http_do(anon, "POST", RUN, NULL, NULL);
	assert_int_equal(json_array_size(jget(r->json, "ran")), 0);

	/* A read notification 91 days old goes; an unread one stays. */
	broadcast_to_team(admin, "已读的旧通知", team);
	expect_status(http_do(u, "POST", "/api/v1/notifications/read-all", NULL, NULL), 200);
	broadcast_to_team(admin, "未读的旧通知", team);
	clock_advance(s, 10 * MS_MINUTE);
	r = http_do(anon, "POST", RUN, NULL, NULL);
	assert_true(ran_job(r, "sessions.purge"));
	assert_false(ran_job(r, "notifications.purge")); /* hourly */
	n = sql_text(s->db, "SELECT count(*) FROM sessions");
	assert_string_not_equal(n, "0"); /* used 10 minutes ago: not expired */
	free(n);

	clock_advance(s, 91 * MS_DAY);
	r = http_do(anon, "POST", RUN, NULL, NULL);
	assert_true(ran_job(r, "sessions.purge"));
	assert_true(ran_job(r, "notifications.purge"));
	n = sql_text(s->db, "SELECT count(*) FROM sessions");
	assert_string_equal(n, "0"); /* every session had expired */
	free(n);
	n = sql_text(s->db, "SELECT group_concat(title) FROM notifications");
	assert_string_equal(n, "未读的旧通知");
	free(n);
}

static void test_scheduler_thread_runs_jobs_on_a_real_clock(void **state)
{
	gx_server *s = state_server(state);
	gx_client *admin = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	server_opts real = {.no_test_clock = true};
	long long until;
	char *n = NULL;

	http_resp *r = http_pack(admin, "POST", "/api/v1/notifications/broadcast", "{s:s}",
				 "title", "很久以前");

	expect_status(r, 201);
	assert_true(jint(r->json, "sent") >= 1);
	expect_status(http_do(admin, "POST", "/api/v1/notifications/read-all", NULL, NULL), 200);
	assert_int_equal(server_shutdown(s, 10000), 0);
	/* Read in 1970: long past the time kept. */
	assert_int_equal(sql_exec(s->db, "UPDATE notifications SET read_at = 1", NULL), 0);
	n = sql_text(s->db, "SELECT count(*) FROM notifications");
	assert_string_not_equal(n, "0");
	free(n);
	n = NULL;
	assert_true(server_restart(s, &real));
	for (until = mono_ms() + 5000; mono_ms() < until; free(n)) {
		n = sql_text(s->db, "SELECT count(*) FROM notifications");
		if (n && !strcmp(n, "0"))
			break;
		struct timespec t = {0, 50 * 1000000L};
		nanosleep(&t, NULL);
	}
	assert_non_null(n);
	assert_string_equal(n, "0");
	free(n);
	expect_error(http_do(client_new(s), "POST", "/api/v1/test/scheduler/run", NULL, NULL), 404,
		     "not_found");
}

static void test_shutdown_is_prompt_with_streams_open(void **state)
{
	gx_server *s = state_server(state);
	gx_client *admin = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	sse_stream *a = sse_open(s, admin, "/api/v1/events", NULL), *b = sse_open(s, admin, "/api/v1/events", NULL);
	long long t0 = mono_ms();

	assert_int_equal(server_shutdown(s, 5000), 0);
	assert_true(mono_ms() - t0 < 2000);
	/* Each stream was ended by the server, not cut. */
	assert_true(sse_wait(a, NULL, 1000));
	assert_true(sse_wait(b, NULL, 1000));
	assert_int_equal(sse_result(a), CURLE_OK);
	assert_int_equal(sse_result(b), CURLE_OK);
	sse_close(a);
	sse_close(b);
}

int run_notifications_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_broadcast_reaches_its_team_and_role_only,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_list_pages_newest_first_and_filters_unread,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_nobody_reads_or_marks_anothers_notifications,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_broadcast_bad_input_or_no_permission_sends_nothing,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_event_stream_receives_a_notification_as_it_is_sent,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_event_stream_resumes_after_last_event_id,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_event_stream_ends_when_its_session_signs_out,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_scheduler_route_runs_due_jobs_by_the_test_clock,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_scheduler_thread_runs_jobs_on_a_real_clock,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_shutdown_is_prompt_with_streams_open,
						gx_test_setup, gx_test_teardown),
	};
	return cmocka_run_group_tests_name("notifications", tests, NULL, NULL);
}
