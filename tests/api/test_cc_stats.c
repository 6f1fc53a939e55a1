/* Contact centre reports (CC-5, CC-7): the KPI report's periods and its
 * limits, the rating report, the KPI workbook, the wallboard and its live
 * stream, and who may read them. */
#include "harness.h"
#include "lib/xlsx.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* ---- reports without calls --------------------------------------------- */

static void test_an_empty_day_has_48_half_hours_with_no_rates(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	http_resp *r = http_get(a, "/api/v1/cc/kpis?from=2026-03-01&to=2026-03-01&by=interval");

	expect_status(r, 200);
	assert_int_equal(json_array_size(jget(r->json, "items")), 48);
	assert_string_equal(jstr(r->json, "items.0.period"), "2026-03-01 00:00");
	assert_string_equal(jstr(r->json, "items.17.period"), "2026-03-01 08:30");
	assert_string_equal(jstr(r->json, "items.47.period"), "2026-03-01 23:30");
	assert_int_equal(jint(r->json, "total.offered"), 0);
	assert_true(json_is_null(jget(r->json, "total.abandon_rate")));
	assert_true(json_is_null(jget(r->json, "total.asa")));
	assert_true(json_is_null(jget(r->json, "total.service_level")));

	/* Months and quarters cover the range from its first to its last. */
	r = http_get(a, "/api/v1/cc/kpis?from=2026-02-15&to=2026-04-02&by=month");
	expect_status(r, 200);
	assert_int_equal(json_array_size(jget(r->json, "items")), 3);
	assert_string_equal(jstr(r->json, "items.0.period"), "2026-02");
	assert_string_equal(jstr(r->json, "items.2.period"), "2026-04");
	r = http_get(a, "/api/v1/cc/kpis?from=2025-12-31&to=2026-04-01&by=quarter");
	expect_status(r, 200);
	assert_int_equal(json_array_size(jget(r->json, "items")), 3);
	assert_string_equal(jstr(r->json, "items.0.period"), "2025-Q4");
	assert_string_equal(jstr(r->json, "items.2.period"), "2026-Q2");
	/* by defaults to day. */
	r = http_get(a, "/api/v1/cc/kpis?from=2026-02-27&to=2026-03-01");
	expect_status(r, 200);
	assert_int_equal(json_array_size(jget(r->json, "items")), 3);
	assert_string_equal(jstr(r->json, "items.1.period"), "2026-02-28");
}

static void test_bad_report_requests_are_422(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	static const struct {
		const char *path, *field;
	} bad[] = {
		{"/api/v1/cc/kpis?to=2026-03-01", "from"},
		{"/api/v1/cc/kpis?from=2026-02-30&to=2026-03-01", "from"},
		{"/api/v1/cc/kpis?from=2026-03-01&to=3/2/2026", "to"},
		{"/api/v1/cc/kpis?from=2026-03-02&to=2026-03-01", "to"},
		{"/api/v1/cc/kpis?from=2026-03-01&to=2026-04-01&by=interval", "to"},
		{"/api/v1/cc/kpis?from=2026-01-01&to=2027-01-02&by=day", "to"},
		{"/api/v1/cc/kpis?from=2026-03-01&to=2026-03-01&by=hour", "by"},
		{"/api/v1/cc/kpis?from=2026-03-01&to=2026-03-01&queue_id=abc", "queue_id"},
		{"/api/v1/cc/kpis?from=2026-03-01&to=2026-03-01&queue_id=999", "queue_id"},
		{"/api/v1/cc/kpis?from=2026-03-01&to=2026-03-01&agent_id=999", "agent_id"},
		{"/api/v1/cc/kpis/export?from=2026-03-01&to=2026-04-01&by=interval", "to"},
		{"/api/v1/cc/ratings?from=2026-03-01&to=2026-03-01&by=interval", "by"},
		{"/api/v1/cc/ratings?from=2026-03-01&to=2026-03-01&group=team", "group"},
		{"/api/v1/cc/ratings?from=2026-03-01&to=2027-03-02&by=day", "to"},
	};

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		http_resp *r = http_get(a, bad[i].path);
		expect_error(r, 422, "validation_failed");
		expect_field(r, bad[i].field);
	}
	/* 31 days by the half hour and 366 by the day are allowed. */
	expect_status(http_get(a, "/api/v1/cc/kpis?from=2026-03-01&to=2026-03-31&by=interval"), 200);
	expect_status(http_get(a, "/api/v1/cc/kpis?from=2028-01-01&to=2028-12-31&by=day"), 200);
}

static void test_only_supervisors_read_reports(void **state)
{
	gx_server *s = state_server(state);
	gx_client *agent = client_signed_in(s, AGENT_USER, AGENT_PASS);
	gx_client *sup = client_signed_in(s, SUP_USER, SUP_PASS);
	static const char *const paths[] = {
		"/api/v1/cc/kpis?from=2026-03-01&to=2026-03-01",
		"/api/v1/cc/kpis/export?from=2026-03-01&to=2026-03-01",
		"/api/v1/cc/ratings?from=2026-03-01&to=2026-03-01",
		"/api/v1/cc/wallboard",
		"/api/v1/cc/wallboard/stream",
	};

	for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
		expect_error(http_get(agent, paths[i]), 403, "forbidden");
		expect_error(http_get(client_new(s), paths[i]), 401, "unauthenticated");
	}
	expect_status(http_get(sup, paths[0]), 200);
	expect_status(http_get(sup, paths[3]), 200);
}

struct sheet {
	int rows;
	char cells[4][10][64];
};

static int collect(void *ctx, int line, char **cells, int n)
{
	struct sheet *sh = ctx;

	(void)line;
	for (int i = 0; i < n && i < 10 && sh->rows < 4; i++)
		snprintf(sh->cells[sh->rows][i], 64, "%s", cells[i]);
	sh->rows++;
	return 0;
}

static void test_export_is_a_workbook_with_chinese_headers(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	struct sheet *sh = (struct sheet *)srv_own(s, calloc(1, sizeof *sh));
	char err[160] = "";
	http_resp *r = http_get(a, "/api/v1/cc/kpis/export?from=2026-03-01&to=2026-03-02&by=day");

	assert_int_equal(r->status, 200);
	assert_string_equal(resp_header(r, "Content-Type"), XLSX_TYPE);
	assert_non_null(strstr(resp_header(r, "Content-Disposition"), ".xlsx"));
	assert_true(r->body_len > 4 && !memcmp(r->body, "PK\x03\x04", 4));
	assert_int_equal(xlsx_read(r->body, r->body_len, collect, sh, err, sizeof err), 0);
	assert_int_equal(sh->rows, 4); /* header, two days, total */
	assert_string_equal(sh->cells[0][0], "时段");
	assert_string_equal(sh->cells[0][1], "呼入量");
	assert_string_equal(sh->cells[0][8], "服务水平");
	assert_string_equal(sh->cells[1][0], "2026-03-01");
	assert_string_equal(sh->cells[1][1], "0");
	assert_string_equal(sh->cells[3][0], "合计");
	assert_string_equal(sh->cells[3][4], "-");
}

static void test_wallboard_without_a_call_centre(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	http_resp *r = http_get(a, "/api/v1/cc/wallboard");
	sse_stream *st;

	expect_status(r, 200);
	assert_int_equal(json_array_size(jget(r->json, "queues")), 0);
	assert_int_equal(jint(r->json, "agents.ready"), 0);
	assert_int_equal(jint(r->json, "today.offered"), 0);
	assert_true(is_rfc3339_ms(jstr(r->json, "at")));

	st = sse_open(s, a, "/api/v1/cc/wallboard/stream", NULL);
	assert_true(sse_wait(st, "event: wallboard\ndata: {\"at\":", 5000));
	assert_non_null(strstr(st->buf, "\"queues\":[]"));
	sse_close(st);
}

/* ---- a hand-made day of calls ------------------------------------------ */

/* The calls of 2026-03-10 (Beijing), written straight into the database
 * for the ratings and the wallboard: a fixed past date that the test
 * clock, which only moves forward, cannot reach through events (the KPI
 * formulas are proven on events below). B is 08:00
 * Beijing that day; times are seconds after it. Queue 1 answers within
 * 20 s, queue 2 within 60 s; agent a works queue 1, agent b queue 2. */
#define B "(strftime('%%s', '2026-03-10 00:00:00') * 1000)" /* a printf format */
#define AT(sec) "(" B " + (" #sec ") * 1000)"

static void seed_day(gx_server *s, json_int_t a, json_int_t b)
{
	char *sql = xasprintf(
		"INSERT INTO cc_skills (id, name, created_at) VALUES (1, '普通', 0), (2, '贵宾', 0);"
		"INSERT INTO cc_queues (id, name, skill_id, sl_seconds, created_at, updated_at)"
		" VALUES (1, '普通队列', 1, 20, 0, 0), (2, '贵宾队列', 2, 60, 0, 0);"
		"INSERT INTO cc_agents (user_id, extension, state, reason, state_since, idle_since,"
		" created_at, updated_at) VALUES (%lld, '8001', 'ready', '', 0, 0, 0, 0),"
		" (%lld, '8002', 'talking', '', 0, 0, 0, 0);"
		"INSERT INTO cc_agent_skills (user_id, skill_id, level) VALUES (%lld, 1, 1), (%lld, 2, 1);"
		/* c1: answered in 10 s, talk 100 s, wrap-up 20 s; rated 5. Its
		 * customer calls again 40 minutes later: not resolved first time. */
		"INSERT INTO cc_calls (ext_id, caller, queue_id, agent_id, customer_id, state,"
		" offered_at, queued_at, answered_at, ended_at, wrap_end_at, disposition, rating)"
		" VALUES ('c1', '1', 1, %lld, 1001, 'ended', " AT(0) ", " AT(0) ", " AT(10) ","
		" " AT(110) ", " AT(130) ", 'answered', 5),"
		/* c2: 08:40, answered in 30 s (outside 20 s), talk 60 s, no wrap-up;
		 * the customer's next call is 8 days later: resolved. Rated 3. */
		" ('c2', '1', 1, %lld, 1001, 'ended', " AT(2400) ", " AT(2400) ", " AT(2430) ","
		" " AT(2490) ", NULL, 'answered', 3),"
		/* c4: 09:10 in queue 2, answered in 45 s (within its 60 s), talk
		 * 200 s, wrap-up 10 s; rated 4. */
		" ('c4', '2', 2, %lld, 1002, 'ended', " AT(4200) ", " AT(4200) ", " AT(4245) ","
		" " AT(4445) ", " AT(4455) ", 'answered', 4),"
		/* c8: April, agent a, rated 1. */
		" ('c8', '1', 1, %lld, NULL, 'ended', " AT(2073600) ", " AT(2073600) ","
		" " AT(2073605) ", " AT(2073665) ", NULL, 'answered', 1);"
		/* c3: 09:00, abandoned after 41 s. c7: 10:00, still waiting. */
		"INSERT INTO cc_calls (ext_id, caller, queue_id, state, offered_at, queued_at,"
		" ended_at, disposition) VALUES"
		" ('c3', '3', 1, 'ended', " AT(3600) ", " AT(3600) ", " AT(3641) ", 'abandoned'),"
		" ('c7', '7', 1, 'queued', " AT(7200) ", " AT(7200) ", NULL, '');"
		/* c5: customer 1001 again, 8 days later. c6: an outbound call that
		 * day, which no inbound figure counts. */
		"INSERT INTO cc_calls (ext_id, direction, caller, queue_id, agent_id, customer_id,"
		" state, offered_at, queued_at, answered_at, ended_at, disposition) VALUES"
		" ('c5', 'inbound', '1', 1, %lld, 1001, 'ended', " AT(691200) ", " AT(691200) ","
		" " AT(691210) ", " AT(691300) ", 'answered'),"
		" ('c6', 'outbound', '1', 1, %lld, 1001, 'ended', " AT(7000) ", " AT(7000) ","
		" " AT(7005) ", " AT(7100) ", 'answered');",
		(long long)a, (long long)b, (long long)a, (long long)b, (long long)a, (long long)a,
		(long long)b, (long long)a, (long long)a, (long long)a);
	char *err = NULL;

	if (sql_exec(s->db, sql, &err) != 0)
		fail_msg("seeding the day failed: %s", err ? err : "?");
	free(sql);
}

static double jreal(json_t *root, const char *path)
{
	json_t *v = jget(root, path);

	if (!json_is_number(v))
		fail_msg("%s is not a number", path);
	return json_number_value(v);
}

/* ---- a day of calls from the telephone system ------------------------- */

/* The KPIs of calls reported through POST /api/v1/cti/events, as the
 * telephone system reports them, on the test clock moved to 08:00
 * Beijing (base); calls start at seconds after it. Event times are the
 * server's clock at receipt, which runs on between requests: within a
 * call the clock is moved by the wait and the talk time, so these come
 * out a few ms longer than planned, never shorter, and the planned
 * averages are ones that rounding to 0.1 s keeps under such a surplus. Queue 1 answers within
 * 20 s and wraps up for 20 s, queue 2 within 60 s and 10 s; agent a
 * (8001) works queue 1, agent b (8002) queue 2. */
struct day {
	gx_server *s;
	gx_client *admin, *a, *b;
	long long base;
	json_int_t queue1, queue2, ua;
};

/* Moves the server clock to base + sec. */
static void at(struct day *d, long long sec)
{
	long long now = server_now(d->s), target = d->base + sec * MS_SECOND;

	assert_true(target >= now);
	clock_advance(d->s, target - now);
}

static void run_scheduler(struct day *d)
{
	expect_status(http_do(client_new(d->s), "POST", "/api/v1/test/scheduler/run", NULL, NULL),
		      200);
}

/* Event type of call, with the fields of extra (stolen; NULL: none);
 * the event id is type-call. Expects 200. */
static http_resp *cti(struct day *d, const char *type, const char *call, json_t *extra)
{
	char *id = xasprintf("%s-%s", type, call), *text;
	json_t *body = json_pack("{s:s,s:s,s:s}", "id", id, "type", type, "call", call);
	http_resp *r;

	if (extra)
		json_object_update_new(body, extra);
	text = json_dumps(body, JSON_COMPACT);
	r = http_do(d->admin, "POST", "/api/v1/cti/events", text, NULL);
	json_decref(body);
	free(text);
	free(id);
	expect_status(r, 200);
	return r;
}

static void set_state(gx_client *c, const char *state)
{
	expect_status(http_pack(c, "POST", "/api/v1/cc/me/state", "{s:s,s:s}", "state", state,
				"reason", "培训"),
		      200);
}

/* An inbound call from caller to number at sec that rings at extension
 * ext, is answered wait s later, talks talk s and is rated rating (0:
 * not rated); a minute later the scheduler ends the agent's wrap-up. */
static void answered_call(struct day *d, const char *call, const char *caller,
			  const char *number, const char *ext, long long sec, int wait, int talk,
			  int rating)
{
	http_resp *r;

	at(d, sec);
	r = cti(d, "ringing", call, json_pack("{s:s,s:s}", "caller", caller, "called", number));
	assert_false(json_is_null(jget(r->json, "agent")));
	assert_string_equal(jstr(r->json, "agent.extension"), ext);
	clock_advance(d->s, wait * MS_SECOND);
	cti(d, "answered", call, NULL);
	clock_advance(d->s, talk * MS_SECOND);
	cti(d, "ended", call, NULL);
	if (rating)
		cti(d, "rating", call, json_pack("{s:i}", "rating", rating));
	clock_advance(d->s, MS_MINUTE);
	run_scheduler(d);
}

/* A call that nobody is free for: it waits, and when hangup_after >= 0
 * the caller hangs up that many seconds later. */
static void unanswered_call(struct day *d, const char *call, long long sec, int hangup_after)
{
	http_resp *r;

	at(d, sec);
	r = cti(d, "ringing", call, json_pack("{s:s,s:s}", "caller", "13700000003", "called",
					      "95588"));
	assert_true(json_is_null(jget(r->json, "agent")));
	if (hangup_after < 0)
		return;
	clock_advance(d->s, hangup_after * MS_SECOND);
	r = cti(d, "ended", call, NULL);
	assert_string_equal(jstr(r->json, "call.disposition"), "abandoned");
}

static json_int_t post_id(gx_client *c, const char *path, json_t *body)
{
	char *text = json_dumps(body, JSON_COMPACT);
	http_resp *r = http_do(c, "POST", path, text, NULL);

	json_decref(body);
	free(text);
	expect_status(r, 201);
	return jint(r->json, "id");
}

/* An agent user with extension ext and skill, signed in. */
static gx_client *day_agent(struct day *d, const char *name, const char *ext, json_int_t skill,
			    json_int_t *id)
{
	*id = create_user_in_team(d->admin, name, "agent", 0);
	expect_status(http_pack(d->admin, "POST", "/api/v1/cc/agents", "{s:I,s:s,s:[{s:I,s:i}]}",
				"user_id", *id, "extension", ext, "skills", "skill_id", skill,
				"level", 1),
		      201);
	return client_signed_in(d->s, name, "Passw0rd!");
}

/* Queues, numbers (95588: queue 1, 95599: queue 2), agents and two
 * customers (13900000001 and 13900000002), five minutes before base. */
static void day_setup(struct day *d, void **state)
{
	long long now, local, target;
	json_int_t skill1, skill2, ub;

	d->s = state_server(state);
	now = server_now(d->s);
	local = now + 8 * MS_HOUR;
	target = local / MS_DAY * MS_DAY + 8 * MS_HOUR;
	if (target < local + 10 * MS_MINUTE)
		target += MS_DAY;
	d->base = target - 8 * MS_HOUR;
	clock_advance(d->s, d->base - 5 * MS_MINUTE - now);

	d->admin = client_signed_in(d->s, ADMIN_USER, ADMIN_PASS);
	skill1 = post_id(d->admin, "/api/v1/cc/skills", json_pack("{s:s}", "name", "普通"));
	skill2 = post_id(d->admin, "/api/v1/cc/skills", json_pack("{s:s}", "name", "贵宾"));
	d->queue1 = post_id(d->admin, "/api/v1/cc/queues",
			    json_pack("{s:s,s:I,s:i,s:i}", "name", "普通队列", "skill_id", skill1,
				      "sl_seconds", 20, "wrap_up_s", 20));
	d->queue2 = post_id(d->admin, "/api/v1/cc/queues",
			    json_pack("{s:s,s:I,s:i,s:i}", "name", "贵宾队列", "skill_id", skill2,
				      "sl_seconds", 60, "wrap_up_s", 10));
	expect_status(http_pack(d->admin, "POST", "/api/v1/cc/numbers", "{s:s,s:I}", "number",
				"95588", "queue_id", d->queue1), 201);
	expect_status(http_pack(d->admin, "POST", "/api/v1/cc/numbers", "{s:s,s:I}", "number",
				"95599", "queue_id", d->queue2), 201);
	post_id(d->admin, "/api/v1/customers",
		json_pack("{s:s,s:s,s:[s]}", "type", "individual", "name", "钱一",
			  "phones", "13900000001"));
	post_id(d->admin, "/api/v1/customers",
		json_pack("{s:s,s:s,s:[s]}", "type", "individual", "name", "孙二",
			  "phones", "13900000002"));
	d->a = day_agent(d, "cc_day_a", "8001", skill1, &d->ua);
	d->b = day_agent(d, "cc_day_b", "8002", skill2, &ub);
	set_state(d->a, "ready");
	set_state(d->b, "ready");
}

/* Which quarter a "YYYY-MM-DD" date is in, as a number. */
static int quarter_of(const char *date)
{
	return atoi(date) * 4 + (atoi(date + 5) - 1) / 3;
}

static void test_every_kpi_of_a_day_of_calls(void **state)
{
	struct day d;
	http_resp *r;
	char day[16], later[16], *path;

	day_setup(&d, state);
	beijing_date(d.base, day);
	beijing_date(d.base + 8 * MS_DAY, later);
	/* c1: 08:00, answered in 10 s, talk 100 s, wrap-up 20 s; rated 5.
	 * Its customer calls again 40 minutes later: not resolved first
	 * time. */
	answered_call(&d, "c1", "13900000001", "95588", "8001", 0, 10, 100, 5);
	/* c2: 08:40, answered in 30 s (outside 20 s), talk 40 s, wrap-up
	 * 20 s; the customer's next inbound call is 8 days later: resolved.
	 * Rated 3. */
	answered_call(&d, "c2", "13900000001", "95588", "8001", 2400, 30, 40, 3);
	/* c6: agent a calls the customer back, which no inbound figure
	 * counts; then it is not ready for the rest of the day. */
	at(&d, 2700);
	r = cti(&d, "ringing", "c6", json_pack("{s:s,s:s,s:s,s:s}", "direction", "outbound",
						"caller", "95588", "called", "13900000001",
						"agent", "8001"));
	assert_string_equal(jstr(r->json, "call.direction"), "outbound");
	cti(&d, "answered", "c6", NULL);
	at(&d, 2800);
	cti(&d, "ended", "c6", NULL);
	at(&d, 2900);
	run_scheduler(&d);
	set_state(d.a, "not_ready");
	/* c3: 09:00, abandoned after 42 s. */
	unanswered_call(&d, "c3", 3600, 42);
	/* c4: 09:10 in queue 2, answered in 44 s (within its 60 s), talk
	 * 200 s, wrap-up 10 s; rated 4. */
	answered_call(&d, "c4", "13900000002", "95599", "8002", 4200, 44, 200, 4);
	/* c7: 10:00, still waiting. */
	unanswered_call(&d, "c7", 7200, -1);
	/* c5: the first customer again, 8 days later (sessions have expired
	 * by then), in queue 2. */
	at(&d, 8 * 86400 - 60);
	d.admin = client_signed_in(d.s, ADMIN_USER, ADMIN_PASS);
	d.b = client_signed_in(d.s, "cc_day_b", "Passw0rd!");
	set_state(d.b, "ready");
	answered_call(&d, "c5", "13900000001", "95599", "8002", 8 * 86400, 10, 90, 0);

	path = xasprintf("/api/v1/cc/kpis?from=%s&to=%s", day, day);
	r = http_get(d.admin, path);
	free(path);
	expect_status(r, 200);
	json_t *t = jget(r->json, "items.0");
	assert_string_equal(jstr(t, "period"), day);
	assert_int_equal(jint(t, "offered"), 5);   /* c1 c2 c3 c4 c7 */
	assert_int_equal(jint(t, "answered"), 3);  /* c1 c2 c4 */
	assert_int_equal(jint(t, "abandoned"), 1); /* c3 */
	assert_float_equal(jreal(t, "abandon_rate"), 0.2, 1e-9);
	assert_float_equal(jreal(t, "asa"), 28.0, 1e-9);            /* (10+30+44)/3 */
	assert_float_equal(jreal(t, "avg_queue_time"), 31.5, 1e-9); /* (10+30+42+44)/4 */
	assert_float_equal(jreal(t, "aht"), 130.0, 1e-9);           /* (120+60+210)/3 */
	assert_float_equal(jreal(t, "service_level"), 0.4, 1e-9);   /* c1, c4 of 5 */
	assert_float_equal(jreal(t, "fcr"), 0.6667, 1e-9);          /* c2, c4 of 3 */
	assert_int_equal(jint(r->json, "total.offered"), 5);

	/* By the half hour: 08:00 c1, 08:30 c2, 09:00 c3 and c4. */
	path = xasprintf("/api/v1/cc/kpis?from=%s&to=%s&by=interval", day, day);
	r = http_get(d.admin, path);
	free(path);
	expect_status(r, 200);
	path = xasprintf("%s 08:00", day);
	assert_string_equal(jstr(r->json, "items.16.period"), path);
	free(path);
	assert_int_equal(jint(r->json, "items.16.offered"), 1);
	assert_float_equal(jreal(r->json, "items.16.service_level"), 1.0, 1e-9);
	assert_float_equal(jreal(r->json, "items.17.asa"), 30.0, 1e-9);
	assert_float_equal(jreal(r->json, "items.17.service_level"), 0.0, 1e-9);
	assert_int_equal(jint(r->json, "items.18.offered"), 2);
	assert_float_equal(jreal(r->json, "items.18.abandon_rate"), 0.5, 1e-9);
	assert_int_equal(jint(r->json, "items.15.offered"), 0);
	assert_int_equal(jint(r->json, "total.offered"), 5);

	/* One queue (its own service-level time), one agent. */
	path = xasprintf("/api/v1/cc/kpis?from=%s&to=%s&queue_id=%lld", day, day,
			 (long long)d.queue2);
	r = http_get(d.admin, path);
	free(path);
	expect_status(r, 200);
	assert_int_equal(jint(r->json, "total.offered"), 1);
	assert_float_equal(jreal(r->json, "total.service_level"), 1.0, 1e-9);
	assert_float_equal(jreal(r->json, "total.aht"), 210.0, 1e-9);
	path = xasprintf("/api/v1/cc/kpis?from=%s&to=%s&agent_id=%lld", day, day,
			 (long long)d.ua);
	r = http_get(d.admin, path);
	free(path);
	expect_status(r, 200);
	assert_int_equal(jint(r->json, "total.offered"), 2); /* c1 c2; not the outbound c6 */
	assert_float_equal(jreal(r->json, "total.fcr"), 0.5, 1e-9);

	/* By quarter, the day and c5 8 days later: in one quarter or two. */
	path = xasprintf("/api/v1/cc/kpis?from=%s&to=%s&by=quarter", day, later);
	r = http_get(d.admin, path);
	free(path);
	expect_status(r, 200);
	assert_int_equal(jint(r->json, "total.offered"), 6);
	if (quarter_of(day) == quarter_of(later)) {
		assert_int_equal(json_array_size(jget(r->json, "items")), 1);
		assert_int_equal(jint(r->json, "items.0.offered"), 6);
	} else {
		assert_int_equal(json_array_size(jget(r->json, "items")), 2);
		assert_int_equal(jint(r->json, "items.0.offered"), 5);
		assert_int_equal(jint(r->json, "items.1.offered"), 1); /* c5 */
	}
}

static void test_rating_counts_per_agent_queue_month_and_quarter(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	json_int_t ua = find_user_id(a, AGENT_USER), ub = find_user_id(a, SUP_USER);
	http_resp *r;

	seed_day(s, ua, ub);
	r = http_get(a, "/api/v1/cc/ratings?from=2026-03-01&to=2026-04-30&by=month&group=agent");
	expect_status(r, 200);
	/* Agent a in March and April, then agent b in March. */
	json_t *items = jget(r->json, "items");
	assert_int_equal(json_array_size(items), 3);
	json_t *am = NULL, *aa = NULL, *bm = NULL, *it;
	size_t i;
	json_array_foreach(items, i, it) {
		if (jint(it, "agent_id") == ua && !strcmp(jstr(it, "period"), "2026-03"))
			am = it;
		if (jint(it, "agent_id") == ua && !strcmp(jstr(it, "period"), "2026-04"))
			aa = it;
		if (jint(it, "agent_id") == ub && !strcmp(jstr(it, "period"), "2026-03"))
			bm = it;
	}
	assert_non_null(am);
	assert_non_null(aa);
	assert_non_null(bm);
	assert_int_equal(jint(am, "counts.2"), 1);
	assert_int_equal(jint(am, "counts.4"), 1);
	assert_int_equal(jint(am, "counts.0"), 0);
	assert_int_equal(jint(am, "rated"), 2);
	assert_int_equal(jint(am, "answered"), 3); /* c1 c2 c5, not the outbound c6 */
	assert_float_equal(jreal(am, "average"), 4.0, 1e-9);
	assert_float_equal(jreal(am, "share"), 0.6667, 1e-9);
	assert_int_equal(jint(aa, "counts.0"), 1);
	assert_int_equal(jint(bm, "counts.3"), 1);
	assert_int_equal(jint(r->json, "total.rated"), 4);
	assert_float_equal(jreal(r->json, "total.average"), 3.25, 1e-9);

	/* By quarter and queue: queue 1 has c1 c2 (Q1) and c8 (Q2). */
	r = http_get(a, "/api/v1/cc/ratings?from=2026-01-01&to=2026-06-30&by=quarter&group=queue");
	expect_status(r, 200);
	assert_int_equal(json_array_size(jget(r->json, "items")), 3);
	assert_int_equal(jint(r->json, "items.0.queue_id"), 1);
	assert_string_equal(jstr(r->json, "items.0.period"), "2026-Q1");
	assert_string_equal(jstr(r->json, "items.0.name"), "普通队列");
	assert_int_equal(jint(r->json, "items.0.rated"), 2);
	assert_string_equal(jstr(r->json, "items.1.period"), "2026-Q2");
	assert_int_equal(jint(r->json, "items.1.counts.0"), 1);
	assert_int_equal(jint(r->json, "items.2.queue_id"), 2);
	assert_int_equal(jint(r->json, "items.2.counts.3"), 1);
}

static void test_wallboard_counts_and_its_stream_follows_changes(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	json_int_t ua = find_user_id(a, AGENT_USER), ub = find_user_id(a, SUP_USER);
	http_resp *r;
	sse_stream *st;

	seed_day(s, ua, ub);
	r = http_get(a, "/api/v1/cc/wallboard");
	expect_status(r, 200);
	assert_int_equal(json_array_size(jget(r->json, "queues")), 2);
	assert_string_equal(jstr(r->json, "queues.0.name"), "普通队列");
	assert_int_equal(jint(r->json, "queues.0.waiting"), 1); /* c7 */
	assert_true(is_rfc3339_ms(jstr(r->json, "queues.0.oldest_queued_at")));
	assert_true(jint(r->json, "queues.0.longest_wait_s") > 0);
	assert_int_equal(jint(r->json, "queues.0.agents_ready"), 1);
	assert_int_equal(jint(r->json, "queues.1.waiting"), 0);
	assert_int_equal(jint(r->json, "queues.1.agents_busy"), 1);
	assert_int_equal(jint(r->json, "agents.ready"), 1);
	assert_int_equal(jint(r->json, "agents.talking"), 1);
	assert_int_equal(jint(r->json, "agents.signed_out"), 0);
	assert_int_equal(json_array_size(jget(r->json, "agent_list")), 2);
	assert_string_equal(jstr(r->json, "agent_list.0.extension"), "8001");
	assert_string_equal(jstr(r->json, "agent_list.1.state"), "talking");

	st = sse_open(s, a, "/api/v1/cc/wallboard/stream", NULL);
	assert_true(sse_wait(st, "\"waiting\":1", 5000));
	/* A second call starts waiting; the scheduler's tick (run by hand on
	 * a test clock) wakes the stream, which sends the new snapshot. The
	 * shared snapshot is read again only after 500 ms. */
	assert_int_equal(sql_exec(s->db, "INSERT INTO cc_calls (ext_id, caller, queue_id, state,"
			      " offered_at, queued_at) VALUES ('c9', '9', 1, 'queued', 1, 1)", NULL), 0);
	usleep(600 * 1000);
	clock_advance(s, 1000);
	expect_status(http_do(client_new(s), "POST", "/api/v1/test/scheduler/run", NULL, NULL), 200);
	assert_true(sse_wait(st, "\"waiting\":2", 3000));
	sse_close(st);
}

int run_cc_stats_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_an_empty_day_has_48_half_hours_with_no_rates),
		cmocka_unit_test(test_bad_report_requests_are_422),
		cmocka_unit_test(test_only_supervisors_read_reports),
		cmocka_unit_test(test_export_is_a_workbook_with_chinese_headers),
		cmocka_unit_test(test_wallboard_without_a_call_centre),
		cmocka_unit_test_setup_teardown(test_every_kpi_of_a_day_of_calls, gx_test_setup,
						gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_rating_counts_per_agent_queue_month_and_quarter,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_wallboard_counts_and_its_stream_follows_changes,
						gx_test_setup, gx_test_teardown),
	};
	return cmocka_run_group_tests_name("cc_stats", tests, gx_group_setup, gx_group_teardown);
}
