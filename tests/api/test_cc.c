/* Contact centre core (CC-1 to CC-4, CC-9): set-up and its validation,
 * the telephone system's events with duplicates and disorder, routing by
 * each strategy, priority tiers, waiting and overflow, wrap-up, the
 * screen pop reaching only the assigned agent, the telephone system's
 * stream, and a work order made from a call. Each test has a server of
 * its own (several move the clock). */
#include "harness.h"

#include <pthread.h>
#include <string.h>

struct cc {
	gx_server *s;
	gx_client *admin;
	json_int_t skill, queue;
};

static json_int_t post_id(gx_client *c, const char *path, const char *fmt, ...)
{
	va_list ap;
	http_resp *r;

	va_start(ap, fmt);
	r = http_vpack(c, "POST", path, fmt, ap);
	va_end(ap);
	expect_status(r, 201);
	return jint(r->json, strncmp(path, "/api/v1/cc/agents", 17) ? "id" : "user_id");
}

/* A user with role agent made an agent with this extension and skill
 * level; returns a signed-in client for it. */
static gx_client *agent(struct cc *x, const char *name, const char *ext, int level,
			json_int_t *user_id)
{
	json_int_t id = create_user_in_team(x->admin, name, "agent", 0);

	post_id(x->admin, "/api/v1/cc/agents", "{s:I,s:s,s:[{s:I,s:i}]}", "user_id", id,
		"extension", ext, "skills", "skill_id", x->skill, "level", level);
	if (user_id)
		*user_id = id;
	return client_signed_in(x->s, name, "Passw0rd!");
}

/* Sets the signed-in agent's state; returns the state it has then
 * (ringing when it became ready and a call was waiting). */
static const char *set_state(gx_client *c, const char *state)
{
	http_resp *r = http_pack(c, "POST", "/api/v1/cc/me/state", "{s:s,s:s}", "state", state,
				 "reason", "小休");
	expect_status(r, 200);
	return jstr(r->json, "state");
}

/* A 409 whose field messages name field. */
static void expect_refused(http_resp *r, const char *field)
{
	expect_status(r, 409);
	assert_non_null(jget(r->json, "error.fields") ? json_object_get(jget(r->json,
		"error.fields"), field) : NULL);
}

/* The telephone system's event, sent by client c (signed in as admin);
 * extra_fmt packs the fields besides id, type and call. */
static http_resp *event_by(gx_client *c, const char *id, const char *type, const char *call,
			   const char *extra_fmt, ...)
{
	json_t *body = json_pack("{s:s,s:s,s:s}", "id", id, "type", type, "call", call);
	char *text;
	http_resp *r;

	if (extra_fmt) {
		va_list ap;
		va_start(ap, extra_fmt);
		json_object_update_new(body, json_vpack_ex(NULL, 0, extra_fmt, ap));
		va_end(ap);
	}
	text = json_dumps(body, JSON_COMPACT);
	r = http_do(c, "POST", "/api/v1/cti/events", text, NULL);
	json_decref(body);
	free(text);
	return r;
}

#define event(x, ...) event_by((x)->admin, __VA_ARGS__)

static http_resp *ring(struct cc *x, const char *call, const char *caller)
{
	char *id = xasprintf("ring-%s", call);
	http_resp *r = event(x, id, "ringing", call, "{s:s,s:s}", "caller", caller, "called",
			     "95588");
	free(id);
	expect_status(r, 200);
	return r;
}

static const char *rung_ext(http_resp *r)
{
	return json_is_null(jget(r->json, "agent")) ? NULL : jstr(r->json, "agent.extension");
}

static void setup(struct cc *x, void **state, const char *strategy)
{
	x->s = state_server(state);
	x->admin = client_signed_in(x->s, ADMIN_USER, ADMIN_PASS);
	x->skill = post_id(x->admin, "/api/v1/cc/skills", "{s:s}", "name", "宽带业务");
	x->queue = post_id(x->admin, "/api/v1/cc/queues", "{s:s,s:I,s:s,s:i}", "name", "宽带热线",
			   "skill_id", x->skill, "strategy", strategy, "wrap_up_s", 0);
	expect_status(http_pack(x->admin, "POST", "/api/v1/cc/numbers", "{s:s,s:I}", "number",
				"95588", "queue_id", x->queue), 201);
}

static void test_setup_is_validated_and_managed_only(void **state)
{
	struct cc x;
	gx_client *a1;
	http_resp *r;

	setup(&x, state, "longest_idle");
	r = http_pack(x.admin, "POST", "/api/v1/cc/queues", "{s:s,s:I,s:s,s:s}", "name", "坏队列",
		      "skill_id", (json_int_t)999, "strategy", "random", "priority_tiers", "gold");
	expect_error(r, 422, "validation_failed");
	expect_field(r, "skill_id");
	expect_field(r, "strategy");
	expect_field(r, "priority_tiers");
	r = http_pack(x.admin, "POST", "/api/v1/cc/queues", "{s:s,s:I}", "name", "宽带热线",
		      "skill_id", x.skill);
	expect_refused(r, "name");
	assert_int_equal(count_items(x.admin, "/api/v1/cc/queues"), 1);
	r = http_pack(x.admin, "POST", "/api/v1/cc/numbers", "{s:s,s:I}", "number", "95588",
		      "queue_id", x.queue);
	expect_status(r, 409);
	r = http_pack(x.admin, "POST", "/api/v1/cc/numbers", "{s:s,s:I}", "number", "9558a",
		      "queue_id", x.queue);
	expect_field(r, "number");

	a1 = agent(&x, "cc_a1", "8001", 3, NULL);
	r = http_pack(x.admin, "POST", "/api/v1/cc/agents", "{s:I,s:s}", "user_id",
		      create_user_in_team(x.admin, "cc_a2", "agent", 0), "extension", "8001");
	expect_refused(r, "extension");
	r = http_pack(x.admin, "POST", "/api/v1/cc/agents", "{s:I,s:s,s:[{s:I,s:i}]}", "user_id",
		      find_user_id(x.admin, "cc_a2"), "extension", "8002", "skills", "skill_id",
		      x.skill, "level", 9);
	expect_field(r, "skills[0]");
	assert_int_equal(count_items(x.admin, "/api/v1/cc/agents"), 1);
	/* An agent reads the set-up but may not change it. */
	assert_int_equal(count_items(a1, "/api/v1/cc/queues"), 1);
	expect_error(http_pack(a1, "POST", "/api/v1/cc/skills", "{s:s}", "name", "理财"), 403,
		     "forbidden");
	/* Not-ready needs a reason; an unknown state is refused. */
	r = http_pack(a1, "POST", "/api/v1/cc/me/state", "{s:s}", "state", "not_ready");
	expect_field(r, "reason");
	r = http_pack(a1, "POST", "/api/v1/cc/me/state", "{s:s}", "state", "talking");
	expect_field(r, "state");
	assert_string_equal(jstr(http_get(a1, "/api/v1/cc/me")->json, "state"), "signed_out");
	/* A skill in use cannot go. */
	char *p = xasprintf("/api/v1/cc/skills/%lld", (long long)x.skill);
	expect_status(http_do(x.admin, "DELETE", p, NULL, NULL), 409);
	free(p);
}

static void test_ringing_pops_the_customer_on_the_assigned_agent_only(void **state)
{
	struct cc x;
	gx_client *a1, *a2;
	json_int_t cust;
	sse_stream *s1, *s2;
	http_resp *r;
	const char *ext;

	setup(&x, state, "longest_idle");
	a1 = agent(&x, "cc_a1", "8001", 1, NULL);
	a2 = agent(&x, "cc_a2", "8002", 1, NULL);
	set_state(a1, "ready");
	set_state(a2, "ready");
	r = http_pack(x.admin, "POST", "/api/v1/customers", "{s:s,s:s,s:[s]}", "type",
		      "individual", "name", "李来电", "phones", "13912345678");
	expect_status(r, 201);
	cust = jint(r->json, "id");
	s1 = sse_open(x.s, a1, "/api/v1/cc/me/events", NULL);
	s2 = sse_open(x.s, a2, "/api/v1/cc/me/events", NULL);

	r = ring(&x, "c1", "13912345678");
	ext = rung_ext(r);
	assert_non_null(ext);
	/* a1 became ready first: it has been idle longest. */
	assert_string_equal(ext, "8001");
	assert_string_equal(jstr(r->json, "call.state"), "ringing");
	assert_int_equal(jint(r->json, "call.customer_id"), cust);
	assert_true(sse_wait(s1, "李来电", 2000));
	assert_non_null(strstr(s1->buf, "\"kind\":\"assigned\""));
	assert_false(sse_wait(s2, "李来电", 500));
	assert_null(strstr(s2->buf, "event: call"));
	assert_string_equal(jstr(http_get(a1, "/api/v1/cc/me")->json, "state"), "ringing");

	/* An unknown number pops with no customer: the desk offers "new". */
	r = ring(&x, "c2", "13700000000");
	assert_string_equal(rung_ext(r), "8002");
	assert_true(sse_wait(s2, "\"customers\":[]", 2000));
	assert_int_equal(jint(r->json, "call.matches"), 0);
	sse_close(s1);
	sse_close(s2);
}

static void test_duplicates_change_nothing_and_disorder_is_refused(void **state)
{
	struct cc x;
	gx_client *a1;
	http_resp *r;

	setup(&x, state, "longest_idle");
	a1 = agent(&x, "cc_a1", "8001", 1, NULL);
	set_state(a1, "ready");
	/* Answered before ringing: refused, not recorded. */
	r = event(&x, "e-ans", "answered", "c1", "{s:s}", "agent", "8001");
	expect_refused(r, "call");
	r = ring(&x, "c1", "13800000001");
	json_int_t call = jint(r->json, "call.id");
	assert_false(json_is_true(jget(r->json, "duplicate")));
	r = event(&x, "ring-c1", "ringing", "c1", "{s:s}", "caller", "13800000001");
	expect_status(r, 200);
	assert_true(json_is_true(jget(r->json, "duplicate")));
	assert_int_equal(jint(r->json, "call.id"), call);
	/* The same call rung again under another event id is refused. */
	r = event(&x, "ring-c1-again", "ringing", "c1", "{s:s}", "caller", "13800000001");
	expect_status(r, 409);
	assert_int_equal(count_items(x.admin, "/api/v1/cc/calls"), 1);
	/* The refused answer can come again, now in order. */
	expect_status(event(&x, "e-ans", "answered", "c1", "{s:s}", "agent", "8001"), 200);
	r = event(&x, "e-rate-early", "rating", "c1", "{s:i}", "rating", 5);
	expect_refused(r, "call");
	r = event(&x, "e-end", "ended", "c1", "{s:s}", "cause", "hangup");
	expect_status(r, 200);
	assert_string_equal(jstr(r->json, "call.state"), "ended");
	assert_string_equal(jstr(r->json, "call.disposition"), "answered");
	expect_refused(event(&x, "e-end-2", "ended", "c1", NULL), "call");
	expect_field(event(&x, "e-rate-bad", "rating", "c1", "{s:i}", "rating", 6), "rating");
	expect_status(event(&x, "e-rate", "rating", "c1", "{s:i}", "rating", 4), 200);
	r = event(&x, "e-rate", "rating", "c1", "{s:i}", "rating", 4);
	assert_true(json_is_true(jget(r->json, "duplicate")));
	expect_refused(event(&x, "e-rate-2", "rating", "c1", "{s:i}", "rating", 1), "rating");
	char *p = xasprintf("/api/v1/cc/calls/%lld", (long long)call);
	r = http_get(x.admin, p);
	free(p);
	expect_status(r, 200);
	assert_int_equal(jint(r->json, "rating"), 4);
	assert_string_equal(jstr(r->json, "log.0.kind"), "offered");
	assert_string_equal(jstr(r->json, "log.1.kind"), "assigned");
	assert_string_equal(jstr(r->json, "log.2.kind"), "answered");
	assert_string_equal(jstr(r->json, "log.3.kind"), "ended");
	assert_string_equal(jstr(r->json, "log.4.kind"), "rated");
	assert_null(jget(r->json, "log.5"));
	/* The agent is free again at once (no wrap-up in this queue). */
	assert_string_equal(jstr(http_get(a1, "/api/v1/cc/me")->json, "state"), "ready");
	/* Bad events: missing fields, unknown type. */
	r = http_pack(x.admin, "POST", "/api/v1/cti/events", "{s:s,s:s}", "id", "x", "type", "ringing");
	expect_field(r, "call");
	r = event(&x, "e-bad", "exploded", "c9", NULL);
	expect_field(r, "type");
	/* Only the telephone system (cc.cti) may report calls. */
	expect_status(http_pack(a1, "POST", "/api/v1/cti/events", "{s:s,s:s,s:s,s:s}", "id", "z",
				"type", "ringing", "call", "c7", "caller", "1"), 403);
}

/* Rings a call and ends it unanswered at once: the agent it rang at is
 * ready again, with one more call offered. */
static const char *offer(struct cc *x, const char *call)
{
	static char ext[16];
	http_resp *r = ring(x, call, "13800000002");
	char *id = xasprintf("end-%s", call);

	snprintf(ext, sizeof ext, "%s", rung_ext(r) ? rung_ext(r) : "");
	expect_status(event(x, id, "ended", call, NULL), 200);
	free(id);
	return ext;
}

static void test_strategies_pick_as_named(void **state)
{
	static const char *const strategies[] = {"round_robin", "skill_level", "fewest_calls"};
	struct cc x;
	gx_client *a[3];
	char name[32], ext[16];

	setup(&x, state, "longest_idle");
	for (int i = 0; i < 3; i++) {
		snprintf(name, sizeof name, "cc_s%d", i);
		snprintf(ext, sizeof ext, "80%02d", i);
		a[i] = agent(&x, name, ext, i + 1, NULL);
		set_state(a[i], "ready");
	}
	/* Longest idle: the one ready first, then the next. */
	assert_string_equal(offer(&x, "l1"), "8000");
	char *p = xasprintf("/api/v1/cc/queues/%lld", (long long)x.queue);
	json_int_t version = jint(http_get(x.admin, p)->json, "version");
	for (size_t k = 0; k < 3; k++) {
		http_resp *r = http_pack(x.admin, "PATCH", p, "{s:s,s:I}", "strategy", strategies[k],
					 "version", version);
		expect_status(r, 200);
		version = jint(r->json, "version");
		char call[16];
		switch (k) {
		case 0: /* Round robin: whoever was offered a call longest ago. */
			snprintf(call, sizeof call, "r1");
			assert_string_equal(offer(&x, call), "8001");
			snprintf(call, sizeof call, "r2");
			assert_string_equal(offer(&x, call), "8002");
			snprintf(call, sizeof call, "r3");
			assert_string_equal(offer(&x, call), "8000");
			break;
		case 1: /* Highest skill level first, every time. */
			assert_string_equal(offer(&x, "k1"), "8002");
			assert_string_equal(offer(&x, "k2"), "8002");
			break;
		default: /* Fewest calls today: 8001 has had 1, the others 2 and 4. */
			assert_string_equal(offer(&x, "f1"), "8001");
			break;
		}
	}
	free(p);
	/* Not ready agents get nothing; with nobody ready the call waits. */
	for (int i = 0; i < 3; i++)
		set_state(a[i], "not_ready");
	assert_string_equal(offer(&x, "n1"), "");
}

static void test_priority_callers_go_first_and_waiting_calls_meet_ready_agents(void **state)
{
	struct cc x;
	gx_client *a1, *pbx;
	sse_stream *st;
	http_resp *r;

	setup(&x, state, "longest_idle");
	a1 = agent(&x, "cc_a1", "8001", 1, NULL);
	expect_status(http_pack(x.admin, "POST", "/api/v1/customers", "{s:s,s:s,s:[s],s:s}", "type",
				"individual", "name", "王贵宾", "phones", "13811112222", "tier", "vip"),
		      201);
	pbx = x.admin;
	st = sse_open(x.s, pbx, "/api/v1/cti/stream", NULL);
	assert_null(rung_ext(ring(&x, "w1", "13900000001")));
	clock_advance(x.s, 5 * MS_SECOND);
	assert_null(rung_ext(ring(&x, "w2", "13900000002")));
	r = ring(&x, "vip", "13811112222");
	assert_null(rung_ext(r));
	assert_int_equal(jint(r->json, "call.priority"), 1);
	assert_string_equal(jstr(r->json, "call.state"), "queued");
	/* The agent becomes ready: the VIP caller is served first, then the
	 * longest waiting. The telephone system hears of it on its stream. */
	assert_string_equal(set_state(a1, "ready"), "ringing");
	assert_true(sse_wait(st, "\"call\":\"vip\"", 2000));
	assert_non_null(strstr(st->buf, "\"agent\":\"8001\""));
	assert_string_equal(jstr(http_get(a1, "/api/v1/cc/me")->json, "state"), "ringing");
	expect_status(event(&x, "a-vip", "answered", "vip", NULL), 200);
	expect_status(event(&x, "e-vip", "ended", "vip", NULL), 200);
	assert_true(sse_wait(st, "\"call\":\"w1\"", 2000));
	/* The caller hangs up while it rings: abandoned, and the agent takes w2. */
	r = event(&x, "e-w1", "ended", "w1", NULL);
	assert_string_equal(jstr(r->json, "call.disposition"), "abandoned");
	assert_true(sse_wait(st, "\"call\":\"w2\"", 2000));
	/* It lets w2 ring out: not ready, and w2 waits again. */
	r = event(&x, "m-w2", "missed", "w2", NULL);
	expect_status(r, 200);
	assert_string_equal(jstr(r->json, "call.state"), "queued");
	assert_string_equal(jstr(http_get(a1, "/api/v1/cc/me")->json, "state"), "not_ready");
	sse_close(st);
}

static void test_overflow_and_wrap_up_follow_the_clock(void **state)
{
	struct cc x;
	gx_client *a1, *b1, *anon;
	json_int_t skill_b, queue_b;
	http_resp *r;
	char *p;

	setup(&x, state, "longest_idle");
	skill_b = post_id(x.admin, "/api/v1/cc/skills", "{s:s}", "name", "投诉处理");
	queue_b = post_id(x.admin, "/api/v1/cc/queues", "{s:s,s:I,s:i}", "name", "投诉专席",
			  "skill_id", skill_b, "wrap_up_s", 30);
	p = xasprintf("/api/v1/cc/queues/%lld", (long long)x.queue);
	r = http_pack(x.admin, "PATCH", p, "{s:I,s:i,s:I}", "overflow_queue_id", queue_b,
		      "overflow_after_s", 20, "version", (json_int_t)1);
	expect_status(r, 200);
	free(p);
	a1 = agent(&x, "cc_a1", "8001", 1, NULL);
	b1 = client_signed_in(x.s, ADMIN_USER, ADMIN_PASS);
	post_id(x.admin, "/api/v1/cc/agents", "{s:I,s:s,s:[{s:I}]}", "user_id",
		find_user_id(x.admin, "admin"), "extension", "9001", "skills", "skill_id", skill_b);
	set_state(b1, "not_ready");
	(void)a1;
	r = ring(&x, "o1", "13900000003");
	assert_null(rung_ext(r));
	anon = client_new(x.s);
	clock_advance(x.s, 19 * MS_SECOND);
	expect_status(http_do(anon, "POST", "/api/v1/test/scheduler/run", NULL, NULL), 200);
	r = http_get(x.admin, "/api/v1/cc/calls");
	assert_int_equal(jint(r->json, "items.0.queue_id"), x.queue);
	clock_advance(x.s, 2 * MS_SECOND);
	expect_status(http_do(anon, "POST", "/api/v1/test/scheduler/run", NULL, NULL), 200);
	r = http_get(x.admin, "/api/v1/cc/calls");
	assert_int_equal(jint(r->json, "items.0.queue_id"), queue_b);
	assert_true(json_is_true(jget(r->json, "items.0.overflowed")));
	/* The overflow queue's agent becomes ready, takes it, and after the
	 * call wraps up for 30 s before it is ready again. */
	assert_string_equal(set_state(b1, "ready"), "ringing");
	expect_status(event(&x, "a-o1", "answered", "o1", NULL), 200);
	expect_status(event(&x, "e-o1", "ended", "o1", NULL), 200);
	assert_string_equal(jstr(http_get(b1, "/api/v1/cc/me")->json, "state"), "wrap_up");
	clock_advance(x.s, 31 * MS_SECOND);
	expect_status(http_do(anon, "POST", "/api/v1/test/scheduler/run", NULL, NULL), 200);
	assert_string_equal(jstr(http_get(b1, "/api/v1/cc/me")->json, "state"), "ready");
}

static void test_a_call_becomes_a_work_order_in_one_step(void **state)
{
	struct cc x;
	gx_client *a1, *a2;
	json_int_t cust, call, ticket;
	http_resp *r;
	char *p;

	setup(&x, state, "longest_idle");
	a1 = agent(&x, "cc_a1", "8001", 1, NULL);
	a2 = agent(&x, "cc_a2", "8002", 1, NULL);
	set_state(a1, "ready");
	r = http_pack(a1, "POST", "/api/v1/customers", "{s:s,s:s,s:[s]}", "type",
		      "individual", "name", "赵报修", "phones", "13612345678");
	cust = jint(r->json, "id");
	r = ring(&x, "t1", "13612345678");
	call = jint(r->json, "call.id");
	expect_status(event(&x, "a-t1", "answered", "t1", NULL), 200);
	p = xasprintf("/api/v1/cc/calls/%lld/ticket", (long long)call);
	/* Another agent cannot reach this call. */
	expect_status(http_pack(a2, "POST", p, "{s:s,s:s}", "type", "repair", "title", "x"), 404);
	expect_field(http_pack(a1, "POST", p, "{s:s}", "type", "repair"), "title");
	r = http_pack(a1, "POST", p, "{s:s,s:s,s:s}", "type", "repair", "title", "宽带断网",
		      "description", "来电报修");
	expect_status(r, 201);
	ticket = jint(r->json, "ticket_id");
	expect_status(http_pack(a1, "POST", p, "{s:s,s:s}", "type", "repair", "title", "again"), 409);
	free(p);
	p = xasprintf("/api/v1/tickets/%lld", (long long)ticket);
	r = http_get(a1, p);
	expect_status(r, 200);
	assert_int_equal(jint(r->json, "customer.id"), cust);
	assert_string_equal(jstr(r->json, "channel"), "phone");
	free(p);
	p = xasprintf("/api/v1/cc/calls/%lld/interaction", (long long)call);
	expect_status(http_pack(a1, "POST", p, "{s:s}", "summary", "客户报修宽带，已建工单"), 201);
	free(p);
	p = xasprintf("/api/v1/cc/calls/%lld", (long long)call);
	r = http_get(a1, p);
	assert_int_equal(jint(r->json, "ticket_id"), ticket);
	expect_status(http_get(a2, p), 404);
	free(p);
	/* An agent's list holds its own calls only. */
	assert_int_equal(count_items(a1, "/api/v1/cc/calls"), 1);
	assert_int_equal(count_items(a2, "/api/v1/cc/calls"), 0);
	p = xasprintf("/api/v1/customers/%lld/timeline", (long long)cust);
	r = http_get(a1, p);
	free(p);
	expect_status(r, 200);
	assert_true(strstr(r->body, "\"kind\":\"call\"") != NULL);
}

#define LINES 8
#define LINE_CALLS 12

/* One of the telephone system's connections playing calls, each with a
 * refused early rating and a repeated ringing among its events. Counts
 * answers other than expected (no cmocka asserts off the main thread). */
struct line {
	gx_client *c;
	int n;
	int wrong;
};

static bool status_is(http_resp *r, int status)
{
	return r && r->status == status;
}

static void *line_play(void *arg)
{
	struct line *l = arg;

	for (int k = 0; k < LINE_CALLS; k++) {
		char call[32], id[48], caller[16];
		http_resp *r;

		snprintf(call, sizeof call, "l%d-c%d", l->n, k);
		snprintf(caller, sizeof caller, "139%08d", l->n * 100 + k);
		snprintf(id, sizeof id, "%s-ring", call);
		r = event_by(l->c, id, "ringing", call, "{s:s,s:s}", "caller", caller, "called",
			     "95588");
		l->wrong += !status_is(r, 200);
		const char *ext = r && r->json && json_is_object(jget(r->json, "agent")) ?
			json_string_value(jget(r->json, "agent.extension")) : NULL;
		char agent[16] = "";
		snprintf(agent, sizeof agent, "%s", ext ? ext : "");
		r = event_by(l->c, id, "ringing", call, "{s:s,s:s}", "caller", caller, "called",
			     "95588");
		l->wrong += !status_is(r, 200) || !json_is_true(jget(r->json, "duplicate"));
		snprintf(id, sizeof id, "%s-early", call);
		l->wrong += !status_is(event_by(l->c, id, "rating", call, "{s:i}", "rating", 3), 409);
		if (agent[0]) {
			snprintf(id, sizeof id, "%s-answer", call);
			l->wrong += !status_is(event_by(l->c, id, "answered", call, "{s:s}", "agent",
							agent), 200);
		}
		snprintf(id, sizeof id, "%s-end", call);
		l->wrong += !status_is(event_by(l->c, id, "ended", call, NULL), 200);
		snprintf(id, sizeof id, "%s-rate", call);
		l->wrong += !status_is(event_by(l->c, id, "rating", call, "{s:i}", "rating",
						1 + k % 5), 200);
	}
	return NULL;
}

/* Events from many connections at once (they share commits on the
 * server): each gets the answer it would get alone, refused ones leave
 * nothing behind, every call is recorded whole and no agent is left busy. */
static void test_events_from_many_connections_at_once(void **state)
{
	struct line lines[LINES];
	pthread_t t[LINES];
	gx_client *agents[4];
	struct cc x;
	http_resp *r;
	int rated = 0;

	setup(&x, state, "longest_idle");
	for (int i = 0; i < 4; i++) {
		char name[16], ext[16];
		snprintf(name, sizeof name, "cc_m%d", i);
		snprintf(ext, sizeof ext, "81%02d", i);
		agents[i] = agent(&x, name, ext, 1, NULL);
		set_state(agents[i], "ready");
	}
	for (int i = 0; i < LINES; i++) {
		lines[i] = (struct line){client_signed_in(x.s, ADMIN_USER, ADMIN_PASS), i, 0};
		assert_int_equal(pthread_create(&t[i], NULL, line_play, &lines[i]), 0);
	}
	for (int i = 0; i < LINES; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_int_equal(lines[i].wrong, 0);
	}
	r = http_get(x.admin, "/api/v1/cc/calls?limit=100");
	expect_status(r, 200);
	json_t *items = jget(r->json, "items");
	assert_int_equal(json_array_size(items), LINES * LINE_CALLS);
	for (size_t i = 0; i < json_array_size(items); i++) {
		json_t *c = json_array_get(items, i);
		assert_string_equal(json_string_value(json_object_get(c, "state")), "ended");
		rated += json_integer_value(json_object_get(c, "rating")) > 0;
	}
	assert_int_equal(rated, json_array_size(items));
	for (int i = 0; i < 4; i++)
		assert_string_equal(jstr(http_get(agents[i], "/api/v1/cc/me")->json, "state"),
				    "ready");
}

int run_cc_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_setup_is_validated_and_managed_only,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_ringing_pops_the_customer_on_the_assigned_agent_only,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_duplicates_change_nothing_and_disorder_is_refused,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_strategies_pick_as_named, gx_test_setup,
						gx_test_teardown),
		cmocka_unit_test_setup_teardown(
			test_priority_callers_go_first_and_waiting_calls_meet_ready_agents,
			gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_overflow_and_wrap_up_follow_the_clock,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_a_call_becomes_a_work_order_in_one_step,
						gx_test_setup, gx_test_teardown),
		cmocka_unit_test_setup_teardown(test_events_from_many_connections_at_once,
						gx_test_setup, gx_test_teardown),
	};
	return cmocka_run_group_tests_name("cc", tests, NULL, NULL);
}
