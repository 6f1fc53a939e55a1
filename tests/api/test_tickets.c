/* Work orders (SVC-1, SVC-2, SVC-6, SVC-7): creation and validation, every
 * move of the closed loop allowed and every other one refused with 409 and
 * nothing changed, the pause while waiting for the customer, the rating at
 * the callback, the 7-day reopen window on the test clock, the repair
 * flow, versions, team scope and permissions, list views with paging and
 * filters, bulk actions, the thread, attachments and the customer's page
 * and timeline. */
#include "harness.h"

#include <string.h>
#include <unistd.h>

static const char *const states[] = {"new", "accepted", "dispatched", "in_progress",
				     "waiting", "resolved", "callback", "closed"};
#define NSTATES (sizeof states / sizeof *states)

/* The loop as the issue describes it, written out independently of the
 * server's table: from → to pairs that must be allowed. */
static const char *const allowed[][2] = {
	{"new", "accepted"},           {"new", "dispatched"},         {"new", "closed"},
	{"accepted", "dispatched"},    {"accepted", "in_progress"},   {"accepted", "closed"},
	{"dispatched", "in_progress"}, {"dispatched", "dispatched"},  {"dispatched", "closed"},
	{"in_progress", "waiting"},    {"in_progress", "resolved"},   {"in_progress", "dispatched"},
	{"in_progress", "closed"},     {"waiting", "in_progress"},    {"waiting", "resolved"},
	{"waiting", "closed"},         {"resolved", "callback"},      {"resolved", "closed"},
	{"callback", "closed"},        {"callback", "in_progress"},   {"callback", "dispatched"},
	{"closed", "in_progress"},     {"closed", "dispatched"},
};
#define NALLOWED (sizeof allowed / sizeof *allowed)

static bool is_allowed(const char *from, const char *to)
{
	for (size_t i = 0; i < NALLOWED; i++)
		if (!strcmp(allowed[i][0], from) && !strcmp(allowed[i][1], to))
			return true;
	return false;
}

static json_int_t team_of(gx_client *c)
{
	return jint(http_get(c, "/api/v1/users/me")->json, "team.id");
}

static json_int_t new_customer(gx_client *c, const char *name)
{
	http_resp *r = http_pack(c, "POST", "/api/v1/customers", "{s:s,s:s}", "type",
				 "individual", "name", name);
	expect_status(r, 201);
	return jint(r->json, "id");
}

static char *tpath(json_int_t id, const char *suffix)
{
	return xasprintf("/api/v1/tickets/%lld%s", (long long)id, suffix);
}

static json_t *ticket(gx_client *c, json_int_t id)
{
	char *p = tpath(id, "");
	http_resp *r = http_get(c, p);

	free(p);
	expect_status(r, 200);
	return r->json;
}

/* POST a move to `to` at the current version with the fields of extra
 * (stolen; NULL for none). */
static http_resp *move(gx_client *c, json_int_t id, const char *to, json_t *extra)
{
	json_t *body = extra ? extra : json_object();
	char *p = tpath(id, "/transitions"), *text;
	http_resp *r;

	json_object_set_new(body, "to", json_string(to));
	json_object_set_new(body, "version", json_integer(jint(ticket(c, id), "version")));
	text = json_dumps(body, JSON_COMPACT);
	r = http_do(c, "POST", p, text, NULL);
	free(text);
	free(p);
	json_decref(body);
	return r;
}

/* The fields a move to `to` from `from` needs. */
static json_t *fields_for(const char *from, const char *to, json_int_t team)
{
	if (!strcmp(to, "dispatched"))
		return json_pack("{s:I,s:s}", "team_id", team, "note", "转班组处理");
	if (!strcmp(to, "resolved"))
		return json_pack("{s:s}", "resolution", "已为客户办理完毕");
	if (!strcmp(to, "closed") && !strcmp(from, "callback"))
		return json_pack("{s:i,s:s}", "rating", 5, "rating_comment", "很满意");
	if (!strcmp(to, "callback") || (!strcmp(to, "accepted")) ||
	    (!strcmp(to, "in_progress") && strcmp(from, "callback") && strcmp(from, "closed")))
		return NULL;
	return json_pack("{s:s}", "note", "客户要求");
}

/* Drives a new order to state along the shortest path. */
static void drive(gx_client *c, json_int_t id, const char *state, json_int_t team)
{
	static const char *const path[][7] = {
		[0] = {NULL},
		[1] = {"accepted", NULL},
		[2] = {"accepted", "dispatched", NULL},
		[3] = {"accepted", "in_progress", NULL},
		[4] = {"accepted", "in_progress", "waiting", NULL},
		[5] = {"accepted", "in_progress", "resolved", NULL},
		[6] = {"accepted", "in_progress", "resolved", "callback", NULL},
		[7] = {"accepted", "in_progress", "resolved", "callback", "closed", NULL},
	};
	const char *from = "new";

	for (size_t s = 0; s < NSTATES; s++) {
		if (strcmp(states[s], state) != 0)
			continue;
		for (int i = 0; path[s][i]; i++) {
			http_resp *r = move(c, id, path[s][i], fields_for(from, path[s][i], team));
			expect_status(r, 200);
			from = path[s][i];
		}
		assert_string_equal(jstr(ticket(c, id), "state"), state);
		return;
	}
	fail_msg("unknown state %s", state);
}

static size_t count_events(gx_client *c, json_int_t id)
{
	char *p = tpath(id, "/events");
	size_t n = count_items(c, p);
	free(p);
	return n;
}

static void test_ticket_create_and_read_back(void **state)
{
	gx_server *s = state_server(state);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	json_int_t cust = new_customer(g, "张建国");
	http_resp *r = http_pack(g, "POST", "/api/v1/tickets", "{s:s,s:I,s:s,s:s,s:s,s:s,s:s}",
				 "type", "complaint", "customer_id", cust, "title", "营业厅服务态度差",
				 "description", "客户反映\n柜员态度冷淡", "priority", "urgent",
				 "channel", "wechat", "category", "complaint.attitude");
	json_t *t;

	expect_status(r, 201);
	t = r->json;
	assert_string_equal(jstr(t, "state"), "new");
	assert_string_equal(jstr(t, "type"), "complaint");
	assert_string_equal(jstr(t, "priority"), "urgent");
	assert_string_equal(jstr(t, "channel"), "wechat");
	assert_string_equal(jstr(t, "category.label"), "服务态度");
	assert_int_equal(jint(t, "customer_id"), cust);
	assert_string_equal(jstr(t, "customer.name"), "张建国");
	assert_string_equal(jstr(t, "team.name"), AGENT_TEAM);
	assert_true(json_is_null(jget(t, "assignee")));
	/* An urgent complaint: 30 minutes to respond, 4 hours to resolve,
	 * round the clock (the seeded policy). */
	assert_true(jint(t, "sla.response_left_ms") > 30 * MS_MINUTE - 5 * MS_SECOND);
	assert_true(jint(t, "sla.response_left_ms") <= 30 * MS_MINUTE);
	assert_true(jint(t, "sla.resolve_left_ms") > 4 * MS_HOUR - 5 * MS_SECOND);
	assert_false(json_is_true(jget(t, "sla.warned")));
	assert_true(json_is_null(jget(t, "responded_at")));
	assert_int_equal(jint(t, "version"), 1);
	assert_true(is_rfc3339_ms(jstr(t, "created_at")));
	/* Only the moves out of "new" this agent may make are offered. */
	assert_string_equal(jstr(t, "transitions.0.to"), "accepted");
	for (size_t i = 0; i < json_array_size(jget(t, "transitions")); i++)
		assert_string_not_equal(jstr(json_array_get(jget(t, "transitions"), i), "to"),
					"dispatched");
	json_int_t id = jint(t, "id");
	t = ticket(g, id);
	assert_string_equal(jstr(t, "description"), "客户反映\n柜员态度冷淡");
	/* Channel and priority have defaults. */
	r = http_pack(g, "POST", "/api/v1/tickets", "{s:s,s:I,s:s}", "type", "inquiry",
		      "customer_id", cust, "title", "账单咨询");
	expect_status(r, 201);
	assert_string_equal(jstr(r->json, "channel"), "phone");
	assert_string_equal(jstr(r->json, "priority"), "normal");
	/* Creation is the first event. */
	char *p = tpath(id, "/events");
	r = http_get(g, p);
	free(p);
	assert_string_equal(jstr(r->json, "items.0.action"), "create");
	assert_string_equal(jstr(r->json, "items.0.to"), "new");
	assert_true(json_is_null(jget(r->json, "items.0.from")));
}

static void test_ticket_bad_input_is_422_and_creates_nothing(void **state)
{
	gx_server *s = state_server(state);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	json_int_t cust = new_customer(g, "李四");
	json_int_t other = new_customer(a, "王五");
	http_resp *r;

	r = http_pack(g, "POST", "/api/v1/tickets", "{s:s,s:I,s:s,s:s,s:s,s:s,s:i,s:s}",
		      "type", "praise", "customer_id", cust, "title", "   ", "priority", "asap",
		      "channel", "fax", "category", "no.such", "contact_id", 0, "colour", "red");
	const char *const bad[] = {"type", "title", "priority", "channel", "category",
				   "contact_id", "colour"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		expect_field(r, bad[i]);
	expect_field(http_pack(g, "POST", "/api/v1/tickets", "{s:s,s:s}", "type", "repair",
			       "title", "无客户"), "customer_id");
	expect_field(http_pack(g, "POST", "/api/v1/tickets", "{s:s,s:s,s:s}", "type", "repair",
			       "customer_id", "12", "title", "编号是字符串"), "customer_id");
	expect_field(http_pack(g, "POST", "/api/v1/tickets", "{s:s,s:I,s:i}", "type", "repair",
			       "customer_id", cust, "title", 7), "title");
	/* A customer outside the agent's scope cannot be named. */
	expect_field(http_pack(g, "POST", "/api/v1/tickets", "{s:s,s:I,s:s}", "type", "repair",
			       "customer_id", other, "title", "越权"), "customer_id");
	expect_field(http_pack(g, "POST", "/api/v1/tickets", "{s:s,s:I,s:s,s:i}", "type",
			       "repair", "customer_id", cust, "title", "带版本", "version", 1),
		     "version");
	assert_int_equal(count_items(a, "/api/v1/tickets?view=all"), 0);
}

/* The whole loop: who and when on every step, the pause while waiting
 * for the customer, the rating kept on the order. */
static void test_ticket_closed_loop_with_pause_and_rating(void **state)
{
	gx_server *s = state_server(state);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	gx_client *sup = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	json_int_t team = team_of(g), me = jint(http_get(g, "/api/v1/users/me")->json, "id");
	json_int_t id = new_ticket(g, new_customer(g, "陈女士"), "service", "办理宽带提速");
	http_resp *r;

	r = move(g, id, "accepted", NULL);
	expect_status(r, 200);
	assert_int_equal(jint(r->json, "assignee.id"), me);
	assert_true(is_rfc3339_ms(jstr(r->json, "responded_at")));
	r = move(sup, id, "dispatched", json_pack("{s:I,s:I}", "team_id", team, "assignee_id", me));
	expect_status(r, 200);
	assert_string_equal(jstr(r->json, "team.name"), AGENT_TEAM);
	expect_status(move(g, id, "in_progress", NULL), 200);
	expect_field(move(g, id, "waiting", NULL), "note");
	expect_field(move(g, id, "waiting", json_pack("{s:s}", "note", "等\x01客户")), "note");
	r = move(g, id, "waiting", json_pack("{s:s}", "note", "等客户提供身份证照片"));
	expect_status(r, 200);
	assert_true(is_rfc3339_ms(jstr(r->json, "paused_at")));
	clock_advance(s, 90 * MS_MINUTE);
	r = move(g, id, "in_progress", NULL);
	expect_status(r, 200);
	assert_true(json_is_null(jget(r->json, "paused_at")));
	/* The clock also runs on its own between the requests. */
	assert_in_range(jint(r->json, "paused_ms"), 90 * MS_MINUTE, 90 * MS_MINUTE + 10 * MS_SECOND);
	expect_field(move(g, id, "resolved", NULL), "resolution");
	r = move(g, id, "resolved", json_pack("{s:s}", "resolution", "已提速至 500M"));
	expect_status(r, 200);
	assert_true(is_rfc3339_ms(jstr(r->json, "resolved_at")));
	r = move(g, id, "callback", NULL);
	expect_status(r, 200);
	assert_true(is_rfc3339_ms(jstr(r->json, "customer_notified_at")));
	/* Closing after the callback takes the customer's rating. */
	expect_field(move(g, id, "closed", NULL), "rating");
	expect_field(move(g, id, "closed", json_pack("{s:i}", "rating", 6)), "rating");
	r = move(g, id, "closed", json_pack("{s:i,s:s}", "rating", 4, "rating_comment",
					    "速度快，但等了一天"));
	expect_status(r, 200);
	assert_string_equal(jstr(r->json, "state"), "closed");
	assert_int_equal(jint(r->json, "rating"), 4);
	assert_string_equal(jstr(r->json, "rating_comment"), "速度快，但等了一天");
	assert_true(is_rfc3339_ms(jstr(r->json, "closed_at")));
	assert_string_equal(jstr(ticket(sup, id), "resolution"), "已提速至 500M");
	/* One event per step, each with who did it. */
	char *p = tpath(id, "/events");
	r = http_get(g, p);
	free(p);
	const char *const actions[] = {"create", "accept", "dispatch", "start", "wait", "resume",
				       "resolve", "callback", "close"};
	assert_int_equal(json_array_size(jget(r->json, "items")), 9);
	json_int_t admin_id = jint(http_get(sup, "/api/v1/users/me")->json, "id");
	for (size_t i = 0; i < 9; i++) {
		json_t *e = json_array_get(jget(r->json, "items"), i);
		assert_string_equal(jstr(e, "action"), actions[i]);
		/* The supervisor dispatched; the agent did everything else. */
		assert_int_equal(jint(e, "actor.id"), i == 2 ? admin_id : me);
		assert_true(is_rfc3339_ms(jstr(e, "at")));
	}
	assert_string_equal(jstr(r->json, "items.4.note"), "等客户提供身份证照片");
	assert_string_equal(jstr(r->json, "items.8.from"), "callback");
	assert_string_equal(jstr(r->json, "items.8.to"), "closed");
	/* A closed order cannot be edited. */
	p = tpath(id, "");
	expect_error(http_pack(g, "PATCH", p, "{s:I,s:s}", "version", jint(ticket(g, id), "version"),
			       "title", "改标题"), 409, "ticket_closed");
	free(p);
}

/* Each allowed move works from its state; the order offers it. */
static void test_every_allowed_transition(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	json_int_t team = team_of(g), cust = new_customer(g, "测试客户");

	for (size_t i = 0; i < NALLOWED; i++) {
		const char *from = allowed[i][0], *to = allowed[i][1];
		json_int_t id = new_ticket(g, cust, "inquiry", "流转测试");
		json_t *t, *m;
		bool offered = false;
		size_t k;

		drive(a, id, from, team);
		t = ticket(a, id);
		json_array_foreach(jget(t, "transitions"), k, m)
			offered |= !strcmp(jstr(m, "to"), to);
		if (!offered)
			fail_msg("%s -> %s is not offered", from, to);
		http_resp *r = move(a, id, to, fields_for(from, to, team));
		if (r->status != 200)
			fail_msg("%s -> %s: %ld %s", from, to, r->status, r->body);
		assert_string_equal(jstr(r->json, "state"), to);
	}
}

/* Every other pair is refused with 409 and leaves the order as it was. */
static void test_every_refused_transition_changes_nothing(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	json_int_t team = team_of(g), cust = new_customer(g, "测试客户");

	for (size_t f = 0; f < NSTATES; f++) {
		json_int_t id = new_ticket(g, cust, "inquiry", "拒绝测试");
		drive(a, id, states[f], team);
		json_int_t version = jint(ticket(a, id), "version");
		size_t events = count_events(a, id);
		for (size_t t = 0; t < NSTATES; t++) {
			if (is_allowed(states[f], states[t]))
				continue;
			http_resp *r = move(a, id, states[t], json_pack("{s:s}", "note", "试试"));
			if (r->status != 409 || strcmp(jstr(r->json, "error.code"),
						       "invalid_transition") != 0)
				fail_msg("%s -> %s: %ld %s", states[f], states[t], r->status, r->body);
			assert_non_null(strstr(jstr(r->json, "error.message"), "不能转为"));
		}
		json_t *after = ticket(a, id);
		assert_string_equal(jstr(after, "state"), states[f]);
		assert_int_equal(jint(after, "version"), version);
		assert_int_equal(count_events(a, id), events);
	}
	/* An unknown state is bad input, not a conflict. */
	json_int_t id = new_ticket(g, cust, "inquiry", "未知状态");
	expect_field(move(a, id, "flying", NULL), "to");
	expect_field(http_pack(a, "POST", "/api/v1/tickets/1/transitions", "{s:s}", "to",
			       "accepted"), "version");
}

static void test_reopen_within_seven_days_only(void **state)
{
	gx_server *s = state_server(state);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	json_int_t team = team_of(g);
	json_int_t id = new_ticket(g, new_customer(g, "赵先生"), "repair", "路灯不亮");
	http_resp *r;

	/* The repair details are needed to send it out; here it is done in
	 * house and closed early for the window test. */
	drive(g, id, "in_progress", team);
	expect_status(move(g, id, "closed", json_pack("{s:s}", "note", "客户自行修复")), 200);
	clock_advance(s, 6 * MS_DAY);
	/* Sessions end after 8 idle hours: sign in again after each jump. */
	g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	expect_field(move(g, id, "in_progress", NULL), "note");
	r = move(g, id, "in_progress", json_pack("{s:s,s:i}", "note", "客户不满意，又坏了",
						 "rating", 2));
	expect_status(r, 200);
	assert_int_equal(jint(r->json, "reopen_count"), 1);
	assert_int_equal(jint(r->json, "rating"), 2);
	assert_true(json_is_null(jget(r->json, "closed_at")));
	expect_status(move(g, id, "closed", json_pack("{s:s}", "note", "已修好")), 200);
	clock_advance(s, 7 * MS_DAY + MS_MINUTE);
	g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	json_int_t version = jint(ticket(g, id), "version");
	r = move(g, id, "in_progress", json_pack("{s:s}", "note", "又不亮了"));
	expect_error(r, 409, "reopen_window_passed");
	json_t *t = ticket(g, id);
	assert_string_equal(jstr(t, "state"), "closed");
	assert_int_equal(jint(t, "version"), version);
	assert_int_equal(json_array_size(jget(t, "transitions")), 0);
}

static void test_repair_flow_needs_fault_and_restoration(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	json_int_t repair = create_team(a, "抢修一班");
	json_int_t id = new_ticket(g, new_customer(g, "钱师傅"), "repair", "小区停电");
	http_resp *r;

	expect_status(move(g, id, "accepted", NULL), 200);
	r = move(a, id, "dispatched", json_pack("{s:I}", "team_id", repair));
	expect_field(r, "fault_location");
	expect_field(r, "fault_nature");
	r = move(a, id, "dispatched", json_pack("{s:I,s:s,s:s}", "team_id", repair,
						"fault_location", "幸福小区 3 号楼配电房",
						"fault_nature", "变压器跳闸"));
	expect_status(r, 200);
	assert_string_equal(jstr(r->json, "repair_team.name"), "抢修一班");
	assert_string_equal(jstr(r->json, "fault_nature"), "变压器跳闸");
	assert_true(json_is_null(jget(r->json, "assignee")));
	expect_status(move(a, id, "in_progress", NULL), 200);
	expect_field(move(a, id, "resolved", json_pack("{s:s}", "resolution", "更换保险")),
		     "restored_at");
	expect_field(move(a, id, "resolved", json_pack("{s:s,s:s}", "resolution", "更换保险",
						       "restored_at", "2999-01-01T00:00:00Z")),
		     "restored_at");
	r = move(a, id, "resolved", json_pack("{s:s,s:s}", "resolution", "更换保险",
					      "restored_at", "2020-05-01T10:30:00+08:00"));
	expect_status(r, 200);
	assert_string_equal(jstr(r->json, "restored_at"), "2020-05-01T02:30:00.000Z");
	r = move(a, id, "callback", json_pack("{s:s}", "customer_notified_at",
					      "2020-05-01T11:00:00+08:00"));
	expect_status(r, 200);
	assert_string_equal(jstr(r->json, "customer_notified_at"), "2020-05-01T03:00:00.000Z");
	/* A field a move does not take is refused. */
	expect_field(move(a, id, "closed", json_pack("{s:i,s:s}", "rating", 5, "resolution", "x")),
		     "resolution");
}

static void test_stale_version_and_patch(void **state)
{
	gx_server *s = state_server(state);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	json_int_t id = new_ticket(g, new_customer(g, "孙女士"), "suggestion", "建议延长营业时间");
	char *p = tpath(id, ""), *tp = tpath(id, "/transitions");
	http_resp *r;

	r = http_pack(g, "PATCH", p, "{s:i,s:s,s:s,s:s}", "version", 1, "title", "建议周末营业",
		      "priority", "low", "category", "inquiry.policy");
	expect_status(r, 200);
	assert_int_equal(jint(r->json, "version"), 2);
	assert_string_equal(jstr(r->json, "category.code"), "inquiry.policy");
	expect_error(http_pack(g, "PATCH", p, "{s:i,s:s}", "version", 1, "title", "旧版本"), 409,
		     "version_conflict");
	expect_error(http_pack(g, "POST", tp, "{s:s,s:i}", "to", "accepted", "version", 1), 409,
		     "version_conflict");
	expect_field(http_pack(g, "PATCH", p, "{s:i,s:s}", "version", 2, "priority", "asap"),
		     "priority");
	expect_field(http_pack(g, "PATCH", p, "{s:i,s:s}", "version", 2, "state", "closed"),
		     "state");
	expect_field(http_pack(g, "PATCH", p, "{s:s}", "title", "无版本"), "version");
	json_t *t = ticket(g, id);
	assert_string_equal(jstr(t, "title"), "建议周末营业");
	assert_string_equal(jstr(t, "priority"), "low");
	assert_string_equal(jstr(t, "state"), "new");
	assert_int_equal(jint(t, "version"), 2);
	/* The change is an event naming what changed. */
	char *ep = tpath(id, "/events");
	r = http_get(g, ep);
	assert_string_equal(jstr(r->json, "items.1.action"), "update");
	assert_non_null(strstr(jstr(r->json, "items.1.note"), "优先级 高→低"));
	free(ep);
	free(p);
	free(tp);
}

/* Agents see their team's orders (and those of customers they see);
 * dispatching to another team hands the order over; admins see all. */
static void test_team_scope_and_permissions(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	json_int_t team2 = create_team(a, "客服二组");
	create_user_in_team(a, "agent2", "agent", team2);
	create_user_in_team(a, "rev1", "reviewer", 0);
	create_user_in_team(a, "ana1", "analyst", 0);
	gx_client *g2 = client_signed_in(s, "agent2", "Passw0rd!");
	gx_client *rv = client_signed_in(s, "rev1", "Passw0rd!");
	gx_client *an = client_signed_in(s, "ana1", "Passw0rd!");
	json_int_t cust = new_customer(g, "周先生");
	json_int_t id = new_ticket(g, cust, "complaint", "话费多扣");
	char *p = tpath(id, "");
	http_resp *r;

	expect_error(http_get(g2, p), 404, "not_found");
	assert_int_equal(count_items(g2, "/api/v1/tickets?view=all"), 0);
	assert_int_equal(count_items(g, "/api/v1/tickets?view=team"), 1);
	assert_int_equal(count_items(a, "/api/v1/tickets?view=all"), 1);
	char *tp = tpath(id, "/transitions");
	expect_error(http_pack(g2, "POST", tp, "{s:s,s:i}", "to", "accepted", "version", 1), 404,
		     "not_found");
	free(tp);
	/* Agents cannot dispatch; the button is not offered either. */
	expect_status(move(g, id, "accepted", NULL), 200);
	expect_error(move(g, id, "dispatched", json_pack("{s:I}", "team_id", team2)), 403,
		     "forbidden");
	expect_status(move(a, id, "dispatched", json_pack("{s:I}", "team_id", team2)), 200);
	expect_status(http_get(g2, p), 200);
	assert_int_equal(count_items(g2, "/api/v1/tickets?view=unassigned"), 1);
	assert_int_equal(count_items(g, "/api/v1/tickets?view=team"), 0);
	/* The first agent still sees it through the customer. */
	expect_status(http_get(g, p), 200);
	/* Without ticket permissions nothing; read-only roles cannot write. */
	expect_error(http_get(rv, "/api/v1/tickets"), 403, "forbidden");
	expect_error(http_get(rv, p), 403, "forbidden");
	r = http_get(an, "/api/v1/tickets?view=all");
	expect_status(r, 200);
	assert_int_equal(json_array_size(jget(r->json, "items")), 1);
	assert_int_equal(jint(r->json, "items.0.id"), id);
	expect_error(http_pack(an, "POST", "/api/v1/tickets", "{s:s,s:I,s:s}", "type", "inquiry",
			       "customer_id", cust, "title", "x"), 403, "forbidden");
	expect_error(http_get(client_new(s), "/api/v1/tickets"), 401, "unauthenticated");
	expect_field(http_get(g, "/api/v1/tickets?team_id=1"), "team_id");
	free(p);
}

static void test_views_filters_and_paging(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	json_int_t team = team_of(g), cust = new_customer(g, "吴经理");
	json_int_t ids[5];
	http_resp *r;

	for (int i = 0; i < 5; i++)
		ids[i] = new_ticket(g, cust, i < 2 ? "repair" : "inquiry", i == 4 ? "光纤中断" : "咨询");
	char *p0 = tpath(ids[0], ""), *p1 = tpath(ids[1], "");
	expect_status(http_pack(g, "PATCH", p0, "{s:i,s:s}", "version", 1, "category",
				"repair.network"), 200);
	expect_status(http_pack(g, "PATCH", p1, "{s:i,s:s}", "version", 1, "category",
				"repair.power"), 200);
	free(p0);
	free(p1);
	drive(g, ids[2], "in_progress", team);
	drive(g, ids[3], "callback", team);
	/* my_open: what I took; unassigned: nobody's yet. */
	assert_int_equal(count_items(g, "/api/v1/tickets"), 2);
	assert_int_equal(count_items(g, "/api/v1/tickets?view=my_open"), 2);
	assert_int_equal(count_items(g, "/api/v1/tickets?view=unassigned"), 3);
	assert_int_equal(count_items(g, "/api/v1/tickets?view=callback"), 1);
	assert_int_equal(count_items(g, "/api/v1/tickets?view=team&state=in_progress"), 1);
	/* A category finds its sub-categories too. */
	assert_int_equal(count_items(g, "/api/v1/tickets?view=all&category=repair"), 2);
	assert_int_equal(count_items(g, "/api/v1/tickets?view=all&category=repair.power"), 1);
	assert_int_equal(count_items(g, "/api/v1/tickets?view=all&q=%E5%85%89%E7%BA%A4"), 1);
	char *byid = xasprintf("/api/v1/tickets?view=all&q=%lld", (long long)ids[1]);
	assert_int_equal(count_items(g, byid), 1);
	free(byid);
	/* Overdue is marked by the time-limit checks; here by hand. */
	char *sql = xasprintf("UPDATE tickets SET overdue = 1 WHERE id = %lld", (long long)ids[4]);
	assert_int_equal(sql_exec(s->db, sql, NULL), 0);
	free(sql);
	r = http_get(g, "/api/v1/tickets?view=overdue");
	assert_int_equal(json_array_size(jget(r->json, "items")), 1);
	assert_true(json_is_true(jget(r->json, "items.0.overdue")));
	/* Newest first, two per page, every order once. */
	r = http_get(a, "/api/v1/tickets?view=all&limit=2");
	expect_status(r, 200);
	assert_int_equal(jint(r->json, "items.0.id"), ids[4]);
	size_t seen = 0;
	int times[5] = {0};
	for (;;) {
		json_t *it;
		size_t i;
		json_array_foreach(jget(r->json, "items"), i, it)
			for (int k = 0; k < 5; k++)
				times[k] += jint(it, "id") == ids[k];
		seen += json_array_size(jget(r->json, "items"));
		if (!json_is_string(jget(r->json, "next")))
			break;
		char *next = xasprintf("/api/v1/tickets?view=all&limit=2&after=%s",
				       jstr(r->json, "next"));
		r = http_get(a, next);
		free(next);
	}
	assert_int_equal(seen, 5);
	for (int k = 0; k < 5; k++)
		assert_int_equal(times[k], 1);
	expect_field(http_get(g, "/api/v1/tickets?view=everything"), "view");
	expect_field(http_get(g, "/api/v1/tickets?state=done"), "state");
	expect_field(http_get(g, "/api/v1/tickets?category=nope"), "category");
	expect_field(http_get(g, "/api/v1/tickets?limit=0"), "limit");
}

static void test_bulk_assign_priority_close(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	json_int_t team = team_of(g), me = jint(http_get(g, "/api/v1/users/me")->json, "id");
	json_int_t cust = new_customer(g, "郑女士");
	json_int_t x = new_ticket(g, cust, "inquiry", "一"), y = new_ticket(g, cust, "inquiry", "二");
	json_int_t z = new_ticket(g, cust, "inquiry", "三");
	http_resp *r;

	drive(g, z, "callback", team);
	r = http_pack(a, "POST", "/api/v1/tickets/bulk", "{s:[I,I,I,i],s:s,s:I}", "ids", x, y, z,
		      999999, "action", "assign", "assignee_id", me);
	expect_status(r, 200);
	assert_int_equal(jint(r->json, "succeeded"), 2);
	assert_int_equal(jint(r->json, "failed"), 2);
	assert_true(json_is_true(jget(r->json, "results.0.ok")));
	assert_string_equal(jstr(r->json, "results.2.error.code"), "invalid_transition");
	assert_string_equal(jstr(r->json, "results.3.error.code"), "not_found");
	assert_string_equal(jstr(ticket(a, x), "state"), "dispatched");
	assert_int_equal(jint(ticket(a, y), "assignee.id"), me);
	/* Agents may not bulk assign. */
	expect_error(http_pack(g, "POST", "/api/v1/tickets/bulk", "{s:[I],s:s,s:I}", "ids", x,
			       "action", "assign", "team_id", team), 403, "forbidden");
	r = http_pack(g, "POST", "/api/v1/tickets/bulk", "{s:[I,I],s:s,s:s}", "ids", x, y,
		      "action", "priority", "priority", "urgent");
	expect_status(r, 200);
	assert_int_equal(jint(r->json, "succeeded"), 2);
	assert_string_equal(jstr(ticket(g, y), "priority"), "urgent");
	/* Closing in bulk needs a reason; bad requests change nothing. */
	expect_field(http_pack(g, "POST", "/api/v1/tickets/bulk", "{s:[I,I],s:s}", "ids", x, y,
			       "action", "close"), "reason");
	expect_field(http_pack(g, "POST", "/api/v1/tickets/bulk", "{s:[I],s:s}", "ids", x,
			       "action", "delete"), "action");
	expect_field(http_pack(g, "POST", "/api/v1/tickets/bulk", "{s:[s],s:s,s:s}", "ids", "x",
			       "action", "close", "reason", "重复"), "ids");
	expect_field(http_pack(g, "POST", "/api/v1/tickets/bulk", "{s:[],s:s,s:s}", "ids",
			       "action", "close", "reason", "重复"), "ids");
	assert_string_equal(jstr(ticket(g, x), "state"), "dispatched");
	size_t before = count_events(g, x);
	r = http_pack(g, "POST", "/api/v1/tickets/bulk", "{s:[I,I],s:s,s:s}", "ids", x, y,
		      "action", "close", "reason", "重复工单");
	expect_status(r, 200);
	assert_int_equal(jint(r->json, "succeeded"), 2);
	assert_string_equal(jstr(ticket(g, x), "state"), "closed");
	assert_int_equal(count_events(g, x), before + 1);
	char *ep = tpath(x, "/events");
	r = http_get(g, ep);
	free(ep);
	assert_string_equal(jstr(json_array_get(jget(r->json, "items"), before), "note"), "重复工单");
}

static void test_thread_replies_and_internal_notes(void **state)
{
	gx_server *s = state_server(state);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	json_int_t id = new_ticket(g, new_customer(g, "冯先生"), "inquiry", "积分怎么兑换");
	char *p = tpath(id, "/comments");
	http_resp *r;

	r = http_pack(g, "POST", p, "{s:s,s:b}", "body", "客户是老用户，语气要客气", "internal", 1);
	expect_status(r, 201);
	assert_true(json_is_true(jget(r->json, "internal")));
	assert_true(json_is_null(jget(ticket(g, id), "responded_at")));
	clock_advance(s, 10 * MS_MINUTE);
	r = http_pack(g, "POST", p, "{s:s}", "body", "您好，积分可在 App 的“我的”页兑换。");
	expect_status(r, 201);
	assert_true(json_is_false(jget(r->json, "internal")));
	const char *responded = jstr(ticket(g, id), "responded_at");
	assert_non_null(responded);
	assert_string_equal(responded, jstr(r->json, "created_at"));
	expect_field(http_pack(g, "POST", p, "{s:s}", "body", "  "), "body");
	expect_field(http_pack(g, "POST", p, "{s:s,s:s}", "body", "x", "internal", "yes"),
		     "internal");
	r = http_get(g, p);
	expect_status(r, 200);
	assert_int_equal(json_array_size(jget(r->json, "items")), 2);
	assert_true(json_is_true(jget(r->json, "items.0.internal")));
	assert_string_equal(jstr(r->json, "items.1.author.display_name"), AGENT_USER);
	free(p);
}

static void test_attachments_type_size_and_download(void **state)
{
	gx_server *s = state_server(state);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	json_int_t id = new_ticket(g, new_customer(g, "褚女士"), "repair", "水管漏水");
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
					    0, 0, 0, 13, 'I', 'H', 'D', 'R', 1, 2, 3};
	char *up = tpath(id, "/attachments?filename=%E7%8E%B0%E5%9C%BA.png");
	http_opts o = {.method = "POST", .path = up, .body = (const char *)png,
		       .body_len = sizeof png, .content_type = "image/png"};
	http_resp *r = http_req(g, &o);

	expect_status(r, 201);
	assert_string_equal(jstr(r->json, "filename"), "现场.png");
	assert_string_equal(jstr(r->json, "content_type"), "image/png");
	assert_int_equal(jint(r->json, "size"), sizeof png);
	json_int_t att = jint(r->json, "id");
	/* The file lies beside the database, named by its digest. */
	char *file = xasprintf("%s.files/%s", s->db, jstr(r->json, "sha256"));
	assert_int_equal(access(file, F_OK), 0);
	char *dl = xasprintf("/api/v1/ticket-attachments/%lld", (long long)att);
	r = http_get(g, dl);
	assert_int_equal(r->status, 200);
	assert_int_equal(r->body_len, sizeof png);
	assert_memory_equal(r->body, png, sizeof png);
	assert_non_null(strstr(resp_header(r, "Content-Disposition"), "attachment"));
	assert_string_equal(resp_header(r, "Content-Type"), "image/png");
	/* A program named .png, binary bytes named .txt, a wrong extension. */
	static const char exe[] = "MZ\x90\0\x03\0\0\0";
	char *p2 = tpath(id, "/attachments?filename=photo.png");
	o = (http_opts){.method = "POST", .path = p2, .body = exe, .body_len = sizeof exe,
			.content_type = "image/png"};
	expect_field(http_req(g, &o), "file");
	free(p2);
	p2 = tpath(id, "/attachments?filename=notes.txt");
	o.path = p2;
	expect_field(http_req(g, &o), "file");
	free(p2);
	p2 = tpath(id, "/attachments?filename=report.pdf");
	o = (http_opts){.method = "POST", .path = p2, .body = (const char *)png,
			.body_len = sizeof png, .content_type = "application/pdf"};
	expect_field(http_req(g, &o), "file");
	free(p2);
	p2 = tpath(id, "/attachments");
	o.path = p2;
	expect_field(http_req(g, &o), "filename");
	free(p2);
	/* Over 20 MiB is refused (before it is read: test_limits.c). */
	size_t big_len = 20 * 1024 * 1024 + 1;
	char *big = calloc(1, big_len);
	memcpy(big, "%PDF-1.4\n", 9);
	p2 = tpath(id, "/attachments?filename=big.pdf");
	o = (http_opts){.method = "POST", .path = p2, .body = big, .body_len = big_len,
			.content_type = "application/pdf"};
	r = http_req(g, &o);
	expect_error(r, 413, "payload_too_large");
	assert_non_null(strstr(jstr(r->json, "error.message"), "20 MiB"));
	free(big);
	free(p2);
	p2 = tpath(id, "/attachments");
	r = http_get(g, p2);
	assert_int_equal(json_array_size(jget(r->json, "items")), 1);
	free(p2);
	/* A text file is fine. */
	p2 = tpath(id, "/attachments?filename=%E8%AF%B4%E6%98%8E.txt");
	o = (http_opts){.method = "POST", .path = p2, .body = "现场照片见附件\n",
			.content_type = "text/plain"};
	r = http_req(g, &o);
	expect_status(r, 201);
	assert_string_equal(jstr(r->json, "content_type"), "text/plain; charset=utf-8");
	free(p2);
	/* A long Chinese name downloads whole, extension included. */
	char enc[64 * 9 + 8] = "", *q = enc;
	for (int i = 0; i < 64; i++)
		q += snprintf(q, 10, "%s", "%E8%AF%B4");
	snprintf(q, 8, ".txt");
	p2 = xasprintf("/api/v1/tickets/%lld/attachments?filename=%s", (long long)id, enc);
	o = (http_opts){.method = "POST", .path = p2, .body = "说明\n", .content_type = "text/plain"};
	r = http_req(g, &o);
	expect_status(r, 201);
	free(p2);
	p2 = xasprintf("/api/v1/ticket-attachments/%lld", (long long)jint(r->json, "id"));
	r = http_get(g, p2);
	assert_int_equal(r->status, 200);
	assert_non_null(strstr(resp_header(r, "Content-Disposition"), enc));
	free(p2);
	/* Only the uploader (or a manager) deletes; then it is gone. */
	create_user_in_team(a, "agent3", "agent", team_of(g));
	gx_client *g3 = client_signed_in(s, "agent3", "Passw0rd!");
	expect_error(http_do(g3, "DELETE", dl, NULL, NULL), 403, "forbidden");
	expect_status(http_do(g, "DELETE", dl, NULL, NULL), 204);
	expect_error(http_get(g, dl), 404, "not_found");
	assert_int_not_equal(access(file, F_OK), 0);
	free(file);
	free(dl);
	free(up);
}

static void test_customer_tickets_and_timeline(void **state)
{
	gx_server *s = state_server(state);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	json_int_t team = team_of(g), cust = new_customer(g, "卫先生");
	json_int_t other = new_customer(g, "蒋女士");
	json_int_t id = new_ticket(g, cust, "complaint", "快递丢件");

	new_ticket(g, other, "inquiry", "别人的工单");
	drive(g, id, "closed", team);
	char *p = xasprintf("/api/v1/customers/%lld/tickets", (long long)cust);
	http_resp *r = http_get(g, p);
	free(p);
	expect_status(r, 200);
	assert_int_equal(json_array_size(jget(r->json, "items")), 1);
	assert_string_equal(jstr(r->json, "items.0.title"), "快递丢件");
	expect_error(http_get(g, "/api/v1/customers/999999/tickets"), 404, "not_found");
	/* The timeline shows the order's creation and closing. */
	p = xasprintf("/api/v1/customers/%lld/timeline", (long long)cust);
	r = http_get(g, p);
	free(p);
	expect_status(r, 200);
	int created = 0, closed = 0;
	json_t *it;
	size_t i;
	json_array_foreach(jget(r->json, "items"), i, it) {
		if (strcmp(jstr(it, "kind"), "ticket") != 0)
			continue;
		assert_int_equal(jint(it, "ticket_id"), id);
		assert_string_equal(jstr(it, "title"), "快递丢件");
		created += !strcmp(jstr(it, "event"), "create");
		closed += !strcmp(jstr(it, "event"), "close");
	}
	assert_int_equal(created, 1);
	assert_int_equal(closed, 1);
}

/* Kinds of the user's notifications, comma-separated, oldest first. */
static char *kinds_of(gx_client *c)
{
	http_resp *r = http_get(c, "/api/v1/notifications?limit=100");
	char *out = xasprintf("%s", "");
	json_t *it;
	size_t i;

	expect_status(r, 200);
	for (i = json_array_size(jget(r->json, "items")); i-- > 0;) {
		it = json_array_get(jget(r->json, "items"), i);
		char *more = xasprintf("%s%s%s", out, *out ? "," : "", jstr(it, "kind"));
		free(out);
		out = more;
	}
	return out;
}

static void run_scheduler(gx_server *s)
{
	gx_client *anon = client_new(s);

	expect_status(http_do(anon, "POST", "/api/v1/test/scheduler/run", NULL, NULL), 200);
	client_free(anon);
}

static void expect_kinds(gx_client *c, const char *kinds)
{
	char *got = kinds_of(c);

	if (strcmp(got, kinds))
		fail_msg("notifications %s, expected %s", got, kinds);
	free(got);
}

/* The chase by the test clock (SVC-4): the owner is warned at 80% of the
 * working time, the order is overdue at 100% and the team's supervisor
 * told, and after the configured delay it goes one level up; each step
 * once, however often the scheduler runs. */
static void test_ticket_chase_warns_marks_overdue_and_escalates(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS), *g, *sup, *top;
	json_int_t centre = create_team(a, "客服中心"), team, id;
	http_resp *r = http_pack(a, "POST", "/api/v1/teams", "{s:s,s:I}", "name", "投诉处理组",
				 "parent_id", centre);
	json_t *t;

	expect_status(r, 201);
	team = jint(r->json, "id");
	create_user_in_team(a, "chase_agent", "agent", team);
	create_user_in_team(a, "chase_sup", "supervisor", team);
	create_user_in_team(a, "chase_top", "supervisor", centre);
	g = client_signed_in(s, "chase_agent", "Passw0rd!");
	sup = client_signed_in(s, "chase_sup", "Passw0rd!");
	top = client_signed_in(s, "chase_top", "Passw0rd!");
	expect_status(http_pack(a, "PATCH", "/api/v1/settings", "{s:i}",
				"ticket.escalate_after_minutes", 30), 200);
	r = http_pack(g, "POST", "/api/v1/tickets", "{s:s,s:I,s:s,s:s}", "type", "complaint",
		      "customer_id", new_customer(g, "王立新"), "title", "停电未提前通知",
		      "priority", "urgent");
	expect_status(r, 201);
	id = jint(r->json, "id");
	expect_status(move(g, id, "accepted", NULL), 200);

	run_scheduler(s);
	expect_kinds(g, "");
	char *tp = tpath(id, "");
	expect_error(http_get(top, tp), 404, "not_found"); /* not escalated yet */
	free(tp);
	clock_advance(s, 193 * MS_MINUTE); /* past 80% of 4 hours */
	run_scheduler(s);
	run_scheduler(s);
	expect_kinds(g, "ticket.sla_warning");
	expect_kinds(sup, "");
	t = ticket(g, id);
	assert_true(json_is_true(jget(t, "sla.warned")));
	assert_false(json_is_true(jget(t, "overdue")));

	clock_advance(s, 48 * MS_MINUTE); /* past the deadline */
	run_scheduler(s);
	t = ticket(g, id);
	assert_true(json_is_true(jget(t, "overdue")));
	assert_int_equal(jint(t, "escalation_level"), 1);
	assert_true(jint(t, "sla.resolve_left_ms") < 0);
	expect_kinds(g, "ticket.sla_warning,ticket.overdue");
	expect_kinds(sup, "ticket.overdue");
	expect_kinds(top, "");
	r = http_get(sup, "/api/v1/tickets?view=overdue");
	expect_status(r, 200);
	assert_int_equal(jint(r->json, "items.0.id"), id);

	clock_advance(s, 31 * MS_MINUTE); /* the delay: one level up */
	run_scheduler(s);
	run_scheduler(s);
	assert_int_equal(jint(ticket(g, id), "escalation_level"), 2);
	expect_kinds(top, "ticket.escalated_2");
	/* The notice's link opens for the supervisor above. */
	assert_int_equal(jint(ticket(top, id), "id"), id);
	expect_kinds(sup, "ticket.overdue");
	/* create, accept, then one overdue and one escalate, by the system */
	char *p = tpath(id, "/events");
	r = http_get(g, p);
	free(p);
	assert_int_equal(json_array_size(jget(r->json, "items")), 4);
	assert_string_equal(jstr(r->json, "items.2.action"), "overdue");
	assert_string_equal(jstr(r->json, "items.3.action"), "escalate");
	assert_true(json_is_null(jget(r->json, "items.3.actor")));
}

/* Waiting for the customer stops the clock: the deadline moves on by the
 * time waited, and a waiting order is never chased. */
static void test_ticket_pause_moves_the_deadline(void **state)
{
	gx_server *s = state_server(state);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	json_int_t id;
	http_resp *r;
	json_t *t;
	int64_t left;

	r = http_pack(g, "POST", "/api/v1/tickets", "{s:s,s:I,s:s,s:s}", "type", "complaint",
		      "customer_id", new_customer(g, "李晓梅"), "title", "账单有误",
		      "priority", "urgent");
	expect_status(r, 201);
	id = jint(r->json, "id");
	expect_status(move(g, id, "accepted", NULL), 200);
	expect_status(move(g, id, "in_progress", NULL), 200);
	left = jint(ticket(g, id), "sla.resolve_left_ms");
	expect_status(move(g, id, "waiting", json_pack("{s:s}", "note", "等客户寄来账单")), 200);
	clock_advance(s, 6 * MS_HOUR); /* longer than the whole limit */
	run_scheduler(s);
	t = ticket(g, id);
	assert_true(json_is_true(jget(t, "sla.paused")));
	assert_false(json_is_true(jget(t, "overdue")));
	/* Standing where the pause began (the move came a moment after the
	 * reading above). */
	assert_true(jint(t, "sla.resolve_left_ms") <= left);
	assert_true(jint(t, "sla.resolve_left_ms") > left - 5 * MS_SECOND);
	expect_status(move(g, id, "in_progress", NULL), 200);
	t = ticket(g, id);
	assert_false(json_is_true(jget(t, "sla.paused")));
	assert_true(jint(t, "sla.resolve_left_ms") > left - 5 * MS_SECOND);
	run_scheduler(s);
	assert_false(json_is_true(jget(ticket(g, id), "overdue")));
}

/* The demo's orders are made in the past and moved in time; every open
 * one past its deadline (and not waiting for the customer) is marked
 * overdue by the first pass of the chase. */
static void test_demo_orders_past_their_deadline_are_chased(void **state)
{
	gx_server *s = state_server(state);
	const char *const demo[] = {"demo", "--db", s->db, "--customers",
				    "data/demo/customers.jsonl", NULL};
	const char *late = "SELECT count(*) FROM tickets WHERE state NOT IN"
			   " ('resolved', 'callback', 'closed') AND paused_at IS NULL"
			   " AND due_resolve_at < strftime('%s', 'now') * 1000 AND overdue = 0";
	char *out = NULL, *err = NULL, *n;

	assert_int_equal(run_cli(s, NULL, &out, &err, demo), 0);
	free(out);
	free(err);
	n = sql_text(s->db, late);
	assert_string_not_equal(n, "0");
	free(n);
	run_scheduler(s);
	n = sql_text(s->db, late);
	assert_string_equal(n, "0");
	free(n);
}

static long long time_of(json_t *t, const char *field)
{
	const char *s = jstr(t, field);

	if (!s)
		fail_msg("%s is not a time", field);
	return rfc3339_ms(s);
}

/* PATCH the order's priority at its current version. */
static void set_priority(gx_client *c, json_int_t id, const char *priority)
{
	char *p = tpath(id, "");

	expect_status(http_pack(c, "PATCH", p, "{s:I,s:s}", "version",
				jint(ticket(c, id), "version"), "priority", priority), 200);
	free(p);
}

/* A new priority takes its policy's limits from the order's creation
 * (complaint: normal 120/900 minutes of business hours, urgent 30/240
 * round the clock), plus the time it waited for the customer; the first
 * response, once made, keeps its deadline. Bulk priority does the same. */
/* An order's time left follows its calendar as soon as the calendar
 * changes (the server keeps calendars it has loaded, per thread). */
static void test_calendar_change_shows_in_time_left(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS);
	json_int_t cust = new_customer(a, "钱七");
	/* Normal complaints count the business hours of calendar 2. */
	http_resp *r = http_pack(a, "POST", "/api/v1/tickets", "{s:s,s:I,s:s,s:s}", "type",
				 "complaint", "customer_id", cust, "title", "账单有误", "priority",
				 "normal");
	json_int_t id = jint(r->json, "id");
	long long before, after;

	expect_status(r, 201);
	before = jint(ticket(a, id), "sla.resolve_left_ms");
	assert_true(before > 14 * MS_HOUR && before <= 15 * MS_HOUR);
	/* Every hour of every day becomes working time: the same deadline
	 * is now further away in working time, by at least a night. */
	r = http_pack(a, "PATCH", "/api/v1/sla/calendars/2",
		      "{s:i,s:[{s:i,s:s,s:s},{s:i,s:s,s:s},{s:i,s:s,s:s},{s:i,s:s,s:s},"
		      "{s:i,s:s,s:s},{s:i,s:s,s:s},{s:i,s:s,s:s}]}",
		      "version", 1, "hours", "weekday", 1, "start", "00:00", "end", "24:00",
		      "weekday", 2, "start", "00:00", "end", "24:00", "weekday", 3, "start",
		      "00:00", "end", "24:00", "weekday", 4, "start", "00:00", "end", "24:00",
		      "weekday", 5, "start", "00:00", "end", "24:00", "weekday", 6, "start",
		      "00:00", "end", "24:00", "weekday", 7, "start", "00:00", "end", "24:00");
	expect_status(r, 200);
	for (int i = 0; i < 8; i++) { /* whichever worker thread answers */
		after = jint(ticket(a, id), "sla.resolve_left_ms");
		assert_true(after > before + 6 * MS_HOUR);
	}
}

static void test_priority_change_recomputes_the_deadlines(void **state)
{
	gx_server *s = state_server(state);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	json_int_t cust = new_customer(g, "钱先生"), x, y, z;
	long long created, responded_due, resolve_due, waited;
	http_resp *r;
	json_t *t;

	r = http_pack(g, "POST", "/api/v1/tickets", "{s:s,s:I,s:s,s:s}", "type", "complaint",
		      "customer_id", cust, "title", "营业厅排队太久", "priority", "normal");
	expect_status(r, 201);
	x = jint(r->json, "id");
	created = time_of(r->json, "created_at");
	clock_advance(s, 10 * MS_MINUTE);
	set_priority(g, x, "urgent");
	t = ticket(g, x);
	assert_int_equal(time_of(t, "due_response_at"), created + 30 * MS_MINUTE);
	assert_int_equal(time_of(t, "due_resolve_at"), created + 240 * MS_MINUTE);
	char *ep = tpath(x, "/events");
	r = http_get(g, ep);
	free(ep);
	assert_non_null(strstr(jstr(r->json, "items.1.note"), "优先级 普通→紧急"));
	assert_non_null(strstr(jstr(r->json, "items.1.note"), "时限已按新的类型和优先级重算"));

	/* Responded, then waited an hour: urgent counts the hour on top. */
	r = http_pack(g, "POST", "/api/v1/tickets", "{s:s,s:I,s:s,s:s}", "type", "complaint",
		      "customer_id", cust, "title", "账单多扣费", "priority", "urgent");
	expect_status(r, 201);
	y = jint(r->json, "id");
	created = time_of(r->json, "created_at");
	responded_due = time_of(r->json, "due_response_at");
	expect_status(move(g, y, "accepted", NULL), 200);
	expect_status(move(g, y, "in_progress", NULL), 200);
	expect_status(move(g, y, "waiting", json_pack("{s:s}", "note", "等客户提供账单")), 200);
	clock_advance(s, 60 * MS_MINUTE);
	expect_status(move(g, y, "in_progress", NULL), 200);
	resolve_due = time_of(ticket(g, y), "due_resolve_at");
	ep = tpath(y, "/events");
	r = http_get(g, ep);
	free(ep);
	waited = time_of(r->json, "items.4.at") - time_of(r->json, "items.3.at");
	assert_true(waited >= 60 * MS_MINUTE);
	assert_int_equal(resolve_due, created + 240 * MS_MINUTE + waited);
	set_priority(g, y, "high");
	assert_true(time_of(ticket(g, y), "due_resolve_at") > resolve_due);
	set_priority(g, y, "urgent");
	t = ticket(g, y);
	assert_int_equal(time_of(t, "due_resolve_at"), resolve_due);
	assert_int_equal(time_of(t, "due_response_at"), responded_due);

	/* Bulk: normal to urgent, from each order's own creation. */
	r = http_pack(g, "POST", "/api/v1/tickets", "{s:s,s:I,s:s,s:s}", "type", "complaint",
		      "customer_id", cust, "title", "网点服务态度差", "priority", "normal");
	expect_status(r, 201);
	z = jint(r->json, "id");
	created = time_of(r->json, "created_at");
	clock_advance(s, 5 * MS_MINUTE);
	r = http_pack(g, "POST", "/api/v1/tickets/bulk", "{s:[I],s:s,s:s}", "ids", z,
		      "action", "priority", "priority", "urgent");
	expect_status(r, 200);
	assert_int_equal(jint(r->json, "succeeded"), 1);
	t = ticket(g, z);
	assert_int_equal(time_of(t, "due_response_at"), created + 30 * MS_MINUTE);
	assert_int_equal(time_of(t, "due_resolve_at"), created + 240 * MS_MINUTE);
}

/* The chase follows the new deadline: urgent after five hours is overdue
 * at the next pass; back to normal it is not any more, while the overdue
 * event stays in the order's history. */
static void test_priority_change_moves_the_overdue_state(void **state)
{
	gx_server *s = state_server(state);
	gx_client *g = client_signed_in(s, AGENT_USER, AGENT_PASS);
	json_int_t id;
	http_resp *r;

	r = http_pack(g, "POST", "/api/v1/tickets", "{s:s,s:I,s:s,s:s}", "type", "complaint",
		      "customer_id", new_customer(g, "褚女士"), "title", "维修人员未按时上门",
		      "priority", "normal");
	expect_status(r, 201);
	id = jint(r->json, "id");
	expect_status(move(g, id, "accepted", NULL), 200);
	clock_advance(s, 270 * MS_MINUTE); /* urgent: 30 minutes over, not yet escalated */
	run_scheduler(s);
	assert_false(json_is_true(jget(ticket(g, id), "overdue")));
	set_priority(g, id, "urgent");
	clock_advance(s, MS_MINUTE); /* the chase's next pass is due */
	run_scheduler(s);
	assert_true(json_is_true(jget(ticket(g, id), "overdue")));
	assert_int_equal(jint(ticket(g, id), "escalation_level"), 1);
	r = http_get(g, "/api/v1/tickets?view=overdue");
	assert_int_equal(jint(r->json, "items.0.id"), id);

	set_priority(g, id, "normal");
	json_t *t = ticket(g, id);
	assert_false(json_is_true(jget(t, "overdue")));
	assert_int_equal(jint(t, "escalation_level"), 0);
	assert_true(jint(t, "sla.resolve_left_ms") > 0);
	clock_advance(s, MS_MINUTE);
	run_scheduler(s);
	assert_false(json_is_true(jget(ticket(g, id), "overdue")));
	assert_int_equal(count_items(g, "/api/v1/tickets?view=overdue"), 0);
	char *ep = tpath(id, "/events");
	r = http_get(g, ep);
	free(ep);
	assert_string_equal(jstr(r->json, "items.2.action"), "update");
	assert_string_equal(jstr(r->json, "items.3.action"), "overdue");
	assert_string_equal(jstr(r->json, "items.4.action"), "update");
}

/* Grants (on) or withdraws perm from role through the API. */
static void set_role_perm(gx_client *admin, const char *role, const char *perm, bool on)
{
	http_resp *r = http_get(admin, "/api/v1/roles");
	json_t *it, *perms = NULL, *p;
	size_t i;

	expect_status(r, 200);
	json_array_foreach(jget(r->json, "items"), i, it)
		if (!strcmp(jstr(it, "name"), role))
			perms = jget(it, "permissions");
	assert_non_null(perms);
	json_t *list = json_array();
	json_array_foreach(perms, i, p)
		if (strcmp(json_string_value(p), perm))
			json_array_append(list, p);
	if (on)
		json_array_append_new(list, json_string(perm));
	char *path = xasprintf("/api/v1/roles/%s/permissions", role);
	r = http_pack(admin, "PUT", path, "{s:o}", "permissions", list);
	free(path);
	expect_status(r, 200);
}

/* Whom the chase tells is who holds ticket.supervise, whatever the role
 * is called: an analyst given it is warned of the team's queue; a
 * supervisor whose role lost it is not. */
static void test_chase_tells_holders_of_ticket_supervise(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS), *g, *an, *sup;
	json_int_t team = create_team(a, "督办测试组");
	http_resp *r;

	create_user_in_team(a, "sv_agent", "agent", team);
	create_user_in_team(a, "sv_analyst", "analyst", team);
	create_user_in_team(a, "sv_sup", "supervisor", team);
	set_role_perm(a, "analyst", "ticket.supervise", true);
	set_role_perm(a, "supervisor", "ticket.supervise", false);
	g = client_signed_in(s, "sv_agent", "Passw0rd!");
	an = client_signed_in(s, "sv_analyst", "Passw0rd!");
	sup = client_signed_in(s, "sv_sup", "Passw0rd!");
	r = http_pack(g, "POST", "/api/v1/tickets", "{s:s,s:I,s:s,s:s}", "type", "complaint",
		      "customer_id", new_customer(g, "卫先生"), "title", "营业员推销理财",
		      "priority", "urgent");
	expect_status(r, 201);
	clock_advance(s, 200 * MS_MINUTE); /* past 80% of 4 hours, nobody assigned */
	run_scheduler(s);
	expect_kinds(an, "ticket.response_late,ticket.sla_warning");
	expect_kinds(sup, "");
	expect_kinds(g, "");
}

/* The ids of every page of a list, limit 1 each, newest first. */
static char *ids_paged(gx_client *c, const char *view)
{
	char *out = xasprintf("%s", ""), *path = xasprintf("/api/v1/tickets?view=%s&limit=1", view);
	http_resp *r;

	for (int pages = 0; pages < 20; pages++) {
		r = http_get(c, path);
		expect_status(r, 200);
		if (json_array_size(jget(r->json, "items")) == 1) {
			char *more = xasprintf("%s%s%lld", out, *out ? "," : "",
					       (long long)jint(r->json, "items.0.id"));
			free(out);
			out = more;
		}
		if (!json_is_string(jget(r->json, "next")))
			break;
		free(path);
		path = xasprintf("/api/v1/tickets?view=%s&limit=1&after=%s", view,
				 jstr(r->json, "next"));
	}
	free(path);
	return out;
}

static void expect_ids(gx_client *c, const char *view, const char *want)
{
	char *got = ids_paged(c, view);

	if (strcmp(got, want))
		fail_msg("view %s: %s, expected %s", view, got, want);
	free(got);
}

/* An order escalated to the team above shows in that team's team and
 * overdue views (and so on its board) beside the team's own orders,
 * paged newest first; dispatched to that team, it shows once. */
static void test_escalated_orders_in_the_parent_teams_views(void **state)
{
	gx_server *s = state_server(state);
	gx_client *a = client_signed_in(s, ADMIN_USER, ADMIN_PASS), *g, *top;
	json_int_t centre = create_team(a, "客服中心"), team, cust, own1, esc, own2;
	http_resp *r = http_pack(a, "POST", "/api/v1/teams", "{s:s,s:I}", "name", "投诉处理组",
				 "parent_id", centre);
	char want[96];

	expect_status(r, 201);
	team = jint(r->json, "id");
	create_user_in_team(a, "esc_agent", "agent", team);
	create_user_in_team(a, "esc_top", "supervisor", centre);
	g = client_signed_in(s, "esc_agent", "Passw0rd!");
	top = client_signed_in(s, "esc_top", "Passw0rd!");
	cust = new_customer(top, "蒋先生");
	own1 = new_ticket(top, cust, "inquiry", "中心自己的一");
	r = http_pack(g, "POST", "/api/v1/tickets", "{s:s,s:I,s:s,s:s}", "type", "complaint",
		      "customer_id", new_customer(g, "沈女士"), "title", "投诉无人处理",
		      "priority", "urgent");
	expect_status(r, 201);
	esc = jint(r->json, "id");
	expect_status(move(g, esc, "accepted", NULL), 200);
	own2 = new_ticket(top, cust, "inquiry", "中心自己的二");
	snprintf(want, sizeof want, "%lld,%lld", (long long)own2, (long long)own1);
	expect_ids(top, "team", want);
	expect_ids(top, "overdue", "");

	clock_advance(s, 241 * MS_MINUTE); /* overdue: level 1, still the team's own */
	run_scheduler(s);
	expect_ids(top, "team", want);
	expect_ids(top, "overdue", "");
	clock_advance(s, 61 * MS_MINUTE); /* one level up: to 客服中心 */
	run_scheduler(s);
	assert_int_equal(jint(ticket(g, esc), "escalation_level"), 2);
	assert_string_equal(jstr(ticket(g, esc), "escalated_team.name"), "客服中心");
	snprintf(want, sizeof want, "%lld,%lld,%lld", (long long)own2, (long long)esc,
		 (long long)own1);
	expect_ids(top, "team", want);
	snprintf(want, sizeof want, "%lld", (long long)esc);
	expect_ids(top, "overdue", want);
	expect_ids(g, "overdue", want); /* still its own team's too */
	clock_advance(s, 61 * MS_MINUTE); /* level 3: no team above 客服中心, it stays */
	run_scheduler(s);
	assert_int_equal(jint(ticket(g, esc), "escalation_level"), 3);
	expect_ids(top, "overdue", want);

	/* Dispatched up to 客服中心 itself, it is listed there once. */
	expect_status(move(top, esc, "dispatched", json_pack("{s:I}", "team_id", centre)), 200);
	snprintf(want, sizeof want, "%lld,%lld,%lld", (long long)own2, (long long)esc,
		 (long long)own1);
	expect_ids(top, "team", want);
	expect_ids(g, "overdue", "");
}

int run_tickets_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_demo_orders_past_their_deadline_are_chased,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_ticket_chase_warns_marks_overdue_and_escalates,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_ticket_pause_moves_the_deadline,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_escalated_orders_in_the_parent_teams_views,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_chase_tells_holders_of_ticket_supervise,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_priority_change_recomputes_the_deadlines,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_calendar_change_shows_in_time_left,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_priority_change_moves_the_overdue_state,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_ticket_create_and_read_back,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_ticket_bad_input_is_422_and_creates_nothing,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_ticket_closed_loop_with_pause_and_rating,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_every_allowed_transition,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_every_refused_transition_changes_nothing,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_reopen_within_seven_days_only,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_repair_flow_needs_fault_and_restoration,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_stale_version_and_patch,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_team_scope_and_permissions,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_views_filters_and_paging,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_bulk_assign_priority_close,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_thread_replies_and_internal_notes,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_attachments_type_size_and_download,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_customer_tickets_and_timeline,
						gx_test_setup, gx_test_teardown),
	};
	return cmocka_run_group_tests_name("tickets", tests, NULL, NULL);
}
