#include "cli/demo_cc.h"
#include "domain/acd.h"
#include "domain/cc_config.h"
#include "domain/users.h"
#include "lib/err.h"
#include "store/cc_calls.h"
#include "store/customers.h"
#include "store/db.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAYS 120
#define DAY_MS (24LL * 3600 * 1000)
#define CUSTOMERS_SAMPLED 400

static const struct {
	const char *name, *skill, *strategy, *tiers, *number;
	int wrap_s;
} queues[] = {
	{"宽带热线", "宽带业务", "longest_idle", "vip", "95500", 15},
	{"投诉专席", "投诉处理", "skill_level", "vip,key", "95501", 30},
	{"贵宾专线", "贵宾服务", "fewest_calls", "vip", "95502", 10},
	{"综合服务", "综合业务", "round_robin", "vip", "95503", 15},
};

static const struct {
	const char *username, *extension;
	int skills[4]; /* level per queue's skill, 0: none */
} agents[] = {
	{"admin", "8000", {3, 3, 3, 3}},
	{"liuyang", "8001", {4, 0, 3, 2}},
	{"wangfang", "8002", {3, 0, 0, 4}},
	{"chenjie", "8003", {0, 4, 0, 3}},
	{"zhangwei", "8010", {2, 5, 4, 0}},
	{"lijing", "8011", {0, 3, 5, 2}},
};

/* Calls per hour of the day (China time), before the weekday factor. */
static const double per_hour[24] = {0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1.5, 4, 6, 6.5, 6, 4.5,
				    5, 6, 6, 5.5, 5, 4.5, 5, 5.5, 4.5, 2.5, 1};

static uint64_t seed = 0x9E3779B97F4A7C15ULL;

static double uniform(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (double)(seed >> 11) / 9007199254740992.0;
}

static int64_t exp_ms(double mean_s)
{
	return (int64_t)(-log(1.0 - uniform()) * mean_s * 1000.0);
}

static int fail(const char *what, int rc, const struct verr *v)
{
	fprintf(stderr, "guanxi demo: contact centre %s: %s %s\n", what, v && v->n ? v->item[0].field : "",
		v && v->n ? v->item[0].message : gx_strerror(rc));
	return rc;
}

static int set_up(const struct principal *sys, int64_t queue_ids[4], int64_t agent_ids[6])
{
	int64_t skill_ids[4];
	int rc;

	for (size_t i = 0; i < 4; i++) {
		struct cc_skill s = {0};
		struct cc_queue q = {0};
		struct cc_number num = {0};
		struct verr v = {0};

		snprintf(s.name, sizeof s.name, "%s", queues[i].skill);
		if ((rc = cc_skill_save(sys, &s, &v)) != 0)
			return fail(queues[i].skill, rc, &v);
		skill_ids[i] = s.id;
		snprintf(q.name, sizeof q.name, "%s", queues[i].name);
		snprintf(q.strategy, sizeof q.strategy, "%s", queues[i].strategy);
		snprintf(q.priority_tiers, sizeof q.priority_tiers, "%s", queues[i].tiers);
		q.skill_id = s.id;
		q.wrap_up_s = queues[i].wrap_s;
		q.sl_seconds = 20;
		if ((rc = cc_queue_save(sys, &q, &v)) != 0)
			return fail(queues[i].name, rc, &v);
		queue_ids[i] = q.id;
		snprintf(num.number, sizeof num.number, "%s", queues[i].number);
		num.queue_id = q.id;
		snprintf(num.label, sizeof num.label, "%s", queues[i].name);
		if ((rc = cc_number_add(sys, &num, &v)) != 0)
			return fail(queues[i].number, rc, &v);
	}
	for (size_t i = 0; i < sizeof agents / sizeof *agents; i++) {
		struct cc_agent a = {0};
		struct user_rec u;
		struct verr v = {0};

		if ((rc = users_find(sys, agents[i].username, &u)) != 0)
			return fail(agents[i].username, rc, NULL);
		a.user_id = agent_ids[i] = u.id;
		snprintf(a.extension, sizeof a.extension, "%s", agents[i].extension);
		for (int k = 0; k < 4; k++)
			if (agents[i].skills[k])
				a.skills[a.nskills++] = (struct cc_agent_skill){skill_ids[k],
										agents[i].skills[k]};
		if ((rc = cc_agent_save(sys, &a, true, &v)) != 0)
			return fail(agents[i].username, rc, &v);
	}
	return 0;
}

/* The overflow needs the general queue to exist: set once all are made. */
static int set_overflow(const struct principal *sys, const int64_t queue_ids[4])
{
	struct cc_queue q;
	struct verr v = {0};
	int rc;

	if ((rc = cc_queue_get(sys, queue_ids[0], &q)) != 0)
		return fail("overflow", rc, NULL);
	q.overflow_queue_id = queue_ids[3];
	q.overflow_after_s = 60;
	return (rc = cc_queue_save(sys, &q, &v)) ? fail("overflow", rc, &v) : 0;
}

struct caller {
	int64_t id;
	char phone[CC_NUMBER_LEN];
	bool vip;
};

/* Some demo customers with a phone, to call in. */
static int sample_callers(struct db *db, struct caller *out, int *n)
{
	struct customer_scope all = {.all = true};
	struct customer_rec *c = malloc(sizeof *c);
	int rc = 0;

	*n = 0;
	if (!c)
		return GX_ENOMEM;
	for (int64_t id = 1; id < 4000 && *n < CUSTOMERS_SAMPLED; id += 3) {
		if ((rc = store_customer_get(db, id, &all, false, c)) == GX_ENOTFOUND) {
			rc = 0;
			continue;
		}
		if (rc)
			break;
		if (!c->nphones)
			continue;
		out[*n].id = c->id;
		snprintf(out[*n].phone, sizeof out[*n].phone, "%s", c->phones[0]);
		out[(*n)++].vip = !strcmp(c->tier, "vip");
	}
	free(c);
	return rc;
}

/* One inbound call at offered, as the events would have left it. */
static int make_call(struct db *db, int64_t offered, int q, const int64_t queue_ids[4],
		     const int64_t agent_ids[6], const struct caller *callers, int ncallers, int seq)
{
	struct cc_call c = {0};
	int64_t wait = exp_ms(q == 2 ? 6 : 14), patience = exp_ms(90);
	int64_t agent = 0;
	int rc, tries = 0;

	snprintf(c.ext_id, sizeof c.ext_id, "demo-%d", seq);
	snprintf(c.direction, sizeof c.direction, "inbound");
	snprintf(c.called, sizeof c.called, "%s", queues[q].number);
	if (ncallers && uniform() < 0.8) {
		const struct caller *k = &callers[(int)(uniform() * ncallers)];
		snprintf(c.caller, sizeof c.caller, "%s", k->phone);
		c.customer_id = k->id;
		c.matches = 1;
		c.priority = k->vip;
	} else {
		snprintf(c.caller, sizeof c.caller, "1%02d%08d", 30 + (int)(uniform() * 60),
			 (int)(uniform() * 1e8));
	}
	c.queue_id = c.first_queue_id = queue_ids[q];
	c.offered_at = c.queued_at = offered;
	snprintf(c.state, sizeof c.state, "ended");
	while (!agent && tries++ < 20) {
		size_t i = (size_t)(uniform() * (sizeof agents / sizeof *agents));
		if (agents[i].skills[q])
			agent = agent_ids[i];
	}
	if (patience < wait || !agent) {
		c.ended_at = offered + patience;
		snprintf(c.disposition, sizeof c.disposition, "abandoned");
		snprintf(c.end_cause, sizeof c.end_cause, "abandoned");
	} else {
		c.agent_id = agent;
		c.assigned_at = offered + wait - 3000 > offered ? offered + wait - 3000 : offered;
		c.answered_at = offered + wait;
		c.ended_at = c.answered_at + 30000 + exp_ms(q == 1 ? 300 : 180);
		c.wrap_end_at = c.ended_at + (int64_t)queues[q].wrap_s * 1000;
		snprintf(c.disposition, sizeof c.disposition, "answered");
		snprintf(c.end_cause, sizeof c.end_cause, "hangup");
		if (uniform() < 0.65) {
			double r = uniform();
			c.rating = r < 0.5 ? 5 : r < 0.8 ? 4 : r < 0.9 ? 3 : r < 0.95 ? 2 : 1;
			c.rated_at = c.ended_at + 20000;
		}
	}
	if ((rc = store_cc_call_insert(db, &c)) != 0)
		return rc;
	return store_cc_log(db, c.id, c.answered_at ? "ended" : "abandoned", c.agent_id, c.queue_id,
			    c.ended_at);
}

static int history(struct db *db, int64_t started_ms, const int64_t queue_ids[4],
		   const int64_t agent_ids[6], int *calls)
{
	struct caller *callers = calloc(CUSTOMERS_SAMPLED, sizeof *callers);
	int64_t today = acd_day_start(started_ms);
	int ncallers = 0, rc;

	if (!callers)
		return GX_ENOMEM;
	if ((rc = sample_callers(db, callers, &ncallers)) != 0 || (rc = db_begin(db, true)) != 0)
		goto out;
	for (int d = DAYS; d >= 1 && rc == 0; d--) {
		int64_t day = today - d * DAY_MS;
		/* 1970-01-01 was a Thursday: days 2 and 3 after it are weekends. */
		int weekday = (int)(((day + 8 * 3600 * 1000) / DAY_MS + 4) % 7);
		double factor = (weekday == 0 || weekday == 6 ? 1.35 : 1.0) * (0.9 + 0.2 * uniform());

		for (int h = 0; h < 24 && rc == 0; h++)
			for (int n = (int)(per_hour[h] * factor + uniform()); n > 0 && rc == 0; n--) {
				double pick = uniform();
				int q = pick < 0.5 ? 0 : pick < 0.7 ? 1 : pick < 0.8 ? 2 : 3;
				int64_t at = day + (int64_t)h * 3600000 + (int64_t)(uniform() * 3600000);

				rc = make_call(db, at, q, queue_ids, agent_ids, callers, ncallers,
					       ++*calls);
			}
	}
	if (rc == 0)
		rc = db_commit(db);
	else
		db_rollback(db);
out:
	free(callers);
	return rc;
}

int demo_cc(const struct principal *sys, int64_t started_ms, int *calls)
{
	struct cc_skill skills[1];
	int64_t queue_ids[4], agent_ids[6];
	int n, rc;

	*calls = 0;
	if ((rc = cc_skills_list(sys, skills, 1, &n)) != 0)
		return fail("skills", rc, NULL);
	if (n)
		return 0;
	if ((rc = set_up(sys, queue_ids, agent_ids)) != 0 ||
	    (rc = set_overflow(sys, queue_ids)) != 0)
		return rc;
	if ((rc = history(db_get(), started_ms, queue_ids, agent_ids, calls)) != 0)
		return fail("call history", rc, NULL);
	return 0;
}
