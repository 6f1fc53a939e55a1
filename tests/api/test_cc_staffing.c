/* Contact-centre staffing (CC-8): the textbook Erlang C example through
 * the API (100 calls in 30 minutes, 180 s each: 14 agents for 80% in
 * 20 s), the figures for a given number of agents, unstable staffing,
 * every bad input named by field, cc.supervise required, the shape of a
 * day's staffing curve with shrinkage, and the forecast of a day from the
 * same weekday of past weeks in Beijing time, also from calls made through
 * the telephone system's events while the clock moves. */
#include "harness.h"

#include <math.h>
#include <string.h>
#include <time.h>

static double num(json_t *root, const char *path)
{
	json_t *v = jget(root, path);

	if (!json_is_number(v))
		fail_msg("%s is not a number", path);
	return json_number_value(v);
}

static void near(double got, double want, double tolerance)
{
	if (fabs(got - want) > tolerance)
		fail_msg("got %.6f, want %.6f (± %g)", got, want, tolerance);
}

static http_resp *erlang(gx_client *c, const char *query)
{
	char *path = xasprintf("/api/v1/cc/erlang-c?%s", query);
	http_resp *r = http_get(c, path);

	free(path);
	return r;
}

static void test_cc_staffing_textbook_figures(void **state)
{
	gx_server *s = state_server(state);
	gx_client *sup = client_signed_in(s, SUP_USER, SUP_PASS);
	http_resp *r = erlang(sup, "calls=100&interval=1800&aht=180&target_sl=0.8&target_time=20");

	expect_status(r, 200);
	assert_int_equal(jint(r->json, "agents"), 14);
	near(num(r->json, "service_level"), 0.8884, 5e-5);
	near(num(r->json, "wait_probability"), 0.1741, 5e-5);
	near(num(r->json, "asa"), 0.1741 * 180 / 4, 0.01);
	near(num(r->json, "occupancy"), 10.0 / 14, 1e-9);
	near(num(r->json, "traffic"), 10, 1e-9);

	/* The defaults are 30-minute intervals and 80% in 20 s. */
	r = erlang(sup, "calls=100&aht=180");
	expect_status(r, 200);
	assert_int_equal(jint(r->json, "agents"), 14);

	/* A looser target needs fewer agents, a stricter one or a shorter
	 * answer time more. */
	r = erlang(sup, "calls=100&aht=180&target_sl=0.75");
	assert_int_equal(jint(r->json, "agents"), 13);
	r = erlang(sup, "calls=100&aht=180&target_sl=0.95");
	assert_int_equal(jint(r->json, "agents"), 16);
	r = erlang(sup, "calls=100&aht=180&target_sl=0.95&target_time=1");
	assert_true(jint(r->json, "agents") > 16);

	/* No calls need nobody. */
	r = erlang(sup, "calls=0&aht=180");
	expect_status(r, 200);
	assert_int_equal(jint(r->json, "agents"), 0);

	/* A large centre answers at once with a sensible count. */
	r = erlang(sup, "calls=5000&aht=180");
	expect_status(r, 200);
	assert_true(jint(r->json, "agents") > 500 && jint(r->json, "agents") < 530);
}

static void test_cc_staffing_figures_for_given_agents(void **state)
{
	gx_server *s = state_server(state);
	gx_client *sup = client_signed_in(s, SUP_USER, SUP_PASS);
	http_resp *r = erlang(sup, "calls=100&aht=180&agents=13");

	expect_status(r, 200);
	assert_int_equal(jint(r->json, "agents"), 13);
	near(num(r->json, "service_level"), 0.7956, 5e-5);
	near(num(r->json, "wait_probability"), 0.2853, 5e-5);
	assert_true(json_is_true(jget(r->json, "stable")));

	r = erlang(sup, "calls=100&aht=180&agents=11");
	near(num(r->json, "wait_probability"), 0.6821, 5e-5);
	r = erlang(sup, "calls=100&aht=180&agents=12");
	near(num(r->json, "wait_probability"), 0.4494, 5e-5);

	/* As many agents as Erlangs: the queue never empties. */
	r = erlang(sup, "calls=100&aht=180&agents=10");
	expect_status(r, 200);
	assert_true(json_is_false(jget(r->json, "stable")));
	near(num(r->json, "service_level"), 0, 0);
	assert_true(json_is_null(jget(r->json, "asa")));
	near(num(r->json, "occupancy"), 1, 0);
}

static void test_cc_staffing_bad_input_names_the_field(void **state)
{
	static const struct {
		const char *query, *field;
	} bad[] = {
		{"aht=180", "calls"},
		{"calls=100", "aht"},
		{"calls=abc&aht=180", "calls"},
		{"calls=-1&aht=180", "calls"},
		{"calls=1000001&aht=180", "calls"},
		{"calls=100&aht=0", "aht"},
		{"calls=100&aht=86401", "aht"},
		{"calls=100&aht=1.5", "aht"},
		{"calls=100&aht=180&interval=59", "interval"},
		{"calls=100&aht=180&interval=86401", "interval"},
		{"calls=100&aht=180&target_sl=0", "target_sl"},
		{"calls=100&aht=180&target_sl=1", "target_sl"},
		{"calls=100&aht=180&target_sl=80", "target_sl"},
		{"calls=100&aht=180&target_time=0", "target_time"},
		{"calls=100&aht=180&target_time=3601", "target_time"},
		{"calls=100&aht=180&agents=0", "agents"},
		{"calls=100&aht=180&agents=100001", "agents"},
		{"calls=100&aht=180&agents=1e3", "agents"},
		{"calls=100&aht=180&agents=0x10", "agents"},
		/* More traffic than the most agents there are can carry. */
		{"calls=1000000&interval=60&aht=86400", "calls"},
	};
	gx_server *s = state_server(state);
	gx_client *sup = client_signed_in(s, SUP_USER, SUP_PASS);
	http_resp *r;

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		r = erlang(sup, bad[i].query);
		expect_field(r, bad[i].field);
		/* One message, for that field alone. */
		assert_int_equal(json_object_size(jget(r->json, "error.fields")), 1);
	}
	/* Several at once: each is named. */
	r = erlang(sup, "calls=x&aht=0&target_sl=2");
	expect_field(r, "calls");
	expect_field(r, "aht");
	expect_field(r, "target_sl");

	/* The staffing curve: wrong types, missing fields, bad values. */
	r = http_pack(sup, "POST", "/api/v1/cc/staffing", "{s:i,s:[i]}", "aht", 180, "calls", 10);
	expect_field(r, "interval");
	r = http_pack(sup, "POST", "/api/v1/cc/staffing", "{s:i,s:i}", "interval", 1800, "aht", 180);
	expect_field(r, "calls");
	r = http_pack(sup, "POST", "/api/v1/cc/staffing", "{s:i,s:s,s:[i]}", "interval", 1800,
		      "aht", "180", "calls", 10);
	expect_field(r, "aht");
	r = http_pack(sup, "POST", "/api/v1/cc/staffing", "{s:i,s:i,s:[i,s]}", "interval", 1800,
		      "aht", 180, "calls", 10, "many");
	expect_field(r, "calls");
	assert_non_null(strstr(jstr(r->json, "error.fields.calls"), "第 2 个"));
	r = http_pack(sup, "POST", "/api/v1/cc/staffing", "{s:i,s:i,s:[i,i]}", "interval", 1800,
		      "aht", 180, "calls", 10, -3);
	expect_field(r, "calls");
	r = http_pack(sup, "POST", "/api/v1/cc/staffing", "{s:i,s:i,s:[]}", "interval", 1800,
		      "aht", 180, "calls");
	expect_field(r, "calls");
	r = http_pack(sup, "POST", "/api/v1/cc/staffing", "{s:i,s:i,s:f,s:[i]}", "interval", 1800,
		      "aht", 180, "shrinkage", 0.95, "calls", 10);
	expect_field(r, "shrinkage");
	r = http_pack(sup, "POST", "/api/v1/cc/staffing", "{s:i,s:i,s:f,s:[i]}", "interval", 1800,
		      "aht", 180, "target_sl", 1.0, "calls", 10);
	expect_field(r, "target_sl");
	r = http_pack(sup, "POST", "/api/v1/cc/staffing", "{s:i,s:i,s:[i],s:i}", "interval", 1800,
		      "aht", 180, "calls", 10, "agents", 3);
	expect_field(r, "agents");

	/* 49 half hours do not fit in a day. */
	json_t *calls = json_array();
	for (int i = 0; i < 49; i++)
		json_array_append_new(calls, json_integer(10));
	r = http_pack(sup, "POST", "/api/v1/cc/staffing", "{s:i,s:i,s:o}", "interval", 1800,
		      "aht", 180, "calls", calls);
	expect_field(r, "calls");

	/* The forecast. */
	r = http_get(sup, "/api/v1/cc/forecast");
	expect_field(r, "date");
	r = http_get(sup, "/api/v1/cc/forecast?date=2026-02-30");
	expect_field(r, "date");
	r = http_get(sup, "/api/v1/cc/forecast?date=2026-03-16&interval=1000");
	expect_field(r, "interval");
	r = http_get(sup, "/api/v1/cc/forecast?date=2026-03-16&interval=600");
	expect_field(r, "interval");
	r = http_get(sup, "/api/v1/cc/forecast?date=2026-03-16&weeks=0");
	expect_field(r, "weeks");
	r = http_get(sup, "/api/v1/cc/forecast?date=2026-03-16&weeks=53");
	expect_field(r, "weeks");
}

static void test_cc_staffing_needs_cc_supervise(void **state)
{
	gx_server *s = state_server(state);
	gx_client *agent = client_signed_in(s, AGENT_USER, AGENT_PASS);
	gx_client *sup = client_signed_in(s, SUP_USER, SUP_PASS);
	gx_client *anon = client_new(s);
	gx_client *admin = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	http_resp *r;

	expect_status(erlang(agent, "calls=100&aht=180"), 403);
	/* Even bad input is refused before it is judged. */
	expect_status(erlang(agent, "calls=x"), 403);
	r = http_pack(agent, "POST", "/api/v1/cc/staffing", "{s:i,s:i,s:[i]}", "interval", 1800,
		      "aht", 180, "calls", 10);
	expect_status(r, 403);
	expect_status(http_get(agent, "/api/v1/cc/forecast?date=2026-03-16"), 403);
	expect_status(erlang(anon, "calls=100&aht=180"), 401);

	expect_status(erlang(sup, "calls=100&aht=180"), 200);
	expect_status(erlang(admin, "calls=100&aht=180"), 200);
	expect_status(http_get(sup, "/api/v1/cc/forecast?date=2026-03-16"), 200);
}

static void test_cc_staffing_curve_follows_the_calls(void **state)
{
	gx_server *s = state_server(state);
	gx_client *sup = client_signed_in(s, SUP_USER, SUP_PASS);
	http_resp *r = http_pack(sup, "POST", "/api/v1/cc/staffing", "{s:i,s:i,s:[i,i,i,i,i,f]}",
				 "interval", 1800, "aht", 180, "calls", 0, 10, 50, 100, 200, 100.0);
	json_t *items;
	int prev = -1;

	expect_status(r, 200);
	items = jget(r->json, "items");
	assert_int_equal(json_array_size(items), 6);
	assert_string_equal(jstr(r->json, "items.0.start"), "00:00");
	assert_string_equal(jstr(r->json, "items.3.start"), "01:30");
	assert_int_equal(jint(r->json, "items.0.agents"), 0);
	/* More calls, more agents, up to the peak. */
	for (int i = 0; i < 5; i++) {
		char *path = xasprintf("items.%d.agents", i);
		int n = (int)jint(r->json, path);

		free(path);
		assert_true(n > prev);
		prev = n;
	}
	assert_int_equal(jint(r->json, "items.3.agents"), 14);
	assert_int_equal(jint(r->json, "items.5.agents"), 14);
	near(num(r->json, "items.3.service_level"), 0.8884, 5e-5);
	assert_int_equal(jint(r->json, "peak_agents"), jint(r->json, "items.4.agents"));
	/* Without shrinkage the roster is what is needed. */
	assert_int_equal(jint(r->json, "items.3.scheduled"), 14);
	double hours = 0;
	for (int i = 0; i < 6; i++) {
		char *path = xasprintf("items.%d.scheduled", i);

		hours += (double)jint(r->json, path) * 0.5;
		free(path);
	}
	near(num(r->json, "agent_hours"), hours, 1e-9);

	/* 30% shrinkage: 14 needed on the phones means 20 on the roster. */
	r = http_pack(sup, "POST", "/api/v1/cc/staffing", "{s:i,s:i,s:f,s:f,s:i,s:[i,i]}",
		      "interval", 1800, "aht", 180, "shrinkage", 0.3, "target_sl", 0.8,
		      "target_time", 20, "calls", 100, 10);
	expect_status(r, 200);
	assert_int_equal(jint(r->json, "items.0.agents"), 14);
	assert_int_equal(jint(r->json, "items.0.scheduled"), 20);
	assert_int_equal(jint(r->json, "peak_scheduled"), 20);
	assert_string_equal(jstr(r->json, "items.1.start"), "00:30");

	/* A whole day of quarter hours. */
	json_t *calls = json_array();
	for (int i = 0; i < 96; i++)
		json_array_append_new(calls, json_integer(i));
	r = http_pack(sup, "POST", "/api/v1/cc/staffing", "{s:i,s:i,s:o}", "interval", 900,
		      "aht", 300, "calls", calls);
	expect_status(r, 200);
	assert_int_equal(json_array_size(jget(r->json, "items")), 96);
	assert_string_equal(jstr(r->json, "items.95.start"), "23:45");
	assert_int_equal(jint(r->json, "peak_agents"), jint(r->json, "items.95.agents"));
}

/* One inbound (or outbound) call offered at Beijing wall time "date hh:mm"
 * written straight into the database. */
static void add_call(gx_server *s, const char *ext, const char *when_bj, const char *direction)
{
	char *sql = xasprintf(
		"INSERT INTO cc_calls (ext_id, direction, caller, state, offered_at, queued_at)"
		" VALUES ('%s', '%s', '13800138000', 'ended',"
		" (unixepoch('%s') - 8 * 3600) * 1000, (unixepoch('%s') - 8 * 3600) * 1000)",
		ext, direction, when_bj, when_bj);
	char *err = NULL;
	int rc = sql_exec(s->db, sql, &err);

	if (rc != 0)
		fail_msg("%s: %s", sql, err ? err : "?");
	free(sql);
}

static void test_cc_staffing_forecast_averages_the_same_weekday(void **state)
{
	gx_server *s = state_server(state);
	gx_client *sup = client_signed_in(s, SUP_USER, SUP_PASS);
	http_resp *r;

	/* 2026-03-16 is a Monday; the four Mondays before it. */
	add_call(s, "m1a", "2026-03-09 09:00:00", "inbound");
	add_call(s, "m1b", "2026-03-09 09:10:00", "inbound");
	add_call(s, "m1c", "2026-03-09 09:20:00", "inbound");
	add_call(s, "m1d", "2026-03-09 09:29:59", "inbound");
	add_call(s, "m2a", "2026-03-02 09:15:00", "inbound");
	add_call(s, "m2b", "2026-03-02 09:45:00", "inbound");
	/* Ten past midnight in Beijing is still the previous day in UTC. */
	add_call(s, "m1n", "2026-03-09 00:10:00", "inbound");
	/* Not counted: a Sunday night, a Tuesday, an outbound call, five
	 * weeks back. */
	add_call(s, "sun", "2026-03-08 23:50:00", "inbound");
	add_call(s, "tue", "2026-03-10 09:00:00", "inbound");
	add_call(s, "out", "2026-03-09 09:05:00", "outbound");
	add_call(s, "m5a", "2026-02-09 09:00:00", "inbound");

	r = http_get(sup, "/api/v1/cc/forecast?date=2026-03-16");
	expect_status(r, 200);
	assert_int_equal(jint(r->json, "interval"), 1800);
	assert_int_equal(jint(r->json, "weeks"), 4);
	assert_int_equal(json_array_size(jget(r->json, "items")), 48);
	assert_string_equal(jstr(r->json, "from.0"), "2026-03-09");
	assert_string_equal(jstr(r->json, "from.3"), "2026-02-16");
	assert_string_equal(jstr(r->json, "items.18.start"), "09:00");
	near(num(r->json, "items.18.calls"), 5.0 / 4, 1e-9);
	near(num(r->json, "items.19.calls"), 1.0 / 4, 1e-9);
	near(num(r->json, "items.0.calls"), 1.0 / 4, 1e-9);
	near(num(r->json, "items.47.calls"), 0, 0);
	near(num(r->json, "items.20.calls"), 0, 0);

	/* Five weeks reach the call of 9 February. */
	r = http_get(sup, "/api/v1/cc/forecast?date=2026-03-16&weeks=5");
	expect_status(r, 200);
	near(num(r->json, "items.18.calls"), 6.0 / 5, 1e-9);

	/* Hours. */
	r = http_get(sup, "/api/v1/cc/forecast?date=2026-03-16&interval=3600");
	expect_status(r, 200);
	assert_int_equal(json_array_size(jget(r->json, "items")), 24);
	near(num(r->json, "items.9.calls"), 6.0 / 4, 1e-9);

	/* The Tuesday after sees only the Tuesday. */
	r = http_get(sup, "/api/v1/cc/forecast?date=2026-03-17");
	near(num(r->json, "items.18.calls"), 1.0 / 4, 1e-9);
	near(num(r->json, "items.0.calls"), 0, 0);
}

/* A call from the telephone system: ringing (no agent is ready, so it
 * waits) and the caller hanging up. */
static void cti_call(gx_client *admin, const char *call)
{
	char *ring = xasprintf("ring-%s", call), *end = xasprintf("end-%s", call);
	http_resp *r = http_pack(admin, "POST", "/api/v1/cti/events", "{s:s,s:s,s:s,s:s,s:s}",
				 "id", ring, "type", "ringing", "call", call, "caller",
				 "13800138000", "called", "95588");

	expect_status(r, 200);
	r = http_pack(admin, "POST", "/api/v1/cti/events", "{s:s,s:s,s:s,s:s}", "id", end, "type",
		      "ended", "call", call, "cause", "hangup");
	expect_status(r, 200);
	free(ring);
	free(end);
}

static void test_cc_staffing_forecast_counts_calls_from_the_telephone_system(void **state)
{
	gx_server *s = state_server(state);
	gx_client *admin = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *sup;
	http_resp *r;
	long long now, start;
	json_int_t skill, queue;

	r = http_pack(admin, "POST", "/api/v1/cc/skills", "{s:s}", "name", "信用卡");
	expect_status(r, 201);
	skill = jint(r->json, "id");
	r = http_pack(admin, "POST", "/api/v1/cc/queues", "{s:s,s:I}", "name", "信用卡热线",
		      "skill_id", skill);
	expect_status(r, 201);
	queue = jint(r->json, "id");
	expect_status(http_pack(admin, "POST", "/api/v1/cc/numbers", "{s:s,s:I}", "number", "95588",
				"queue_id", queue), 201);

	/* A minute into the next half hour, so the calls of one week all
	 * fall into one interval however long the requests take. */
	now = server_now(s);
	start = (now / (30 * MS_MINUTE) + 1) * 30 * MS_MINUTE + MS_MINUTE;
	clock_advance(s, start - now);
	cti_call(admin, "fc-1");
	/* A week later (sessions have expired), two calls in the same half
	 * hour. */
	clock_advance(s, 7 * MS_DAY);
	admin = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	sup = client_signed_in(s, SUP_USER, SUP_PASS);
	cti_call(admin, "fc-2");
	cti_call(admin, "fc-3");

	/* The same weekday a week after: the two weeks before it average
	 * 1.5 calls in that half hour, the last one alone 2. */
	char date[16];

	beijing_date(start + 14 * MS_DAY, date);
	int slot = (int)(((start + 8 * MS_HOUR) % MS_DAY) / (30 * MS_MINUTE));
	char *path = xasprintf("/api/v1/cc/forecast?date=%s&weeks=2", date), *at;

	r = http_get(sup, path);
	expect_status(r, 200);
	at = xasprintf("items.%d.calls", slot);
	near(num(r->json, at), 1.5, 1e-9);
	free(at);
	at = xasprintf("items.%d.calls", (slot + 1) % 48);
	near(num(r->json, at), 0, 0);
	free(at);
	free(path);
	path = xasprintf("/api/v1/cc/forecast?date=%s&weeks=1", date);
	r = http_get(sup, path);
	at = xasprintf("items.%d.calls", slot);
	near(num(r->json, at), 2, 1e-9);
	free(at);
	free(path);

	/* The day after has no history. */
	beijing_date(start + 15 * MS_DAY, date);
	path = xasprintf("/api/v1/cc/forecast?date=%s&weeks=2", date);
	r = http_get(sup, path);
	at = xasprintf("items.%d.calls", slot);
	near(num(r->json, at), 0, 0);
	free(at);
	free(path);
}

int run_cc_staffing_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cc_staffing_textbook_figures),
		cmocka_unit_test(test_cc_staffing_figures_for_given_agents),
		cmocka_unit_test(test_cc_staffing_bad_input_names_the_field),
		cmocka_unit_test(test_cc_staffing_needs_cc_supervise),
		cmocka_unit_test(test_cc_staffing_curve_follows_the_calls),
		cmocka_unit_test_setup_teardown(test_cc_staffing_forecast_averages_the_same_weekday,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(
			test_cc_staffing_forecast_counts_calls_from_the_telephone_system, gx_test_setup,
			gx_test_teardown),
	};
	return cmocka_run_group_tests_name("cc_staffing", tests, gx_group_setup,
					   gx_group_teardown);
}
