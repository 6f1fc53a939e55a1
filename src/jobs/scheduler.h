/* scheduler.h - background jobs of `guanxi serve`: one thread with its own
 * database connection runs a table of jobs, each every interval_ms by
 * clock_now_ms() (lib/clock.h, so the test clock moves it too).
 *
 * A job is a row of the table in scheduler.c: a name, an interval and a
 * run function, which does the work due at now_ms on the connection it is
 * given (no transaction open; it opens and commits its own, in short
 * batches, because requests are served beside it) and returns 0 or a
 * negative GX_E* code (logged; the job runs again at its next interval).
 * Jobs notify people through domain/notifications.h (ntf_send and
 * ntf_send_perm_* inside their transaction); the dedupe key of a
 * notification makes a job safe to run again over the same records.
 *
 * Every pass that ran a job is logged at debug level with its duration. Passes never
 * overlap: the thread and job_run_due() take the same lock. */
#ifndef GX_JOBS_SCHEDULER_H
#define GX_JOBS_SCHEDULER_H

#include <stdbool.h>
#include <stdint.h>

struct db;

struct job {
	const char *name;     /* "notifications.purge": for logs and the test route */
	int64_t interval_ms;  /* from the end of one run to the next */
	int (*run)(struct db *db, int64_t now_ms);
};

/* What one pass ran. */
struct job_ran {
	const char *name; /* static: the table's */
	int rc;           /* the job's result */
	int64_t ms;       /* how long it took (wall time) */
};

#define JOB_MAX 32 /* at least the table's length: room for one pass's report */

/* Starts the scheduler thread; every job is due at once. manual (servers
 * with --test-clock): the thread runs nothing by itself and only
 * job_run_due() (POST /api/v1/test/scheduler/run) runs jobs, so tests
 * decide when. 0, or GX_ENOMEM if the thread cannot start. */
int job_start(bool manual);

/* Asks the thread to stop, waits for a job under way to finish, joins it.
 * No-op if it was not started. */
void job_stop(void);

/* Runs, on the calling thread's connection, every job due at now_ms and
 * records each into out (room for JOB_MAX); *n counts them. 0 or GX_EDB
 * when there is no connection. */
int job_run_due(int64_t now_ms, struct job_ran *out, int *n);

#endif
