/* SLA policies and business calendars (SVC-3): the seeded 2026 calendar
 * and default limits; deadlines previewed across a weekend, a public
 * holiday and a make-up working day; the tier's own policy over the
 * any-tier one; an administrator's holiday changing the deadline;
 * calendar, special-day and policy changes with their validation and
 * versions; permissions and audit rows. */
#include "harness.h"

#include <string.h>

#define CAL_24X7 1
#define CAL_CHINA 2

/* GET /sla/preview; start is a Beijing wall time "2026-03-06T17:00". */
static http_resp *preview(gx_client *c, const char *type, const char *priority,
			  const char *tier, const char *start)
{
	char *path = xasprintf("/api/v1/sla/preview?type=%s&priority=%s%s%s&start=%s:00%%2B08:00",
			       type, priority, tier ? "&tier=" : "", tier ? tier : "", start);
	http_resp *r = http_get(c, path);

	free(path);
	return r;
}

/* The preview's deadlines must be these UTC instants (NULL: none). */
static void expect_due(gx_client *c, const char *type, const char *priority, const char *tier,
		       const char *start, const char *response, const char *resolve)
{
	http_resp *r = preview(c, type, priority, tier, start);
	json_t *got_response, *got_resolve;

	expect_status(r, 200);
	got_response = jget(r->json, "due_response_at");
	got_resolve = jget(r->json, "due_resolve_at");
	if (!response) {
		assert_true(json_is_null(got_response));
		assert_true(json_is_null(got_resolve));
		return;
	}
	if (!json_is_string(got_response) || strcmp(json_string_value(got_response), response) ||
	    !json_is_string(got_resolve) || strcmp(json_string_value(got_resolve), resolve))
		fail_msg("%s/%s/%s from %s: got %s, want %s and %s", type, priority,
			 tier ? tier : "-", start, r->body, response, resolve);
}

static json_int_t version_of(gx_client *c, const char *path)
{
	http_resp *r = http_get(c, path);

	expect_status(r, 200);
	return jint(r->json, "version");
}

/* The id of the policy for type, priority and tier (NULL: any). */
static json_int_t policy_id(gx_client *c, const char *type, const char *priority,
			    const char *tier)
{
	http_resp *r = http_get(c, "/api/v1/sla/policies");
	json_t *it;
	size_t i;

	expect_status(r, 200);
	json_array_foreach(jget(r->json, "items"), i, it) {
		json_t *t = jget(it, "tier");
		if (!strcmp(jstr(it, "type"), type) && !strcmp(jstr(it, "priority"), priority) &&
		    (tier ? json_is_string(t) && !strcmp(json_string_value(t), tier)
			  : json_is_null(t)))
			return jint(it, "id");
	}
	fail_msg("no policy %s/%s/%s", type, priority, tier ? tier : "-");
	return 0;
}

static void test_sla_seeded_calendars_and_policies(void **state)
{
	gx_server *s = state_server(state);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	http_resp *r = http_get(g, "/api/v1/sla/calendars/2");
	json_t *days;

	expect_status(r, 200);
	assert_string_equal(jstr(r->json, "name"), "中国大陆工作日");
	assert_string_equal(jstr(r->json, "kind"), "business");
	/* Monday to Friday, morning and afternoon. */
	assert_int_equal(json_array_size(jget(r->json, "hours")), 10);
	assert_int_equal(jint(r->json, "hours.0.weekday"), 1);
	assert_string_equal(jstr(r->json, "hours.0.start"), "09:00");
	assert_string_equal(jstr(r->json, "hours.1.start"), "13:30");
	assert_string_equal(jstr(r->json, "hours.1.end"), "18:00");
	assert_int_equal(jint(r->json, "years.0"), 2026);

	r = http_get(g, "/api/v1/sla/calendars/2/days/2026");
	expect_status(r, 200);
	days = jget(r->json, "items");
	/* 33 holidays and 6 make-up days, by date. */
	assert_int_equal(json_array_size(days), 39);
	assert_string_equal(jstr(r->json, "items.0.date"), "2026-01-01");
	assert_string_equal(jstr(r->json, "items.3.date"), "2026-01-04");
	assert_string_equal(jstr(r->json, "items.3.kind"), "workday");
	assert_string_equal(jstr(r->json, "items.38.date"), "2026-10-10");
	assert_string_equal(jstr(r->json, "items.38.kind"), "workday");
	assert_int_equal(count_items(g, "/api/v1/sla/calendars/2/days/2027"), 0);

	r = http_get(g, "/api/v1/sla/calendars/1");
	expect_status(r, 200);
	assert_string_equal(jstr(r->json, "kind"), "24x7");
	assert_int_equal(json_array_size(jget(r->json, "hours")), 0);

	r = http_get(g, "/api/v1/sla/policies");
	expect_status(r, 200);
	assert_int_equal(json_array_size(jget(r->json, "items")), 29);
	/* Listed by type and priority, the any-tier row first. */
	assert_string_equal(jstr(r->json, "items.0.type"), "complaint");
	assert_string_equal(jstr(r->json, "items.0.priority"), "urgent");
	assert_int_equal(jint(r->json, "items.0.response_minutes"), 30);
	assert_int_equal(jint(r->json, "items.0.resolve_minutes"), 240);
	assert_string_equal(jstr(r->json, "items.0.calendar.kind"), "24x7");
	assert_string_equal(jstr(r->json, "items.1.priority"), "high");
	assert_true(json_is_null(jget(r->json, "items.1.tier")));
	assert_string_equal(jstr(r->json, "items.2.priority"), "high");
	assert_string_equal(jstr(r->json, "items.2.tier"), "vip");
}

static void test_sla_preview_across_weekend_holiday_and_make_up_day(void **state)
{
	gx_server *s = state_server(state);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);

	/* A normal inquiry: 4 business hours to answer, 3 business days
	 * (22.5 h) to resolve, from Friday 6 March 17:00: one hour on
	 * Friday, the answer due Monday 12:00, the resolution Wednesday
	 * 17:00 (Beijing; UTC below). */
	expect_due(g, "inquiry", "normal", NULL, "2026-03-06T17:00", "2026-03-09T04:00:00.000Z",
		   "2026-03-11T09:00:00.000Z");
	/* 清明: Saturday 4 to Monday 6 April off, so Tuesday. */
	expect_due(g, "inquiry", "normal", NULL, "2026-04-03T17:00", "2026-04-07T04:00:00.000Z",
		   "2026-04-09T09:00:00.000Z");
	/* 劳动节: Saturday 9 May is a working day. */
	expect_due(g, "inquiry", "normal", NULL, "2026-05-08T17:00", "2026-05-09T04:00:00.000Z",
		   "2026-05-12T09:00:00.000Z");
	/* Round the clock: an urgent complaint late on a holiday Saturday. */
	expect_due(g, "complaint", "urgent", NULL, "2026-10-03T23:50", "2026-10-03T16:20:00.000Z",
		   "2026-10-03T19:50:00.000Z");
	/* Created in the lunch break: the afternoon counts from 13:30. */
	expect_due(g, "inquiry", "normal", NULL, "2026-03-10T12:15", "2026-03-10T09:30:00.000Z",
		   "2026-03-13T04:00:00.000Z");
}

static void test_sla_tier_policy_wins_over_any_tier(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	http_resp *r;

	/* VIP complaints run round the clock: 1 h / 8 h from Friday 17:00. */
	expect_due(a, "complaint", "normal", "vip", "2026-03-06T17:00", "2026-03-06T10:00:00.000Z",
		   "2026-03-06T17:00:00.000Z");
	/* Other tiers and no tier: the any-tier business-hours policy. */
	expect_due(a, "complaint", "normal", "general", "2026-03-06T17:00",
		   "2026-03-09T02:00:00.000Z", "2026-03-10T09:00:00.000Z");
	expect_due(a, "complaint", "normal", NULL, "2026-03-06T17:00", "2026-03-09T02:00:00.000Z",
		   "2026-03-10T09:00:00.000Z");
	r = preview(a, "complaint", "normal", "vip", "2026-03-06T17:00");
	assert_string_equal(jstr(r->json, "policy.tier"), "vip");
	assert_string_equal(jstr(r->json, "policy.calendar.kind"), "24x7");

	/* A key-account rule for inquiries. */
	r = http_pack(a, "POST", "/api/v1/sla/policies", "{s:s,s:s,s:s,s:i,s:i,s:i}",
		      "type", "inquiry", "priority", "normal", "tier", "key",
		      "calendar_id", CAL_24X7, "response_minutes", 60, "resolve_minutes", 600);
	expect_status(r, 201);
	expect_due(a, "inquiry", "normal", "key", "2026-03-06T17:00", "2026-03-06T10:00:00.000Z",
		   "2026-03-06T19:00:00.000Z");
	expect_due(a, "inquiry", "normal", "small", "2026-03-06T17:00",
		   "2026-03-09T04:00:00.000Z", "2026-03-11T09:00:00.000Z");

	/* Without the any-tier row, a tier without its own has no limit. */
	expect_status(http_do(a, "DELETE", srv_own(s, xasprintf("/api/v1/sla/policies/%lld?version=1",
		(long long)policy_id(a, "inquiry", "normal", NULL))), NULL, NULL), 204);
	expect_due(a, "inquiry", "normal", "small", "2026-03-06T17:00", NULL, NULL);
	r = preview(a, "inquiry", "normal", "small", "2026-03-06T17:00");
	assert_true(json_is_null(jget(r->json, "policy")));
	expect_due(a, "inquiry", "normal", "key", "2026-03-06T17:00", "2026-03-06T10:00:00.000Z",
		   "2026-03-06T19:00:00.000Z");
}

static void test_sla_holiday_added_by_admin_moves_deadline(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	json_int_t v = version_of(a, "/api/v1/sla/calendars/2");
	http_resp *r = http_get(a, "/api/v1/sla/calendars/2/days/2026");
	json_t *days = json_deep_copy(jget(r->json, "items")), *put;
	char *body;

	expect_due(a, "inquiry", "normal", NULL, "2026-03-06T17:00", "2026-03-09T04:00:00.000Z",
		   "2026-03-11T09:00:00.000Z");
	/* A local holiday on Monday 9 March. */
	json_array_append_new(days, json_pack("{s:s,s:s,s:s}", "date", "2026-03-09",
					      "kind", "holiday", "name", "公司假日"));
	put = json_pack("{s:I,s:o}", "version", (json_int_t)v, "days", days);
	body = json_dumps(put, JSON_COMPACT);
	json_decref(put);
	r = http_do(a, "PUT", "/api/v1/sla/calendars/2/days/2026", body, NULL);
	expect_status(r, 200);
	assert_int_equal(jint(r->json, "version"), v + 1);
	expect_due(a, "inquiry", "normal", NULL, "2026-03-06T17:00", "2026-03-10T04:00:00.000Z",
		   "2026-03-12T09:00:00.000Z");
	assert_int_equal(count_items(a, "/api/v1/sla/calendars/2/days/2026"), 40);

	/* The same body again is based on the old version: refused. */
	expect_error(http_do(a, "PUT", "/api/v1/sla/calendars/2/days/2026", body, NULL), 409,
		     "version_conflict");
	free(body);

	/* Emptying 2026 leaves plain weeks: 1 January is a Thursday like any. */
	expect_status(http_pack(a, "PUT", "/api/v1/sla/calendars/2/days/2026", "{s:I,s:[]}",
				"version", (json_int_t)(v + 1), "days"), 200);
	assert_int_equal(count_items(a, "/api/v1/sla/calendars/2/days/2026"), 0);
	expect_due(a, "inquiry", "normal", NULL, "2025-12-31T17:00", "2026-01-01T04:00:00.000Z",
		   "2026-01-05T09:00:00.000Z");
	expect_due(a, "inquiry", "normal", NULL, "2026-04-03T17:00", "2026-04-06T04:00:00.000Z",
		   "2026-04-08T09:00:00.000Z");

	/* 2027's days are a year of their own. */
	expect_status(http_pack(a, "PUT", "/api/v1/sla/calendars/2/days/2027", "{s:I,s:[{s:s,s:s}]}",
				"version", (json_int_t)(v + 2), "days", "date", "2027-01-01",
				"kind", "holiday"), 200);
	r = http_get(a, "/api/v1/sla/calendars/2");
	assert_int_equal(json_array_size(jget(r->json, "years")), 1);
	assert_int_equal(jint(r->json, "years.0"), 2027);

	r = http_get(a, "/api/v1/audit?limit=5");
	assert_string_equal(jstr(r->json, "items.0.action"), "sla.days.replace");
	assert_string_equal(jstr(r->json, "items.0.target"), "sla_calendar:2");
}

static void test_sla_days_validation_changes_nothing(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	json_int_t v = version_of(a, "/api/v1/sla/calendars/2");
	const char *const bad_items[] = {
		"{\"date\":\"2027-01-01\",\"kind\":\"holiday\"}",         /* other year */
		"{\"date\":\"2026-02-30\",\"kind\":\"holiday\"}",         /* no such date */
		"{\"date\":\"2026/03/09\",\"kind\":\"holiday\"}",         /* format */
		"{\"date\":\"2026-03-09\",\"kind\":\"vacation\"}",        /* kind */
		"{\"date\":\"2026-03-09\"}",                              /* kind missing */
		"{\"date\":\"2026-03-09\",\"kind\":\"holiday\",\"x\":1}", /* unknown key */
		"{\"date\":\"2026-03-09\",\"kind\":\"holiday\",\"name\":5}",
		"{\"date\":\"2026-03-09\",\"kind\":\"holiday\",\"name\":\"一二三四五六七八九十一二三四五六七八九十一\"}",
		"{\"date\":\"2026-03-09\",\"kind\":\"holiday\"},{\"date\":\"2026-03-09\",\"kind\":\"workday\"}",
		"\"2026-03-09\"",
	};
	char *body;

	for (size_t i = 0; i < sizeof bad_items / sizeof *bad_items; i++) {
		body = xasprintf("{\"version\":%lld,\"days\":[%s]}", (long long)v, bad_items[i]);
		expect_field(http_do(a, "PUT", "/api/v1/sla/calendars/2/days/2026", body, NULL),
			     "days");
		free(body);
	}
	expect_field(http_pack(a, "PUT", "/api/v1/sla/calendars/2/days/2026", "{s:I,s:s}",
			       "version", (json_int_t)v, "days", "2026-03-09"), "days");
	expect_field(http_pack(a, "PUT", "/api/v1/sla/calendars/2/days/2026", "{s:[]}", "days"),
		     "version");
	expect_field(http_pack(a, "PUT", "/api/v1/sla/calendars/2/days/26", "{s:I,s:[]}",
			       "version", (json_int_t)v, "days"), "year");
	expect_field(http_pack(a, "PUT", "/api/v1/sla/calendars/2/days/1999", "{s:I,s:[]}",
			       "version", (json_int_t)v, "days"), "year");
	expect_field(http_get(a, "/api/v1/sla/calendars/2/days/abcd"), "year");
	/* A round-the-clock calendar has no holidays. */
	expect_field(http_pack(a, "PUT", "/api/v1/sla/calendars/1/days/2026", "{s:I,s:[{s:s,s:s}]}",
			       "version", (json_int_t)1, "days", "date", "2026-03-09",
			       "kind", "holiday"), "days");
	expect_error(http_pack(a, "PUT", "/api/v1/sla/calendars/99/days/2026", "{s:I,s:[]}",
			       "version", (json_int_t)1, "days"), 404, "not_found");

	assert_int_equal(version_of(a, "/api/v1/sla/calendars/2"), v);
	assert_int_equal(count_items(a, "/api/v1/sla/calendars/2/days/2026"), 39);
}

static void test_sla_calendar_create_update_delete(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	http_resp *r;
	json_int_t id;
	char *path, *dl;

	/* A Saturday service desk: Monday to Saturday 08:30–17:30. */
	r = http_pack(a, "POST", "/api/v1/sla/calendars",
		      "{s:s,s:s,s:[{s:i,s:s,s:s},{s:i,s:s,s:s}]}", "name", "营业厅（周六营业）",
		      "kind", "business", "hours", "weekday", 6, "start", "08:30", "end", "17:30",
		      "weekday", 1, "start", "08:30", "end", "17:30");
	expect_status(r, 201);
	id = jint(r->json, "id");
	assert_int_equal(jint(r->json, "version"), 1);
	assert_int_equal(jint(r->json, "policies"), 0);
	/* Hours come back by weekday. */
	assert_int_equal(jint(r->json, "hours.0.weekday"), 1);
	assert_int_equal(jint(r->json, "hours.1.weekday"), 6);
	path = xasprintf("/api/v1/sla/calendars/%lld", (long long)id);

	/* Saturday 09:00 + 60 working minutes: Saturday 10:00 here. */
	dl = xasprintf("%s/deadline?start=2026-03-07T09:00:00%%2B08:00&minutes=60", path);
	r = http_get(a, dl);
	expect_status(r, 200);
	assert_string_equal(jstr(r->json, "due_at"), "2026-03-07T02:00:00.000Z");
	free(dl);
	/* On the seeded calendar the same is Monday 10:00. */
	r = http_get(a, "/api/v1/sla/calendars/2/deadline?start=2026-03-07T09:00:00%2B08:00&minutes=60");
	assert_string_equal(jstr(r->json, "due_at"), "2026-03-09T02:00:00.000Z");
	expect_field(http_get(a, "/api/v1/sla/calendars/2/deadline?start=yesterday&minutes=60"),
		     "start");
	expect_field(http_get(a, "/api/v1/sla/calendars/2/deadline?minutes=-5"), "minutes");
	expect_field(http_get(a, "/api/v1/sla/calendars/2/deadline"), "minutes");

	/* Rename and close on Saturdays; a stale version changes nothing. */
	r = http_pack(a, "PATCH", path, "{s:i,s:s,s:[{s:i,s:s,s:s}]}", "version", 1,
		      "name", "营业厅", "hours", "weekday", 1, "start", "08:30", "end", "24:00");
	expect_status(r, 200);
	assert_int_equal(jint(r->json, "version"), 2);
	assert_string_equal(jstr(r->json, "name"), "营业厅");
	assert_string_equal(jstr(r->json, "hours.0.end"), "24:00");
	assert_int_equal(json_array_size(jget(r->json, "hours")), 1);
	expect_error(http_pack(a, "PATCH", path, "{s:i,s:s}", "version", 1, "name", "旧名"), 409,
		     "version_conflict");
	assert_string_equal(jstr(http_get(a, path)->json, "name"), "营业厅");
	/* Turning it round the clock drops its hours. */
	r = http_pack(a, "PATCH", path, "{s:i,s:s}", "version", 2, "kind", "24x7");
	expect_status(r, 200);
	assert_int_equal(json_array_size(jget(r->json, "hours")), 0);

	/* A calendar in use cannot go. */
	r = http_pack(a, "POST", "/api/v1/sla/policies", "{s:s,s:s,s:s,s:I,s:i,s:i}",
		      "type", "event", "priority", "low", "tier", "vip", "calendar_id", id,
		      "response_minutes", 30, "resolve_minutes", 60);
	expect_status(r, 201);
	free(path);
	path = xasprintf("/api/v1/sla/calendars/%lld?version=3", (long long)id);
	expect_error(http_do(a, "DELETE", path, NULL, NULL), 409, "calendar_in_use");
	expect_status(http_do(a, "DELETE", srv_own(s, xasprintf("/api/v1/sla/policies/%lld?version=1",
		(long long)jint(r->json, "id"))), NULL, NULL), 204);
	expect_error(http_do(a, "DELETE", srv_own(s, xasprintf("/api/v1/sla/calendars/%lld?version=2",
		(long long)id)), NULL, NULL), 409, "version_conflict");
	expect_field(http_do(a, "DELETE", srv_own(s, xasprintf("/api/v1/sla/calendars/%lld",
		(long long)id)), NULL, NULL), "version");
	expect_status(http_do(a, "DELETE", path, NULL, NULL), 204);
	free(path);
	path = xasprintf("/api/v1/sla/calendars/%lld", (long long)id);
	expect_error(http_get(a, path), 404, "not_found");
	free(path);
	assert_int_equal(count_items(a, "/api/v1/sla/calendars"), 2);
	r = http_get(a, "/api/v1/audit?limit=10");
	assert_string_equal(jstr(r->json, "items.0.action"), "sla.calendar.delete");
}

static void test_sla_calendar_validation_changes_nothing(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	static const struct {
		const char *body, *field;
	} bad[] = {
		{"{\"kind\":\"business\",\"hours\":[{\"weekday\":1,\"start\":\"09:00\",\"end\":\"18:00\"}]}",
		 "name"},
		{"{\"name\":\"甲\"}", "kind"},
		{"{\"name\":\"甲\",\"kind\":\"weekly\"}", "kind"},
		{"{\"name\":\"   \",\"kind\":\"24x7\"}", "name"},
		{"{\"name\":5,\"kind\":\"24x7\"}", "name"},
		{"{\"name\":\"甲\",\"kind\":\"business\"}", "hours"},
		{"{\"name\":\"甲\",\"kind\":\"business\",\"hours\":[]}", "hours"},
		{"{\"name\":\"甲\",\"kind\":\"business\",\"hours\":{}}", "hours"},
		{"{\"name\":\"甲\",\"kind\":\"business\",\"hours\":[{\"weekday\":8,\"start\":\"09:00\",\"end\":\"18:00\"}]}",
		 "hours"},
		{"{\"name\":\"甲\",\"kind\":\"business\",\"hours\":[{\"weekday\":1,\"start\":\"9:00\",\"end\":\"18:00\"}]}",
		 "hours"},
		{"{\"name\":\"甲\",\"kind\":\"business\",\"hours\":[{\"weekday\":1,\"start\":\"09:00\",\"end\":\"25:00\"}]}",
		 "hours"},
		{"{\"name\":\"甲\",\"kind\":\"business\",\"hours\":[{\"weekday\":1,\"start\":\"18:00\",\"end\":\"09:00\"}]}",
		 "hours"},
		{"{\"name\":\"甲\",\"kind\":\"business\",\"hours\":[{\"weekday\":1,\"start\":\"24:00\",\"end\":\"24:00\"}]}",
		 "hours"},
		{"{\"name\":\"甲\",\"kind\":\"business\",\"hours\":[{\"weekday\":1,\"start\":\"09:00\",\"end\":\"12:00\"},"
		 "{\"weekday\":1,\"start\":\"11:00\",\"end\":\"13:00\"}]}", "hours"},
		{"{\"name\":\"甲\",\"kind\":\"business\",\"hours\":[{\"weekday\":1,\"start\":\"09:00\"}]}",
		 "hours"},
		{"{\"name\":\"甲\",\"kind\":\"24x7\",\"hours\":[{\"weekday\":1,\"start\":\"09:00\",\"end\":\"12:00\"}]}",
		 "hours"},
		{"{\"name\":\"甲\",\"kind\":\"24x7\",\"color\":\"red\"}", "color"},
		{"{\"name\":\"甲\",\"kind\":\"24x7\",\"version\":1}", "version"},
	};
	http_resp *r;

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		expect_field(http_do(a, "POST", "/api/v1/sla/calendars", bad[i].body, NULL),
			     bad[i].field);
	/* Five periods on one day are one too many. */
	r = http_pack(a, "POST", "/api/v1/sla/calendars",
		      "{s:s,s:s,s:[{s:i,s:s,s:s},{s:i,s:s,s:s},{s:i,s:s,s:s},{s:i,s:s,s:s},{s:i,s:s,s:s}]}",
		      "name", "甲", "kind", "business", "hours",
		      "weekday", 2, "start", "01:00", "end", "02:00", "weekday", 2, "start", "03:00",
		      "end", "04:00", "weekday", 2, "start", "05:00", "end", "06:00", "weekday", 2,
		      "start", "07:00", "end", "08:00", "weekday", 2, "start", "09:00", "end", "10:00");
	expect_field(r, "hours");
	/* A name is taken once. */
	r = http_pack(a, "POST", "/api/v1/sla/calendars", "{s:s,s:s}", "name", "中国大陆工作日",
		      "kind", "24x7");
	expect_error(r, 409, "conflict");
	assert_non_null(jget(r->json, "error.fields.name"));
	expect_field(http_pack(a, "PATCH", "/api/v1/sla/calendars/2", "{s:s}", "name", "乙"),
		     "version");
	expect_field(http_pack(a, "PATCH", "/api/v1/sla/calendars/2", "{s:i,s:[]}", "version", 1,
			       "hours"), "hours");
	expect_error(http_pack(a, "PATCH", "/api/v1/sla/calendars/99", "{s:i,s:s}", "version", 1,
			       "name", "乙"), 404, "not_found");

	assert_int_equal(count_items(a, "/api/v1/sla/calendars"), 2);
	r = http_get(a, "/api/v1/sla/calendars/2");
	assert_int_equal(jint(r->json, "version"), 1);
	assert_int_equal(json_array_size(jget(r->json, "hours")), 10);
}

static void test_sla_policy_changes_and_validation(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	json_int_t id = policy_id(a, "repair", "low", NULL);
	char *path = xasprintf("/api/v1/sla/policies/%lld", (long long)id);
	static const struct {
		const char *body, *field;
	} bad[] = {
		{"{\"priority\":\"low\",\"calendar_id\":1,\"response_minutes\":1,\"resolve_minutes\":2}",
		 "type"},
		{"{\"type\":\"praise\",\"priority\":\"low\",\"calendar_id\":1,\"response_minutes\":1,"
		 "\"resolve_minutes\":2}", "type"},
		{"{\"type\":\"event\",\"priority\":\"asap\",\"calendar_id\":1,\"response_minutes\":1,"
		 "\"resolve_minutes\":2}", "priority"},
		{"{\"type\":\"event\",\"priority\":\"low\",\"tier\":\"gold\",\"calendar_id\":1,"
		 "\"response_minutes\":1,\"resolve_minutes\":2}", "tier"},
		{"{\"type\":\"event\",\"priority\":\"low\",\"tier\":\"key\",\"calendar_id\":99,"
		 "\"response_minutes\":1,\"resolve_minutes\":2}", "calendar_id"},
		{"{\"type\":\"event\",\"priority\":\"low\",\"tier\":\"key\",\"calendar_id\":1,"
		 "\"response_minutes\":0,\"resolve_minutes\":2}", "response_minutes"},
		{"{\"type\":\"event\",\"priority\":\"low\",\"tier\":\"key\",\"calendar_id\":1,"
		 "\"response_minutes\":\"30\",\"resolve_minutes\":60}", "response_minutes"},
		{"{\"type\":\"event\",\"priority\":\"low\",\"tier\":\"key\",\"calendar_id\":1,"
		 "\"response_minutes\":60,\"resolve_minutes\":30}", "resolve_minutes"},
		{"{\"type\":\"event\",\"priority\":\"low\",\"tier\":\"key\",\"calendar_id\":1,"
		 "\"response_minutes\":60,\"resolve_minutes\":99999999}", "resolve_minutes"},
		{"{\"type\":\"event\",\"priority\":\"low\",\"tier\":\"key\",\"calendar_id\":1,"
		 "\"response_minutes\":60}", "resolve_minutes"},
	};
	http_resp *r;

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		expect_field(http_do(a, "POST", "/api/v1/sla/policies", bad[i].body, NULL),
			     bad[i].field);
	/* One row per type, priority and tier. */
	r = http_pack(a, "POST", "/api/v1/sla/policies", "{s:s,s:s,s:n,s:i,s:i,s:i}",
		      "type", "repair", "priority", "low", "tier", "calendar_id", CAL_CHINA,
		      "response_minutes", 30, "resolve_minutes", 60);
	expect_error(r, 409, "conflict");
	assert_non_null(jget(r->json, "error.fields.tier"));
	assert_int_equal(count_items(a, "/api/v1/sla/policies"), 29);

	/* Low repairs move to business hours with shorter limits. */
	r = http_pack(a, "PATCH", path, "{s:i,s:i,s:i}", "version", 1, "response_minutes", 90,
		      "resolve_minutes", 45);
	expect_field(r, "resolve_minutes");
	r = http_pack(a, "PATCH", path, "{s:i,s:i,s:i,s:i}", "version", 1, "calendar_id", CAL_CHINA,
		      "response_minutes", 60, "resolve_minutes", 450);
	expect_status(r, 200);
	assert_int_equal(jint(r->json, "version"), 2);
	assert_string_equal(jstr(r->json, "calendar.name"), "中国大陆工作日");
	expect_due(a, "repair", "low", NULL, "2026-03-06T17:00", "2026-03-06T10:00:00.000Z",
		   "2026-03-09T09:00:00.000Z");
	expect_error(http_pack(a, "PATCH", path, "{s:i,s:i}", "version", 1, "response_minutes", 5),
		     409, "version_conflict");
	/* Moving it onto an existing key is a conflict too. */
	r = http_pack(a, "PATCH", path, "{s:i,s:s}", "version", 2, "priority", "normal");
	expect_error(r, 409, "conflict");
	r = http_get(a, path);
	assert_int_equal(jint(r->json, "response_minutes"), 60);
	assert_string_equal(jstr(r->json, "priority"), "low");

	r = http_get(a, "/api/v1/audit?limit=5");
	assert_string_equal(jstr(r->json, "items.0.action"), "sla.policy.update");
	assert_string_equal(jstr(r->json, "items.0.target"),
			    srv_own(s, xasprintf("sla_policy:%lld", (long long)id)));
	expect_error(http_get(a, "/api/v1/sla/policies/9999"), 404, "not_found");
	free(path);
}

static void test_sla_preview_validation(void **state)
{
	gx_server *s = state_server(state);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);

	expect_field(http_get(g, "/api/v1/sla/preview?priority=normal"), "type");
	expect_field(http_get(g, "/api/v1/sla/preview?type=praise&priority=normal"), "type");
	expect_field(http_get(g, "/api/v1/sla/preview?type=inquiry&priority=soon"), "priority");
	expect_field(http_get(g, "/api/v1/sla/preview?type=inquiry&priority=normal&tier=gold"),
		     "tier");
	expect_field(http_get(g, "/api/v1/sla/preview?type=inquiry&priority=normal&start=tomorrow"),
		     "start");
}

static void test_sla_permissions(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	gx_client *sup = client_signed_in(s, SUP_USER, SUP_PASS);
	gx_client *an;

	/* Agents and supervisors read and preview; only sla.manage changes. */
	expect_status(http_get(sup, "/api/v1/sla/policies"), 200);
	expect_status(http_get(g, "/api/v1/sla/calendars"), 200);
	expect_error(http_pack(g, "POST", "/api/v1/sla/calendars", "{s:s,s:s}", "name", "甲",
			       "kind", "24x7"), 403, "forbidden");
	expect_error(http_pack(sup, "PATCH", "/api/v1/sla/policies/1", "{s:i,s:i}", "version", 1,
			       "response_minutes", 5), 403, "forbidden");
	expect_error(http_pack(sup, "PUT", "/api/v1/sla/calendars/2/days/2026", "{s:i,s:[]}",
			       "version", 1, "days"), 403, "forbidden");
	expect_error(http_do(g, "DELETE", "/api/v1/sla/policies/1?version=1", NULL, NULL), 403,
		     "forbidden");
	assert_int_equal(count_items(a, "/api/v1/sla/calendars/2/days/2026"), 39);
	assert_int_equal(jint(http_get(a, "/api/v1/sla/policies/1")->json, "version"), 1);

	create_user(a, "analyst1", "Analyst@12345", "analyst");
	an = client_signed_in(s, "analyst1", "Analyst@12345");
	expect_error(http_get(an, "/api/v1/sla/policies"), 403, "forbidden");
	expect_error(http_get(an, "/api/v1/sla/preview?type=inquiry&priority=normal"), 403,
		     "forbidden");
	expect_error(http_get(client_new(s), "/api/v1/sla/calendars"), 401, "unauthenticated");
}

int run_sla_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sla_seeded_calendars_and_policies,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_sla_preview_across_weekend_holiday_and_make_up_day,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_sla_tier_policy_wins_over_any_tier,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_sla_holiday_added_by_admin_moves_deadline,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_sla_days_validation_changes_nothing,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_sla_calendar_create_update_delete,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_sla_calendar_validation_changes_nothing,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_sla_policy_changes_and_validation,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_sla_preview_validation,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_sla_permissions,
						gx_test_setup, gx_test_teardown),
	};
	return cmocka_run_group_tests_name("sla", tests, NULL, NULL);
}
