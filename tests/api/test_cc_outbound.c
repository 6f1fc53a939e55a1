/* Outbound call lists (CC-6): the retry rule on the test clock, calling
 * hours (China time), exclusive claims that expire, results only by the
 * claimer, pasted lines and customers as entries, validation that changes
 * nothing, permissions, and dialling through the telephone system. Each
 * test has a server of its own because it moves the clock. */
#include "harness.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CHINA_MS (8 * MS_HOUR)

/* Moves the server clock to the next hh:mm China time (a minute later at
 * most, to leave room); returns the new now. */
static long long go_to_china(gx_server *s, int hh, int mm)
{
	long long now = server_now(s), local = now + CHINA_MS;
	long long day = local / MS_DAY * MS_DAY, target = day + hh * MS_HOUR + mm * MS_MINUTE;

	if (target <= local)
		target += MS_DAY;
	clock_advance(s, target - local);
	return server_now(s);
}

/* The start of China day of t plus hh:00, in UTC ms. */
static long long china_day_at(long long t, int days, int hh)
{
	long long local = t + CHINA_MS;

	return local / MS_DAY * MS_DAY + days * MS_DAY + hh * MS_HOUR - CHINA_MS;
}

/* ms as "2026-11-22T08:00:00Z"; the caller frees. */
static char *iso(long long ms)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	char buf[32];

	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
	return xasprintf("%s", buf);
}

static json_int_t new_list(gx_client *c, const char *name)
{
	http_resp *r = http_pack(c, "POST", "/api/v1/cc/outbound/lists", "{s:s,s:s}", "name", name,
				 "kind", "callback");
	expect_status(r, 201);
	return jint(r->json, "id");
}

static http_resp *add_lines(gx_client *c, json_int_t list, const char *lines)
{
	char *p = xasprintf("/api/v1/cc/outbound/lists/%lld/entries", (long long)list);
	http_resp *r = http_pack(c, "POST", p, "{s:s}", "lines", lines);
	free(p);
	return r;
}

static http_resp *next(gx_client *c, json_int_t list)
{
	return list ? http_pack(c, "POST", "/api/v1/cc/outbound/next", "{s:I}", "list_id",
				(json_int_t)list)
		    : http_do(c, "POST", "/api/v1/cc/outbound/next", NULL, NULL);
}

/* Claims the next entry of list and asserts there is one; its id. */
static json_int_t claim(gx_client *c, json_int_t list)
{
	http_resp *r = next(c, list);
	expect_status(r, 200);
	if (!json_is_object(jget(r->json, "entry")))
		fail_msg("nothing to claim: %s", r->body);
	return jint(r->json, "entry.id");
}

static http_resp *record(gx_client *c, json_int_t entry, const char *result)
{
	char *p = xasprintf("/api/v1/cc/outbound/entries/%lld/result", (long long)entry);
	http_resp *r = http_pack(c, "POST", p, "{s:s}", "result", result);
	free(p);
	return r;
}

static http_resp *entry_get(gx_client *c, json_int_t entry)
{
	char *p = xasprintf("/api/v1/cc/outbound/entries/%lld", (long long)entry);
	http_resp *r = http_get(c, p);
	free(p);
	return r;
}

static http_resp *list_get(gx_client *c, json_int_t list)
{
	char *p = xasprintf("/api/v1/cc/outbound/lists/%lld", (long long)list);
	http_resp *r = http_get(c, p);
	free(p);
	return r;
}

static void expect_none(gx_client *c, json_int_t list, const char *reason)
{
	http_resp *r = next(c, list);
	expect_status(r, 200);
	assert_true(json_is_null(jget(r->json, "entry")));
	assert_string_equal(jstr(r->json, "reason"), reason);
}

static void test_retry_rule_three_attempts_two_hours_apart(void **state)
{
	gx_server *s = state_server(state);
	long long now = go_to_china(s, 10, 0);
	gx_client *sup = client_signed_in(s, SUP_USER, SUP_PASS);
	gx_client *ag = client_signed_in(s, AGENT_USER, AGENT_PASS);
	json_int_t list = new_list(sup, "欠费提醒");
	http_resp *r;

	expect_status(add_lines(sup, list, "张三,13800138000"), 200);
	json_int_t e = claim(ag, list);
	r = record(ag, e, "no_answer");
	expect_status(r, 200);
	assert_string_equal(jstr(r->json, "state"), "retry");
	assert_int_equal(jint(r->json, "attempts"), 1);
	long long due = rfc3339_ms(jstr(r->json, "next_at"));
	assert_true(due >= now + 2 * MS_HOUR && due < now + 2 * MS_HOUR + MS_MINUTE);

	/* Not before its time. */
	r = next(ag, list);
	assert_true(json_is_null(jget(r->json, "entry")));
	assert_string_equal(jstr(r->json, "reason"), "not_due");
	assert_int_equal(rfc3339_ms(jstr(r->json, "next_at")), due);

	clock_advance(s, 2 * MS_HOUR);
	assert_int_equal(claim(ag, list), e);
	r = record(ag, e, "busy");
	assert_string_equal(jstr(r->json, "state"), "retry");
	assert_int_equal(jint(r->json, "attempts"), 2);

	clock_advance(s, 2 * MS_HOUR);
	assert_int_equal(claim(ag, list), e);
	r = record(ag, e, "unreachable");
	expect_status(r, 200);
	assert_string_equal(jstr(r->json, "state"), "failed");
	assert_int_equal(jint(r->json, "attempts"), 3);
	assert_true(json_is_null(jget(r->json, "next_at")));
	expect_none(ag, list, "all_done");

	/* Every attempt is kept, in order. */
	r = entry_get(sup, e);
	expect_status(r, 200);
	assert_int_equal(json_array_size(jget(r->json, "attempts_made")), 3);
	assert_string_equal(jstr(r->json, "attempts_made.0.result"), "no_answer");
	assert_string_equal(jstr(r->json, "attempts_made.2.result"), "unreachable");
	assert_string_equal(jstr(r->json, "attempts_made.0.agent.display_name"), AGENT_USER);

	r = list_get(sup, list);
	assert_int_equal(jint(r->json, "counts.failed"), 1);
	assert_int_equal(jint(r->json, "results.unreachable"), 1);
	assert_int_equal(jint(r->json, "total"), 1);
}

static void test_success_refused_wrong_number_finish(void **state)
{
	gx_server *s = state_server(state);
	long long now = go_to_china(s, 11, 0);
	gx_client *sup = client_signed_in(s, SUP_USER, SUP_PASS);
	gx_client *ag = client_signed_in(s, AGENT_USER, AGENT_PASS);
	json_int_t list = new_list(sup, "满意度回访");
	const char *results[] = {"success", "refused", "wrong_number"};

	(void)now;
	expect_status(add_lines(sup, list, "甲,13800138001\n乙,13800138002\n丙,13800138003"),
		      200);
	for (int i = 0; i < 3; i++) {
		http_resp *r = record(ag, claim(ag, list), results[i]);
		expect_status(r, 200);
		assert_string_equal(jstr(r->json, "state"), "done");
		assert_string_equal(jstr(r->json, "result"), results[i]);
	}
	expect_none(ag, list, "all_done");
	http_resp *r = list_get(sup, list);
	assert_int_equal(jint(r->json, "counts.done"), 3);
	assert_int_equal(jint(r->json, "results.success"), 1);
	assert_int_equal(jint(r->json, "results.refused"), 1);
}

static void test_calling_hours(void **state)
{
	gx_server *s = state_server(state);
	gx_client *sup = client_signed_in(s, SUP_USER, SUP_PASS);
	gx_client *ag = client_signed_in(s, AGENT_USER, AGENT_PASS);
	json_int_t list = new_list(sup, "停电通知");
	http_resp *r;

	expect_status(add_lines(sup, list, "李四,13900139000\n王五,13900139001"), 200);
	/* 21:00 China time: the default hours are 09:00 to 20:00. */
	long long now = go_to_china(s, 21, 0);
	ag = client_signed_in(s, AGENT_USER, AGENT_PASS);
	r = next(ag, list);
	assert_true(json_is_null(jget(r->json, "entry")));
	assert_string_equal(jstr(r->json, "reason"), "outside_hours");
	assert_int_equal(rfc3339_ms(jstr(r->json, "next_at")), china_day_at(now, 1, 9));
	expect_none(ag, 0, "outside_hours");

	/* 08:59 still closed, 09:00 open. */
	go_to_china(s, 8, 59);
	ag = client_signed_in(s, AGENT_USER, AGENT_PASS);
	expect_none(ag, list, "outside_hours");
	go_to_china(s, 9, 0);
	json_int_t first = claim(ag, list);
	expect_status(record(ag, first, "success"), 200);

	/* A retry that would fall at 21:00 moves to 09:00 the next morning. */
	now = go_to_china(s, 19, 0);
	ag = client_signed_in(s, AGENT_USER, AGENT_PASS);
	json_int_t e = claim(ag, list);
	r = record(ag, e, "no_answer");
	expect_status(r, 200);
	assert_int_equal(rfc3339_ms(jstr(r->json, "next_at")), china_day_at(now, 1, 9));

	/* Narrower hours set on the list apply at once. */
	go_to_china(s, 9, 0);
	ag = client_signed_in(s, AGENT_USER, AGENT_PASS);
	sup = client_signed_in(s, SUP_USER, SUP_PASS);
	char *p = xasprintf("/api/v1/cc/outbound/lists/%lld", (long long)list);
	r = http_pack(sup, "PATCH", p, "{s:I,s:s,s:s}", "version", (json_int_t)1, "call_from",
		      "10:00", "call_to", "12:30");
	free(p);
	expect_status(r, 200);
	assert_string_equal(jstr(r->json, "call_from"), "10:00");
	assert_string_equal(jstr(r->json, "call_to"), "12:30");
	expect_none(ag, list, "outside_hours");
	go_to_china(s, 10, 0);
	assert_int_equal(claim(ag, list), e);
}

static http_resp *callback(gx_client *c, json_int_t entry, long long at)
{
	char *p = xasprintf("/api/v1/cc/outbound/entries/%lld/result", (long long)entry);
	char *when = iso(at);
	http_resp *r = http_pack(c, "POST", p, "{s:s,s:s,s:s}", "result", "callback_later",
				 "note", "客户在开会，约好再打", "callback_at", when);
	free(when);
	free(p);
	return r;
}

static void test_callback_later_at_the_time_asked(void **state)
{
	gx_server *s = state_server(state);
	long long now = go_to_china(s, 10, 0);
	gx_client *sup = client_signed_in(s, SUP_USER, SUP_PASS);
	gx_client *ag = client_signed_in(s, AGENT_USER, AGENT_PASS);
	json_int_t list = new_list(sup, "营销回访");
	http_resp *r;

	expect_status(add_lines(sup, list, "周六,13700137000\n吴七,13700137001"), 200);
	json_int_t e = claim(ag, list);
	/* Claiming again gives back the entry already held. */
	assert_int_equal(claim(ag, 0), e);

	/* A time in the past, or none, is refused and changes nothing. */
	expect_field(callback(ag, e, now - MS_HOUR), "callback_at");
	expect_field(record(ag, e, "callback_later"), "callback_at");
	r = entry_get(ag, e);
	expect_status(r, 200);
	assert_string_equal(jstr(r->json, "state"), "claimed");
	assert_int_equal(jint(r->json, "attempts"), 0);

	/* Tomorrow 15:00 is kept as it is. */
	long long at = china_day_at(now, 1, 15);
	r = callback(ag, e, at);
	expect_status(r, 200);
	assert_string_equal(jstr(r->json, "state"), "retry");
	assert_int_equal(rfc3339_ms(jstr(r->json, "next_at")), at);
	assert_int_equal(rfc3339_ms(jstr(r->json, "callback_at")), at);
	assert_string_equal(jstr(r->json, "note"), "客户在开会，约好再打");

	/* 22:00 tonight is outside the hours: tomorrow 09:00. */
	json_int_t other = claim(ag, list);
	assert_true(other != e);
	r = callback(ag, other, china_day_at(now, 0, 22));
	expect_status(r, 200);
	assert_int_equal(rfc3339_ms(jstr(r->json, "next_at")), china_day_at(now, 1, 9));

	/* The next morning the second comes first, then the first at 15:00. */
	go_to_china(s, 9, 0);
	ag = client_signed_in(s, AGENT_USER, AGENT_PASS);
	assert_int_equal(claim(ag, list), other);
	expect_status(record(ag, other, "success"), 200);
	expect_none(ag, list, "not_due");
	go_to_china(s, 15, 0);
	assert_int_equal(claim(ag, list), e);
}

static void test_claims_are_exclusive_and_expire(void **state)
{
	gx_server *s = state_server(state);

	go_to_china(s, 10, 0);
	gx_client *admin = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *sup = client_signed_in(s, SUP_USER, SUP_PASS);
	gx_client *a1 = client_signed_in(s, AGENT_USER, AGENT_PASS);
	json_int_t list = new_list(sup, "回访名单");
	http_resp *r;

	create_user(admin, "agent2", "Agent2@12345", "agent");
	gx_client *a2 = client_signed_in(s, "agent2", "Agent2@12345");
	expect_status(add_lines(sup, list, "郑八,13600136000"), 200);

	assert_true(json_is_null(jget(http_get(a1, "/api/v1/cc/outbound/current")->json, "entry")));
	json_int_t e = claim(a1, list);
	/* After a reload the agent finds the entry it holds. */
	assert_int_equal(jint(http_get(a1, "/api/v1/cc/outbound/current")->json, "entry.id"), e);
	assert_true(json_is_null(jget(http_get(a2, "/api/v1/cc/outbound/current")->json, "entry")));
	expect_none(a2, list, "not_due");
	/* Only the claimer records a result or gives it back. */
	expect_error(record(a2, e, "success"), 409, "not_claimed");
	expect_error(record(sup, e, "success"), 409, "not_claimed");
	char *rel = xasprintf("/api/v1/cc/outbound/entries/%lld/release", (long long)e);
	expect_error(http_do(a2, "POST", rel, NULL, NULL), 409, "not_claimed");
	r = entry_get(sup, e);
	assert_string_equal(jstr(r->json, "state"), "claimed");
	assert_int_equal(jint(r->json, "attempts"), 0);
	assert_string_equal(jstr(r->json, "agent.display_name"), AGENT_USER);

	/* Given back, it is due again for anyone. */
	r = http_do(a1, "POST", rel, NULL, NULL);
	expect_status(r, 200);
	assert_string_equal(jstr(r->json, "state"), "pending");
	assert_int_equal(claim(a2, list), e);
	expect_none(a1, list, "not_due");

	/* A claim 30 minutes old may be taken again; the old holder has lost it. */
	clock_advance(s, 29 * MS_MINUTE);
	expect_none(a1, list, "not_due");
	clock_advance(s, MS_MINUTE + MS_SECOND);
	assert_int_equal(claim(a1, list), e);
	expect_error(record(a2, e, "no_answer"), 409, "not_claimed");
	r = record(a1, e, "success");
	expect_status(r, 200);
	assert_int_equal(jint(r->json, "attempts"), 1);
	free(rel);

	/* One entry at a time: asking another list gives back the entry held
	 * in the first until it has a result, so none stays locked away. */
	json_int_t list2 = new_list(sup, "催费名单");
	expect_status(add_lines(sup, list, "钱九,13600136001"), 200);
	expect_status(add_lines(sup, list2, "孙十,13600136002"), 200);
	json_int_t held = claim(a1, list);
	assert_int_equal(claim(a1, list2), held);
	expect_status(record(a1, held, "success"), 200);
	assert_int_not_equal(claim(a1, list2), held);
}

static void test_pasted_lines_and_customers(void **state)
{
	gx_server *s = state_server(state);
	gx_client *sup = client_signed_in(s, SUP_USER, SUP_PASS);
	json_int_t list = new_list(sup, "催费名单");
	http_resp *r;

	r = add_lines(sup, list, "张三,13800138000\n李四,12345\n,13900139000\n王五\n\n"
				 "赵六，139-0013-9001\n张三丰,13800138000\n钱七\t010-6552 9988\r\n");
	expect_status(r, 200);
	assert_int_equal(jint(r->json, "added"), 3);
	assert_int_equal(jint(r->json, "duplicates"), 1);
	assert_int_equal(json_array_size(jget(r->json, "errors")), 3);
	assert_int_equal(jint(r->json, "errors.0.line"), 2);
	assert_string_equal(jstr(r->json, "errors.0.message"), "不是有效的手机号或固定电话");
	assert_int_equal(jint(r->json, "errors.1.line"), 3);
	assert_string_equal(jstr(r->json, "errors.1.message"), "缺少姓名");
	assert_int_equal(jint(r->json, "errors.2.line"), 4);

	char *p = xasprintf("/api/v1/cc/outbound/lists/%lld/entries", (long long)list);
	r = http_get(sup, p);
	expect_status(r, 200);
	assert_int_equal(json_array_size(jget(r->json, "items")), 3);
	/* Numbers are stored normalised. */
	assert_string_equal(jstr(r->json, "items.1.phone"), "13900139001");
	assert_string_equal(jstr(r->json, "items.2.phone"), "01065529988");
	assert_string_equal(jstr(r->json, "items.2.name"), "钱七");

	/* The same paste again adds nothing. */
	r = add_lines(sup, list, "张三,13800138000\n赵六,13900139001");
	assert_int_equal(jint(r->json, "added"), 0);
	assert_int_equal(jint(r->json, "duplicates"), 2);

	/* Customers: their name and first phone; an unknown one is named. */
	r = http_pack(sup, "POST", "/api/v1/customers", "{s:s,s:s,s:[s]}", "type", "individual",
		      "name", "孙八", "phones", "13512345678");
	expect_status(r, 201);
	json_int_t cust = jint(r->json, "id");
	r = http_pack(sup, "POST", p, "{s:[I,I]}", "customer_ids", (json_int_t)cust,
		      (json_int_t)999999);
	expect_status(r, 200);
	assert_int_equal(jint(r->json, "added"), 1);
	assert_int_equal(jint(r->json, "errors.0.customer_id"), 999999);
	assert_true(json_is_null(jget(r->json, "errors.0.line")));
	char *filtered = xasprintf("%s?state=pending&limit=2", p);
	r = http_get(sup, filtered);
	assert_int_equal(json_array_size(jget(r->json, "items")), 2);
	assert_non_null(jstr(r->json, "next"));
	char *page2 = xasprintf("%s&after=%s", filtered, jstr(r->json, "next"));
	r = http_get(sup, page2);
	assert_int_equal(json_array_size(jget(r->json, "items")), 2);
	assert_string_equal(jstr(r->json, "items.1.name"), "孙八");
	assert_int_equal(jint(r->json, "items.1.customer_id"), cust);
	assert_int_equal(jint(list_get(sup, list)->json, "total"), 4);
	free(page2);
	free(filtered);
	free(p);
}

static void test_bad_input_changes_nothing(void **state)
{
	gx_server *s = state_server(state);

	go_to_china(s, 10, 0);
	gx_client *sup = client_signed_in(s, SUP_USER, SUP_PASS);
	gx_client *ag = client_signed_in(s, AGENT_USER, AGENT_PASS);
	const char *lists = "/api/v1/cc/outbound/lists";
	http_resp *r;

	r = http_pack(sup, "POST", lists, "{}");
	expect_field(r, "name");
	expect_field(r, "kind");
	expect_field(http_pack(sup, "POST", lists, "{s:s,s:s}", "name", "x", "kind", "lottery"),
		     "kind");
	expect_field(http_pack(sup, "POST", lists, "{s:s,s:s,s:i}", "name", "x", "kind", "survey",
			       "max_attempts", 11), "max_attempts");
	expect_field(http_pack(sup, "POST", lists, "{s:s,s:s,s:s}", "name", "x", "kind", "survey",
			       "max_attempts", "3"), "max_attempts");
	expect_field(http_pack(sup, "POST", lists, "{s:s,s:s,s:s}", "name", "x", "kind", "survey",
			       "call_from", "25:00"), "call_from");
	expect_field(http_pack(sup, "POST", lists, "{s:s,s:s,s:s,s:s}", "name", "x", "kind",
			       "survey", "call_from", "20:00", "call_to", "09:00"), "call_to");
	expect_field(http_pack(sup, "POST", lists, "{s:s,s:s,s:I}", "name", "x", "kind", "survey",
			       "team_id", (json_int_t)9999), "team_id");
	expect_field(http_pack(sup, "POST", lists, "{s:s,s:s,s:b}", "name", "x", "kind", "survey",
			       "paused", 1), "paused");
	assert_int_equal(count_items(sup, lists), 0);

	json_int_t list = new_list(sup, "名单");
	char *p = xasprintf("%s/%lld/entries", lists, (long long)list);
	expect_field(http_pack(sup, "POST", p, "{}"), "customer_ids");
	expect_field(http_pack(sup, "POST", p, "{s:[i],s:s}", "customer_ids", 1, "lines", "a,1"),
		     "lines");
	expect_field(http_pack(sup, "POST", p, "{s:s}", "customer_ids", "1,2"), "customer_ids");
	expect_field(http_pack(sup, "POST", p, "{s:i}", "lines", 5), "lines");
	assert_int_equal(count_items(sup, p), 0);

	/* A stale version of the list is refused. */
	char *lp = xasprintf("%s/%lld", lists, (long long)list);
	expect_status(http_pack(sup, "PATCH", lp, "{s:i,s:s}", "version", 1, "state", "paused"),
		      200);
	expect_error(http_pack(sup, "PATCH", lp, "{s:i,s:s}", "version", 1, "state", "active"),
		     409, "version_conflict");
	expect_field(http_pack(sup, "PATCH", lp, "{s:i,s:s}", "version", 2, "state", "gone"),
		     "state");
	assert_string_equal(jstr(list_get(sup, list)->json, "state"), "paused");
	expect_status(http_pack(sup, "PATCH", lp, "{s:i,s:s}", "version", 2, "state", "active"),
		      200);

	/* A bad result leaves the claim as it was. */
	expect_status(add_lines(sup, list, "冯九,13300133000"), 200);
	json_int_t e = claim(ag, list);
	expect_field(record(ag, e, "maybe"), "result");
	char *rp = xasprintf("/api/v1/cc/outbound/entries/%lld/result", (long long)e);
	expect_field(http_pack(ag, "POST", rp, "{s:i}", "result", 1), "result");
	expect_field(http_pack(ag, "POST", rp, "{s:s,s:s}", "result", "success", "callback_at",
			       "2099-01-01T00:00:00Z"), "callback_at");
	r = entry_get(ag, e);
	assert_string_equal(jstr(r->json, "state"), "claimed");
	assert_int_equal(jint(r->json, "attempts"), 0);
	assert_int_equal(json_array_size(jget(r->json, "attempts_made")), 0);
	expect_field(http_pack(ag, "POST", "/api/v1/cc/outbound/next", "{s:s}", "list_id", "x"),
		     "list_id");

	/* A closed list takes no more entries and is not worked. */
	expect_status(http_pack(sup, "PATCH", lp, "{s:i,s:s}", "version", 3, "state", "closed"),
		      200);
	expect_error(add_lines(sup, list, "陈十,13300133001"), 409, "list_closed");
	expect_field(next(ag, list), "list_id");
	free(rp);
	free(lp);
	free(p);
}

static void test_permissions_and_teams(void **state)
{
	gx_server *s = state_server(state);

	go_to_china(s, 10, 0);
	gx_client *admin = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *sup = client_signed_in(s, SUP_USER, SUP_PASS);
	gx_client *ag = client_signed_in(s, AGENT_USER, AGENT_PASS);
	const char *lists = "/api/v1/cc/outbound/lists";

	create_user(admin, "analyst1", "Analyst@12345", "analyst");
	gx_client *an = client_signed_in(s, "analyst1", "Analyst@12345");
	json_int_t other = create_team(admin, "客服二组");

	expect_error(http_pack(ag, "POST", lists, "{s:s,s:s}", "name", "x", "kind", "survey"),
		     403, "forbidden");
	json_int_t list = new_list(sup, "公共名单");
	expect_status(add_lines(sup, list, "卫一,13100131000"), 200);
	char *p = xasprintf("%s/%lld/entries", lists, (long long)list);
	expect_error(add_lines(ag, list, "卫二,13100131001"), 403, "forbidden");
	expect_error(http_get(ag, p), 403, "forbidden");
	/* An analyst supervises but does not take calls. */
	assert_int_equal(count_items(an, p), 1);
	expect_error(next(an, list), 403, "forbidden");
	expect_error(http_get(client_new(s), lists), 401, "unauthenticated");

	/* Another team's list is not the agent's to see or work. */
	json_int_t theirs = jint(http_pack(sup, "POST", lists, "{s:s,s:s,s:I}", "name", "二组名单",
					   "kind", "arrears", "team_id", (json_int_t)other)->json,
				 "id");
	expect_status(add_lines(sup, theirs, "卫三,13100131002"), 200);
	assert_int_equal(count_items(ag, lists), 1);
	assert_int_equal(count_items(sup, lists), 2);
	expect_error(list_get(ag, theirs), 404, "not_found");
	expect_field(next(ag, theirs), "list_id");
	json_int_t e = claim(ag, 0);
	expect_status(record(ag, e, "success"), 200);
	expect_none(ag, 0, "all_done");
	free(p);
}

/* The number of dial requests in the database. */
static long dial_requests(gx_server *s)
{
	char *n = sql_text(s->db, "SELECT count(*) FROM cc_dial_requests");
	long v = n ? strtol(n, NULL, 10) : -1;

	free(n);
	return v;
}

static void test_dial_needs_a_configured_agent(void **state)
{
	gx_server *s = state_server(state);

	go_to_china(s, 10, 0);
	gx_client *sup = client_signed_in(s, SUP_USER, SUP_PASS);
	gx_client *ag = client_signed_in(s, AGENT_USER, AGENT_PASS);
	json_int_t list = new_list(sup, "外呼");
	http_resp *r;

	expect_status(add_lines(sup, list, "蒋一,13000130000"), 200);
	json_int_t e = claim(ag, list);
	char *p = xasprintf("/api/v1/cc/outbound/entries/%lld/dial", (long long)e);
	r = http_do(ag, "POST", p, NULL, NULL);
	expect_error(r, 409, "not_an_agent");
	assert_non_null(strstr(jstr(r->json, "error.message"), "分机"));
	assert_int_equal(dial_requests(s), 0);
	/* Not the claimer: refused whoever it is. */
	expect_error(http_do(sup, "POST", p, NULL, NULL), 409, "not_claimed");

	gx_client *admin = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	json_int_t uid = find_user_id(admin, AGENT_USER);
	expect_status(http_pack(admin, "POST", "/api/v1/cc/agents", "{s:I,s:s,s:[]}", "user_id",
				(json_int_t)uid, "extension", "8001", "skills"), 201);
	/* The telephone system learns of the request on its stream (cc.cti
	 * only: an agent may not read it). */
	expect_status(http_get(ag, "/api/v1/cti/dials"), 403);
	sse_stream *st = sse_open(s, admin, "/api/v1/cti/dials", NULL);
	r = http_do(ag, "POST", p, NULL, NULL);
	expect_status(r, 202);
	assert_string_equal(jstr(r->json, "extension"), "8001");
	json_int_t request = jint(r->json, "request_id");
	assert_int_equal(dial_requests(s), 1);
	char *row = sql_text(s->db, "SELECT extension || ' ' || number || ' ' || entry_id"
			     " FROM cc_dial_requests");
	char *want = xasprintf("8001 13000130000 %lld", (long long)e);
	assert_string_equal(row, want);
	char *frame = xasprintf("id: %lld\nevent: dial\ndata: {\"request_id\":%lld,"
				"\"agent\":\"8001\",", (long long)request, (long long)request);
	assert_true(sse_wait(st, frame, 2000));
	char *entry = xasprintf("\"number\":\"13000130000\",\"entry\":%lld,", (long long)e);
	assert_true(sse_wait(st, entry, 100));
	sse_close(st);
	/* A stream resumed after an earlier id gets it again; one resumed
	 * after it does not. */
	st = sse_open(s, admin, "/api/v1/cti/dials", "0");
	assert_true(sse_wait(st, frame, 2000));
	sse_close(st);
	char *last = xasprintf("%lld", (long long)request);
	st = sse_open(s, admin, "/api/v1/cti/dials", last);
	assert_false(sse_wait(st, "event: dial", 300));
	sse_close(st);
	free(frame);
	free(entry);
	free(last);

	/* The telephone system reports the call it dialled; the attempt names it. */
	expect_status(http_pack(ag, "POST", "/api/v1/cc/me/state", "{s:s}", "state", "ready"), 200);
	r = http_pack(admin, "POST", "/api/v1/cti/events", "{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:I}",
		      "id", "o1", "type", "ringing", "direction", "outbound", "call", "out-1",
		      "caller", "95588", "called", "13000130000", "agent", "8001", "entry",
		      (json_int_t)e);
	expect_status(r, 200);
	json_int_t call = jint(r->json, "call.id");
	assert_true(call > 0);
	expect_status(http_pack(admin, "POST", "/api/v1/cti/events", "{s:s,s:s,s:s,s:s}", "id",
				"o2", "type", "answered", "call", "out-1", "agent", "8001"), 200);
	expect_status(http_pack(admin, "POST", "/api/v1/cti/events", "{s:s,s:s,s:s,s:s}", "id",
				"o3", "type", "ended", "call", "out-1", "cause", "hangup"), 200);
	expect_status(record(ag, e, "success"), 200);
	r = entry_get(sup, e);
	assert_int_equal(jint(r->json, "attempts_made.0.call_id"), call);
	free(want);
	free(row);
	free(p);
}

int run_cc_outbound_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_retry_rule_three_attempts_two_hours_apart,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_success_refused_wrong_number_finish,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_calling_hours, gx_test_setup,
						gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_callback_later_at_the_time_asked,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_claims_are_exclusive_and_expire,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_pasted_lines_and_customers,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_bad_input_changes_nothing,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_permissions_and_teams,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_dial_needs_a_configured_agent,
						gx_test_setup, gx_test_teardown),
	};
	return cmocka_run_group_tests_name("cc_outbound", tests, NULL, NULL);
}
