/* bench/cc_gen - adds a contact centre to a database (typically one that
 * bench_gen filled with customers): Q skills and Q queues (default 50;
 * queue i asks for skill i, strategies in turn, no wrap-up, dialled
 * number 95500+i), and A agents (default 500): users ccagent001... with
 * password Bench@12345 in the three benchmark teams, each holding 1-3
 * skills at levels 1-5 (agent i always holds skill i mod Q, so that every
 * queue has agents), all ready. Through the same domain code as the API.
 * Deterministic for given A and Q; run it once per database.
 *
 *   bin/bench_cc_gen --db PATH [AGENTS [QUEUES]] */
#include "common.h"
#include "domain/acd.h"
#include "domain/cc_config.h"
#include "domain/users.h"
#include "lib/log.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const lines[] = {"宽带", "手机套餐", "信用卡", "理财", "电费",
				    "物业报修", "快递理赔", "汽车保养", "会员积分", "投诉建议"};
static const char *const strategies[] = {"longest_idle", "fewest_calls", "round_robin",
					 "skill_level"};

static int fail(const char *what, int rc, const struct verr *v)
{
	fprintf(stderr, "bench_cc_gen: %s: %s %s\n", what, v->n ? v->item[0].field : gx_strerror(rc),
		v->n ? v->item[0].message : "");
	return -1;
}

/* Skill and queue i, and the number that reaches the queue. */
static int queue(const struct principal *sys, int i, int64_t *skill_id)
{
	struct cc_skill s = {0};
	struct cc_queue q = {0};
	struct cc_number num = {0};
	struct verr v = {0};
	int rc;

	snprintf(s.name, sizeof s.name, "%s%02d", lines[i % 10], i / 10 + 1);
	if ((rc = cc_skill_save(sys, &s, &v)) != 0)
		return fail("skill", rc, &v);
	*skill_id = s.id;
	snprintf(q.name, sizeof q.name, "%s热线%02d", lines[i % 10], i / 10 + 1);
	q.skill_id = s.id;
	snprintf(q.strategy, sizeof q.strategy, "%s", strategies[i % 4]);
	snprintf(q.priority_tiers, sizeof q.priority_tiers, "vip");
	q.sl_seconds = 20;
	if ((rc = cc_queue_save(sys, &q, &v)) != 0)
		return fail("queue", rc, &v);
	snprintf(num.number, sizeof num.number, "%d", 95500 + i);
	num.queue_id = q.id;
	snprintf(num.label, sizeof num.label, "%s", q.name);
	if ((rc = cc_number_add(sys, &num, &v)) != 0)
		return fail("number", rc, &v);
	return 0;
}

static bool holds(const struct cc_agent *a, int64_t skill_id)
{
	for (int k = 0; k < a->nskills; k++)
		if (a->skills[k].skill_id == skill_id)
			return true;
	return false;
}

static int agent(const struct principal *sys, int i, const int64_t *skills, int nskills,
		 const int64_t teams[3])
{
	char name[32], display[32];
	struct user_input in = {.username = name, .display_name = display,
				.password = "Bench@12345", .has_display_name = true,
				.has_roles = true, .nroles = 1, .roles = {"agent"},
				.has_team = true, .team_id = teams[i % 3]};
	struct cc_agent a = {0};
	struct user_rec u;
	struct verr v = {0};
	int extra = (int)(bench_next() % 3), rc;

	snprintf(name, sizeof name, "ccagent%03d", i + 1);
	snprintf(display, sizeof display, "坐席%03d", i + 1);
	if ((rc = users_create(sys, &in, &u, &v)) != 0)
		return fail("user", rc, &v);
	a.user_id = u.id;
	snprintf(a.extension, sizeof a.extension, "%d", 6001 + i);
	a.skills[a.nskills++] = (struct cc_agent_skill){skills[i % nskills],
							1 + (int)(bench_next() % 5)};
	while (extra-- > 0) {
		int64_t s = skills[bench_next() % (uint64_t)nskills];
		if (!holds(&a, s))
			a.skills[a.nskills++] = (struct cc_agent_skill){s, 1 + (int)(bench_next() % 5)};
	}
	if ((rc = cc_agent_save(sys, &a, true, &v)) != 0)
		return fail("agent", rc, &v);
	if ((rc = acd_set_state(sys, a.user_id, "ready", "", &a, &v)) != 0)
		return fail("ready", rc, &v);
	return 0;
}

int main(int argc, char **argv)
{
	long agents = argc > 3 ? strtol(argv[3], NULL, 10) : 500;
	long queues = argc > 4 ? strtol(argv[4], NULL, 10) : 50;
	struct principal sys;
	int64_t teams[3], *skills;

	if (argc < 3 || argc > 5 || strcmp(argv[1], "--db") || agents < 1 || agents > 9000 ||
	    queues < 1 || queues > 500) {
		fprintf(stderr, "usage: bench_cc_gen --db PATH [AGENTS [QUEUES]]\n");
		return 2;
	}
	if (sodium_init() < 0 || !(skills = calloc((size_t)queues, sizeof *skills)))
		return 1;
	log_set_level(LOG_WARN);
	bench_seed(0x9E3779B97F4A7C15ULL);
	if (bench_open(argv[2], false, &sys, teams) != 0)
		return 1;
	bench_seconds();
	for (int i = 0; i < queues; i++)
		if (bench_batch(i, 100) != 0 || queue(&sys, i, &skills[i]) != 0)
			return 1;
	/* Each agent's password hash takes a good part of a second. */
	for (int i = 0; i < agents; i++) {
		if (bench_batch(i, 100) != 0 || agent(&sys, i, skills, (int)queues, teams) != 0)
			return 1;
		if ((i + 1) % 100 == 0)
			fprintf(stderr, "%d agents, %.0f s\n", i + 1, bench_seconds());
	}
	if (bench_done() != 0)
		return 1;
	fprintf(stderr, "%ld skills and queues, %ld agents ready in %.1f s\n", queues, agents,
		bench_seconds());
	free(skills);
	return 0;
}
