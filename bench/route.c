/* bench/route - times the ACD's routing decision in-process, without
 * HTTP: on a database that bench_cc_gen gave queues and ready agents,
 * N decisions (default 10,000) for random queues, each
 *   pick:  store_cc_pick_agent, the query that chooses the agent by the
 *          queue's strategy, and
 *   route: acd_route on a new call, the whole decision with its writes
 *          (the agent rings, the call's log), inside a write transaction
 *          that is rolled back, so the agents stay ready and the database
 *          unchanged.
 * Prints a summary on stderr and a JSON object on stdout.
 *
 *   bin/bench_route --db PATH [N] */
#include "client.h"
#include "common.h"
#include "domain/acd.h"
#include "lib/clock.h"
#include "lib/log.h"
#include "store/cc_calls.h"
#include "store/db.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *dist(const char *name, double *ms, size_t n)
{
	bench_sort(ms, n);
	fprintf(stderr, "%-24s %6zu decisions  p50 %7.3f ms  p99 %7.3f ms  max %7.3f ms\n", name, n,
		bench_pct(ms, n, 0.5), bench_pct(ms, n, 0.99), n ? ms[n - 1] : 0);
	return json_pack("{s:I,s:f,s:f,s:f}", "decisions", (json_int_t)n, "p50_ms",
			 bench_pct(ms, n, 0.5), "p99_ms", bench_pct(ms, n, 0.99), "max_ms",
			 n ? ms[n - 1] : 0);
}

/* One routing of a new call in queue q, rolled back; *ms its time,
 * *assigned whether an agent was found. */
static int route_once(struct db *db, const struct cc_queue *q, long i, double *ms,
		      bool *assigned)
{
	struct cc_call c = {0};
	int64_t now = clock_now_ms();
	double t0;
	int rc;

	snprintf(c.ext_id, sizeof c.ext_id, "bench-route-%ld", i);
	snprintf(c.direction, sizeof c.direction, "inbound");
	snprintf(c.caller, sizeof c.caller, "139%08ld", i);
	snprintf(c.state, sizeof c.state, "queued");
	c.queue_id = c.first_queue_id = q->id;
	c.offered_at = c.queued_at = now;
	if ((rc = db_begin(db, true)) != 0)
		return rc;
	if ((rc = store_cc_call_insert(db, &c)) == 0) {
		t0 = bench_now_ms();
		rc = acd_route(db, &c, now);
		*ms = bench_now_ms() - t0;
		*assigned = c.agent_id != 0;
	}
	db_rollback(db);
	return rc;
}

int main(int argc, char **argv)
{
	long n = argc > 3 ? strtol(argv[3], NULL, 10) : 10000;
	struct cc_queue *queues = calloc(CC_LIST_MAX, sizeof *queues);
	double *pick = calloc((size_t)(n > 0 ? n : 1), sizeof *pick);
	double *route = calloc((size_t)(n > 0 ? n : 1), sizeof *route);
	double *by[4] = {0};
	size_t nby[4] = {0};
	static const char *const strategies[4] = {"longest_idle", "fewest_calls", "round_robin",
						  "skill_level"};
	long found = 0, assigned = 0;
	struct principal sys;
	struct db *db;
	json_t *out, *per;
	int nq, rc;

	if (argc < 3 || argc > 4 || strcmp(argv[1], "--db") || n <= 0) {
		fprintf(stderr, "usage: bench_route --db PATH [N]\n");
		return 2;
	}
	for (int k = 0; k < 4; k++)
		by[k] = calloc((size_t)n, sizeof *by[k]);
	if (sodium_init() < 0 || !queues || !pick || !route || !by[0] || !by[1] || !by[2] || !by[3])
		return 1;
	log_set_level(LOG_WARN);
	bench_seed(0x5DEECE66DULL);
	if (bench_open(argv[2], false, &sys, NULL) != 0)
		return 1;
	db = db_get();
	if ((rc = store_cc_queues(db, queues, CC_LIST_MAX, &nq)) != 0 || !nq) {
		fprintf(stderr, "bench_route: no queues in %s (run bench_cc_gen first)\n", argv[2]);
		return 1;
	}
	for (long i = 0; i < n; i++) {
		const struct cc_queue *q = &queues[bench_next() % (uint64_t)nq];
		int64_t now = clock_now_ms(), agent;
		double t0 = bench_now_ms();
		bool got = false;

		rc = store_cc_pick_agent(db, q->skill_id, q->strategy, acd_day_start(now), now, &agent);
		pick[i] = bench_now_ms() - t0;
		if (rc && rc != GX_ENOTFOUND)
			goto fail;
		found += rc == 0;
		for (int k = 0; k < 4; k++)
			if (!strcmp(q->strategy, strategies[k]))
				by[k][nby[k]++] = pick[i];
		if ((rc = route_once(db, q, i, &route[i], &got)) != 0)
			goto fail;
		assigned += got;
	}
	per = json_object();
	for (int k = 0; k < 4; k++)
		if (nby[k])
			json_object_set_new(per, strategies[k], dist(strategies[k], by[k], nby[k]));
	out = json_pack("{s:o,s:o,s:o,s:I,s:I,s:i}", "pick", dist("pick (all strategies)", pick,
			(size_t)n), "pick_by_strategy", per, "route", dist("acd_route", route, (size_t)n),
			"agent_found", (json_int_t)found, "assigned", (json_int_t)assigned,
			"queues", nq);
	fprintf(stderr, "an agent was free for %ld of %ld picks and %ld routings\n", found, n,
		assigned);
	json_dumpf(out, stdout, JSON_COMPACT);
	putchar('\n');
	json_decref(out);
	return 0;
fail:
	fprintf(stderr, "bench_route: %s\n", gx_strerror(rc));
	return 1;
}
