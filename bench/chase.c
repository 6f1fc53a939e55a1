/* bench/chase - times passes of the scheduler's work-order chase (the
 * tickets.chase job) on a database made by bench/gen and
 * bench/tickets_gen, as the server runs it. First the backlog the
 * generator left is drained, pass after pass; then one pass at the same
 * moment (nothing is due), then passes as the clock moves on, each
 * chasing the orders that fell due in between. Prints a line per pass and
 * a JSON object with the open orders, and each pass's due orders and
 * milliseconds.
 *
 *   bin/bench_chase --db PATH */
#include "domain/ticket_sla.h"
#include "lib/err.h"
#include "lib/log.h"
#include "lib/secret.h"
#include "store/db.h"
#include "store/migrate.h"
#include "store/tickets.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MINUTE_MS (60LL * 1000)
#define COUNT_MAX 2000000

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* One pass at at_ms: the orders due then, and how long the pass took. */
static int pass(struct db *db, int64_t at_ms, int64_t *ids, int *due, double *ms)
{
	double t0;
	int rc;

	if ((rc = store_ticket_chase_due(db, at_ms, ids, COUNT_MAX, due)) != 0)
		return rc;
	t0 = now_s();
	rc = tsla_chase(db, at_ms);
	*ms = (now_s() - t0) * 1e3;
	return rc;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *label;
		int64_t after_ms; /* since the backlog was drained */
	} steps[] = {{"same moment", 0},      {"+1 min", MINUTE_MS},
		     {"+10 min", 10 * MINUTE_MS}, {"+1 h", 60 * MINUTE_MS},
		     {"+4 h", 240 * MINUTE_MS},   {"+1 day", 1440 * MINUTE_MS}};
	int64_t *ids = malloc(COUNT_MAX * sizeof *ids), start;
	char key[1024];
	int due, backlog = 0, passes = 0, rc;
	double ms, backlog_ms = 0, worst_ms = 0;
	struct db *db;

	if (argc != 3 || strcmp(argv[1], "--db")) {
		fprintf(stderr, "usage: bench_chase --db PATH\n");
		return 2;
	}
	snprintf(key, sizeof key, "%s.key", argv[2]);
	if (!ids || sodium_init() < 0 || secret_open(key, false) != 0)
		return 1;
	log_set_level(LOG_WARN);
	db_configure(argv[2], false);
	if (!(db = db_get()) || migrate_apply(db) < 0)
		return 1;
	start = (int64_t)time(NULL) * 1000;
	do {
		if ((rc = pass(db, start, ids, &due, &ms)) != 0)
			goto fail;
		fprintf(stderr, "backlog pass %d: %d due, %.1f ms\n", ++passes, due, ms);
		backlog = passes == 1 ? due : backlog;
		backlog_ms += ms;
		worst_ms = ms > worst_ms ? ms : worst_ms;
	} while (due > 0 && passes < 1000);
	printf("{\"bench\":\"chase\",\"backlog\":{\"orders\":%d,\"passes\":%d,\"ms\":%.1f,"
	       "\"slowest_pass_ms\":%.1f},\"passes\":[", backlog, passes, backlog_ms, worst_ms);
	for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
		if ((rc = pass(db, start + steps[i].after_ms, ids, &due, &ms)) != 0)
			goto fail;
		fprintf(stderr, "%-12s %6d due  %8.1f ms\n", steps[i].label, due, ms);
		printf("%s{\"at\":\"%s\",\"due\":%d,\"ms\":%.1f}", i ? "," : "", steps[i].label, due, ms);
	}
	printf("]}\n");
	db_release_thread();
	free(ids);
	return 0;
fail:
	fprintf(stderr, "bench_chase: %s\n", gx_strerror(rc));
	return 1;
}
