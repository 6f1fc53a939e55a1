#include "domain/cti.h"
#include "domain/acd.h"
#include "domain/cc_calls.h"
#include "domain/cc_config.h"
#include "domain/customers.h"
#include "lib/clock.h"
#include "lib/evt.h"
#include "store/cc_calls.h"
#include "store/db.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MATCH_MAX 5

struct event_ctx {
	struct db *db;
	const struct cti_input *in;
	struct cc_call call;
	int64_t now;
	struct verr *v;
	char tiers[MATCH_MAX][16]; /* of the customers the number matched */
};

/* The refusal of an event that does not fit the call's state. */
static int refuse(struct event_ctx *x, const char *field, const char *why)
{
	verr_add(x->v, field, "%s", why);
	return GX_ECONFLICT;
}

static bool token_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n < 1 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] <= ' ' || s[i] > '~')
			return false;
	return true;
}

/* The agent with extension ext: 0, or a refusal on field "agent". */
static int agent_of(struct event_ctx *x, const char *ext, struct cc_agent *a)
{
	int rc = store_cc_agent_by_extension(x->db, ext, a);

	if (rc == GX_ENOTFOUND)
		return refuse(x, "agent", "没有使用该分机号的坐席");
	return rc;
}

static bool agent_free(const struct cc_agent *a, int64_t now)
{
	return !strcmp(a->state, "ready") || (!strcmp(a->state, "wrap_up") && a->wrap_until <= now);
}

/* Which queue an inbound call enters (CC-9): the one the event names;
 * else, for a known caller with an open work order, the queue of that
 * order's team; else the queue of the dialled number; else the first. */
static int choose_queue(struct event_ctx *x, struct cc_queue *q)
{
	int64_t id = x->in->queue_id;
	int n, rc;

	if (!id && x->call.customer_id &&
	    (rc = store_cc_history_queue(x->db, x->call.customer_id, &id)) && rc != GX_ENOTFOUND)
		return rc;
	if (!id && x->call.called[0] &&
	    (rc = store_cc_number_queue(x->db, x->call.called, &id)) && rc != GX_ENOTFOUND)
		return rc;
	if (id) {
		rc = store_cc_queue_get(x->db, id, q);
		if (rc == GX_ENOTFOUND)
			return verr_add(x->v, "queue", "队列不存在");
		return rc;
	}
	if ((rc = store_cc_queues(x->db, q, 1, &n)) != 0)
		return rc;
	return n ? 0 : verr_add(x->v, "queue", "还没有队列：请先在呼叫中心设置中建立队列");
}

/* Is tier one of the comma list's items? */
static bool tier_listed(const char *list, const char *tier)
{
	size_t n = strlen(tier);

	for (const char *p = list; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (!strncmp(p, tier, n) && (p[n] == ',' || p[n] == '\0'))
			return true;
	return false;
}

/* The customers the number belongs to: the call's customer when there is
 * exactly one; their tiers are kept for the queue's priority. */
static int match_customers(struct event_ctx *x, const char *number)
{
	struct customer_rec *recs = calloc(MATCH_MAX, sizeof *recs);
	int n = 0, rc;

	if (!recs)
		return GX_ENOMEM;
	rc = number[0] ? customers_match_phone(x->db, number, recs, MATCH_MAX, &n) : 0;
	x->call.matches = n;
	x->call.customer_id = n == 1 ? recs[0].id : 0;
	for (int i = 0; i < n; i++)
		snprintf(x->tiers[i], sizeof x->tiers[i], "%s", recs[i].tier);
	free(recs);
	return rc;
}

/* Callers of whom any customer is of one of the queue's priority tiers
 * go ahead. */
static int priority_of(const struct event_ctx *x, const struct cc_queue *q)
{
	for (int i = 0; i < x->call.matches && i < MATCH_MAX; i++)
		if (tier_listed(q->priority_tiers, x->tiers[i]))
			return 1;
	return 0;
}

static int ringing_inbound(struct event_ctx *x)
{
	struct cc_call *c = &x->call;
	struct cc_queue q;
	int rc;

	if ((rc = match_customers(x, c->caller)) != 0 || (rc = choose_queue(x, &q)) != 0)
		return rc;
	c->priority = priority_of(x, &q);
	c->queue_id = c->first_queue_id = q.id;
	snprintf(c->state, sizeof c->state, "queued");
	if ((rc = store_cc_call_insert(x->db, c)) != 0 ||
	    (rc = store_cc_log(x->db, c->id, "offered", 0, q.id, x->now)) != 0)
		return rc;
	return acd_route(x->db, c, x->now);
}

/* An outbound call rings at the customer; the agent who dials is busy
 * with it from the start. */
static int ringing_outbound(struct event_ctx *x)
{
	struct cc_call *c = &x->call;
	struct cc_agent a;
	int rc;

	if (!x->in->agent)
		return verr_add(x->v, "agent", "外呼须指明坐席分机号");
	if ((rc = agent_of(x, x->in->agent, &a)) != 0)
		return rc;
	if (!strcmp(a.state, "ringing") || !strcmp(a.state, "talking") ||
	    !strcmp(a.state, "signed_out"))
		return refuse(x, "agent", "该坐席未签入或正在通话，不能外呼");
	if ((rc = match_customers(x, c->called)) != 0)
		return rc;
	snprintf(c->state, sizeof c->state, "queued");
	if ((rc = store_cc_call_insert(x->db, c)) != 0 ||
	    (rc = store_cc_log(x->db, c->id, "offered", 0, 0, x->now)) != 0)
		return rc;
	return acd_assign(x->db, c, a.user_id, x->now);
}

static int on_ringing(struct event_ctx *x)
{
	const struct cti_input *in = x->in;
	struct cc_call *c = &x->call;
	const char *dir = in->direction ? in->direction : "inbound";

	if (strcmp(dir, "inbound") && strcmp(dir, "outbound"))
		return verr_add(x->v, "direction", "应为 inbound 或 outbound");
	if (!in->caller || (in->caller[0] && !cc_number_ok(in->caller)))
		return verr_add(x->v, "caller", "应为主叫号码（1–32 位数字，未显示号码传空串）");
	if (in->called && !cc_number_ok(in->called))
		return verr_add(x->v, "called", "应为被叫号码（1–32 位数字）");
	if (x->call.id)
		return refuse(x, "call", "该通话已有振铃事件");
	memset(c, 0, sizeof *c);
	snprintf(c->ext_id, sizeof c->ext_id, "%s", in->call);
	snprintf(c->direction, sizeof c->direction, "%s", dir);
	snprintf(c->caller, sizeof c->caller, "%s", in->caller);
	snprintf(c->called, sizeof c->called, "%s", in->called ? in->called : "");
	c->offered_at = c->queued_at = x->now;
	c->outbound_entry_id = in->entry_id;
	return strcmp(dir, "outbound") ? ringing_inbound(x) : ringing_outbound(x);
}

static int set_talking(struct event_ctx *x, int64_t agent_id)
{
	struct cc_call *c = &x->call;
	int rc;

	snprintf(c->state, sizeof c->state, "talking");
	if (!c->answered_at)
		c->answered_at = x->now;
	snprintf(c->disposition, sizeof c->disposition, "answered");
	if ((rc = store_cc_call_update(x->db, c)) != 0 ||
	    (rc = store_cc_agent_state(x->db, agent_id, "talking", "", c->id, 0, 0, x->now)) != 0 ||
	    (rc = store_cc_log(x->db, c->id, "answered", agent_id, c->queue_id, x->now)) != 0)
		return rc;
	if (db_after_commit(x->db, evt_publish, agent_id) != 0 ||
	    db_after_commit(x->db, evt_publish, EVT_WALLBOARD) != 0)
		return GX_ENOMEM;
	return 0;
}

static int on_answered(struct event_ctx *x)
{
	struct cc_call *c = &x->call;
	struct cc_agent a;
	int rc;

	if (!strcmp(c->state, "talking") || !strcmp(c->state, "ended"))
		return refuse(x, "call", !strcmp(c->state, "ended") ? "通话已结束" : "通话已接听");
	if (!strcmp(c->state, "ringing")) {
		if ((rc = store_cc_agent_get(x->db, c->agent_id, &a)) != 0)
			return rc;
		if (x->in->agent && strcmp(x->in->agent, a.extension))
			return refuse(x, "agent", "通话正振铃在另一分机上");
		return set_talking(x, c->agent_id);
	}
	/* Queued: the telephone system let an agent pick it up directly. */
	if (!x->in->agent)
		return refuse(x, "agent", "通话仍在排队，须指明接听的分机号");
	if ((rc = agent_of(x, x->in->agent, &a)) != 0)
		return rc;
	if (!agent_free(&a, x->now))
		return refuse(x, "agent", "该坐席不是就绪状态");
	if ((rc = acd_assign(x->db, c, a.user_id, x->now)) != 0)
		return rc;
	return set_talking(x, a.user_id);
}

static int queue_wrap_s(struct event_ctx *x, int64_t queue_id)
{
	struct cc_queue q;

	return queue_id && store_cc_queue_get(x->db, queue_id, &q) == 0 ? q.wrap_up_s : 0;
}

/* Back to waiting in queue_id (the agent that had it is dealt with by the
 * caller), then to a free agent if there is one. */
static int requeue(struct event_ctx *x, int64_t queue_id, const char *kind)
{
	struct cc_call *c = &x->call;
	int rc;

	snprintf(c->state, sizeof c->state, "queued");
	c->agent_id = 0;
	c->assigned_at = 0;
	c->queue_id = queue_id;
	c->queued_at = x->now;
	if ((rc = store_cc_call_update(x->db, c)) != 0 ||
	    (rc = store_cc_log(x->db, c->id, kind, 0, queue_id, x->now)) != 0)
		return rc;
	return acd_route(x->db, c, x->now);
}

/* The agent let it ring out: it is not ready any more (so the call is not
 * offered to it again at once), and the call waits for another. */
static int on_missed(struct event_ctx *x)
{
	int64_t agent = x->call.agent_id;
	int rc;

	if (strcmp(x->call.state, "ringing"))
		return refuse(x, "call", "通话不在振铃状态");
	if ((rc = store_cc_agent_state(x->db, agent, "not_ready", "未接听", 0, 0, 0, x->now)) != 0 ||
	    (rc = store_cc_log(x->db, x->call.id, "missed", agent, x->call.queue_id, x->now)) != 0)
		return rc;
	if (db_after_commit(x->db, evt_publish, agent) != 0)
		return GX_ENOMEM;
	return requeue(x, x->call.queue_id ? x->call.queue_id : x->call.first_queue_id, "queued");
}

static int on_transferred(struct event_ctx *x)
{
	struct cc_call *c = &x->call;
	int64_t from = c->agent_id, from_queue = c->queue_id;
	struct cc_queue q;
	struct cc_agent a;
	int rc;

	if (strcmp(c->state, "talking"))
		return refuse(x, "call", "只有通话中的电话可以转接");
	if (!x->in->queue_id == !x->in->agent)
		return verr_add(x->v, "queue", "转接须指明目标队列或目标分机号之一");
	c->transfers++;
	if (x->in->queue_id) {
		if ((rc = store_cc_queue_get(x->db, x->in->queue_id, &q)) == GX_ENOTFOUND)
			return verr_add(x->v, "queue", "队列不存在");
		if (rc || (rc = requeue(x, q.id, "transferred")) != 0)
			return rc;
	} else {
		if ((rc = agent_of(x, x->in->agent, &a)) != 0)
			return rc;
		if (a.user_id == from || !agent_free(&a, x->now))
			return refuse(x, "agent", "目标坐席不是就绪状态");
		if ((rc = store_cc_log(x->db, c->id, "transferred", a.user_id, c->queue_id, x->now)) ||
		    (rc = acd_assign(x->db, c, a.user_id, x->now)) != 0)
			return rc;
	}
	return acd_agent_done(x->db, from, queue_wrap_s(x, from_queue), x->now);
}

static int on_ended(struct event_ctx *x)
{
	struct cc_call *c = &x->call;
	const struct cti_input *in = x->in;
	bool talking = !strcmp(c->state, "talking"), ringing = !strcmp(c->state, "ringing");
	int64_t agent = c->agent_id;
	int wrap = 0, rc;

	if (!strcmp(c->state, "ended"))
		return refuse(x, "call", "通话已结束");
	if (in->cause && (strlen(in->cause) > 32 || strspn(in->cause, "abcdefghijklmnopqrstuvwxyz_") !=
					       strlen(in->cause)))
		return verr_add(x->v, "cause", "应为 1–32 个小写字母或下划线");
	if (in->recording && strlen(in->recording) > 200)
		return verr_add(x->v, "recording", "录音地址最多 200 个字符");
	if (!c->answered_at)
		snprintf(c->disposition, sizeof c->disposition, "abandoned");
	snprintf(c->end_cause, sizeof c->end_cause, "%s",
		 in->cause ? in->cause : c->answered_at ? "hangup" : "abandoned");
	snprintf(c->recording, sizeof c->recording, "%s", in->recording ? in->recording : "");
	snprintf(c->state, sizeof c->state, "ended");
	c->ended_at = x->now;
	if (talking)
		wrap = queue_wrap_s(x, c->queue_id);
	c->wrap_end_at = talking ? x->now + (int64_t)wrap * 1000 : 0;
	if ((rc = store_cc_call_update(x->db, c)) != 0 ||
	    (rc = store_cc_log(x->db, c->id, c->answered_at ? "ended" : "abandoned", agent,
			       c->queue_id, x->now)) != 0)
		return rc;
	if (talking)
		return acd_agent_done(x->db, agent, wrap, x->now);
	if (!ringing)
		return db_after_commit(x->db, evt_publish, EVT_WALLBOARD) ? GX_ENOMEM : 0;
	/* It rang at an agent who never answered: the agent is free again. */
	if ((rc = store_cc_agent_state(x->db, agent, "ready", "", 0, 0, 0, x->now)) != 0)
		return rc;
	return acd_agent_free(x->db, agent, x->now);
}

static int on_rating(struct event_ctx *x)
{
	struct cc_call *c = &x->call;
	int rc;

	if (x->in->rating < 1 || x->in->rating > 5)
		return verr_add(x->v, "rating", "按键评价应为 1–5");
	if (strcmp(c->state, "ended"))
		return refuse(x, "call", "通话尚未结束，不能评价");
	if (c->rating)
		return refuse(x, "rating", "该通话已有评价");
	c->rating = x->in->rating;
	c->rated_at = x->now;
	if ((rc = store_cc_call_update(x->db, c)) != 0)
		return rc;
	return store_cc_log(x->db, c->id, "rated", c->agent_id, c->queue_id, x->now);
}

static const struct {
	const char *type;
	int (*apply)(struct event_ctx *x);
} handlers[] = {
	{"ringing", on_ringing},       {"answered", on_answered}, {"missed", on_missed},
	{"transferred", on_transferred}, {"ended", on_ended},     {"rating", on_rating},
};

static char *answer_text(struct event_ctx *x)
{
	struct cc_agent a;
	json_t *agent = json_null(), *o;
	char *text;

	if (x->call.agent_id && store_cc_agent_get(x->db, x->call.agent_id, &a) == 0)
		agent = json_pack("{s:I,s:s,s:s}", "id", (json_int_t)a.user_id,
				  "extension", a.extension, "display_name", a.display_name);
	o = json_pack("{s:s,s:b,s:o,s:o}", "event", x->in->id, "duplicate", 0,
		      "call", cc_call_json(&x->call, true), "agent", agent);
	text = o ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
	return text;
}

/* The answer a repeated event gets: the first one's, marked duplicate. */
static char *as_duplicate(const char *stored)
{
	json_t *o = json_loads(stored, 0, NULL);
	char *text;

	if (!o)
		return NULL;
	json_object_set_new(o, "duplicate", json_true());
	text = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return text;
}

static int check_input(const struct cti_input *in, struct verr *v, int *handler)
{
	*handler = -1;
	if (!token_ok(in->id))
		verr_add(v, "id", "事件编号应为 1–64 个可见 ASCII 字符");
	if (!token_ok(in->call))
		verr_add(v, "call", "通话编号应为 1–64 个可见 ASCII 字符");
	for (size_t i = 0; in->type && i < sizeof handlers / sizeof *handlers; i++)
		if (!strcmp(handlers[i].type, in->type))
			*handler = (int)i;
	if (*handler < 0)
		verr_add(v, "type", "应为 ringing、answered、missed、transferred、ended 或 rating");
	if (in->agent && !cc_number_ok(in->agent))
		verr_add(v, "agent", "应为坐席分机号");
	return v->n ? GX_EINVAL : 0;
}

static int apply(struct event_ctx *x, int handler, int *status, char **response)
{
	char *stored = NULL;
	int rc;

	rc = store_cti_event_get(x->db, x->in->id, status, &stored);
	if (rc == 0) {
		*response = as_duplicate(stored);
		free(stored);
		return *response ? 0 : GX_ENOMEM;
	}
	if (rc != GX_ENOTFOUND)
		return rc;
	rc = store_cc_call_by_ext(x->db, x->in->call, &x->call);
	if (rc == GX_ENOTFOUND && handler != 0)
		return refuse(x, "call", "未收到该通话的振铃事件");
	if ((rc && rc != GX_ENOTFOUND) || (rc = handlers[handler].apply(x)) != 0)
		return rc;
	if ((rc = store_cc_call_get(x->db, x->call.id, &x->call)) != 0)
		return rc;
	if (!(*response = answer_text(x)))
		return GX_ENOMEM;
	*status = 200;
	return store_cti_event_put(x->db, x->in->id, x->in->type, x->in->call, x->now, *status,
				   *response);
}

/* One event in its own savepoint of a group commit (db_group), so that
 * events arriving together share one fsync; the answer is kept only if the
 * group's commit succeeds. */
struct event_job {
	struct event_ctx x;
	int handler;
	int *status;
	char **response;
};

static int event_run(struct db *db, void *arg)
{
	struct event_job *j = arg;
	int rc;

	j->x.db = db;
	if ((rc = db_begin(db, true)) != 0)
		return rc;
	j->x.now = clock_now_ms();
	if ((rc = apply(&j->x, j->handler, j->status, j->response)) == 0)
		rc = db_commit(db);
	if (rc != 0)
		db_rollback(db);
	return rc;
}

int cti_event(const struct principal *who, const struct cti_input *in, int *status,
	      char **response, struct verr *v)
{
	struct event_job j = {.x = {.in = in, .v = v}, .status = status, .response = response};
	int rc;

	*response = NULL;
	if (!principal_can(who, PERM_CC_CTI))
		return GX_EPERM;
	if ((rc = check_input(in, v, &j.handler)) != 0)
		return rc;
	if ((rc = db_group(event_run, &j)) != 0) {
		free(*response);
		*response = NULL;
	}
	return rc;
}

int cti_log_last(const struct principal *who, int64_t *id)
{
	struct db *db;
	int rc;

	*id = 0;
	if (!(db = principal_db(who, PERM_CC_CTI, &rc)))
		return rc;
	return store_cc_log_last(db, id);
}

int cti_dials(const struct principal *who, int64_t after_id, struct ob_dial *out, int max,
	      int *n)
{
	struct db *db;
	int rc;

	*n = 0;
	if (!(db = principal_db(who, PERM_CC_CTI, &rc)))
		return rc;
	return store_ob_dials_since(db, after_id, out, max, n);
}

int cti_dial_last(const struct principal *who, int64_t *id)
{
	struct db *db;
	int rc;

	*id = 0;
	if (!(db = principal_db(who, PERM_CC_CTI, &rc)))
		return rc;
	return store_ob_dial_last(db, id);
}

int cti_assignments(const struct principal *who, int64_t after_id, struct cti_assignment *out,
		    int max, int *n)
{
	struct cc_log log[64];
	struct cc_call c;
	struct cc_agent a;
	struct db *db;
	int rows, rc;

	*n = 0;
	if (!(db = principal_db(who, PERM_CC_CTI, &rc)))
		return rc;
	if (max > 64)
		max = 64;
	if ((rc = store_cc_log_since(db, 0, "assigned", after_id, log, max, &rows)) != 0)
		return rc;
	for (int i = 0; i < rows; i++) {
		struct cti_assignment *x = &out[(*n)++];

		if ((rc = store_cc_call_get(db, log[i].call_id, &c)) != 0)
			return rc;
		/* An agent removed since (signed out first) has no extension now. */
		if ((rc = store_cc_agent_get(db, log[i].agent_id, &a)) == GX_ENOTFOUND)
			memset(&a, 0, sizeof a);
		else if (rc)
			return rc;
		*x = (struct cti_assignment){.log_id = log[i].id, .call_id = c.id,
					     .queue_id = log[i].queue_id, .at = log[i].at,
					     .agent_id = log[i].agent_id};
		snprintf(x->call, sizeof x->call, "%s", c.ext_id);
		snprintf(x->extension, sizeof x->extension, "%s", a.extension);
	}
	return 0;
}
