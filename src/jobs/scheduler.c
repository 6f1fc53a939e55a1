#include "jobs/scheduler.h"
#include "domain/acd.h"
#include "domain/auth.h"
#include "domain/notifications.h"
#include "domain/ticket_sla.h"
#include "lib/clock.h"
#include "lib/err.h"
#include "lib/log.h"
#include "store/db.h"

#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <time.h>

/* How often the thread looks for due jobs. */
#define JOB_TICK_MS 1000

static const struct job jobs[] = {
	{"sessions.purge", 10LL * 60 * 1000, auth_purge_sessions},
	{"notifications.purge", 60LL * 60 * 1000, ntf_purge},
	{"tickets.chase", 30LL * 1000, tsla_chase},
	/* Wrap-ups that end and calls that overflow (CC-3). */
	{"cc.acd", 1000, acd_tick},
	/* The server's requests never checkpoint (db_checkpoint_in_background). */
	{"db.checkpoint", 1000, db_checkpoint},
};
#define NJOBS (sizeof jobs / sizeof *jobs)
_Static_assert(NJOBS <= JOB_MAX, "JOB_MAX holds one pass's report");

static pthread_mutex_t pass_lock = PTHREAD_MUTEX_INITIALIZER; /* one pass at a time */
static int64_t next_due[NJOBS];                               /* 0: at once */

static pthread_mutex_t state_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake;
static pthread_t thread;
static bool running, stopping, manual_mode;

static int64_t mono_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

int job_run_due(int64_t now_ms, struct job_ran *out, int *n)
{
	struct db *db = db_get();
	int64_t started = mono_ms();

	*n = 0;
	if (!db)
		return GX_EDB;
	pthread_mutex_lock(&pass_lock);
	for (size_t i = 0; i < NJOBS; i++) {
		int64_t t0 = mono_ms();
		int rc;

		if (now_ms < next_due[i])
			continue;
		rc = jobs[i].run(db, now_ms);
		next_due[i] = now_ms + jobs[i].interval_ms;
		out[(*n)++] = (struct job_ran){jobs[i].name, rc, mono_ms() - t0};
		if (rc != 0)
			log_error("job_failed", "{s:s,s:s}", "job", jobs[i].name, "error",
				  gx_strerror(rc));
	}
	pthread_mutex_unlock(&pass_lock);
	/* A look that found nothing due is not a pass worth a line. */
	if (*n)
		log_at(LOG_DEBUG, "scheduler_pass", "{s:i,s:I}", "jobs", *n, "ms",
		       (json_int_t)(mono_ms() - started));
	return 0;
}

static void *loop(void *arg)
{
	struct job_ran ran[JOB_MAX];
	struct timespec until;
	int n;

	(void)arg;
	pthread_mutex_lock(&state_lock);
	while (!stopping) {
		pthread_mutex_unlock(&state_lock);
		if (!manual_mode)
			job_run_due(clock_now_ms(), ran, &n);
		pthread_mutex_lock(&state_lock);
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_nsec += JOB_TICK_MS % 1000 * 1000000L;
		until.tv_sec += JOB_TICK_MS / 1000 + until.tv_nsec / 1000000000L;
		until.tv_nsec %= 1000000000L;
		if (!stopping)
			pthread_cond_timedwait(&wake, &state_lock, &until);
	}
	pthread_mutex_unlock(&state_lock);
	db_release_thread();
	return NULL;
}

int job_start(bool manual)
{
	pthread_condattr_t attr;
	sigset_t all, old;
	int rc;

	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&wake, &attr);
	pthread_condattr_destroy(&attr);
	manual_mode = manual;
	stopping = false;
	/* The thread inherits a mask blocking every signal, so SIGTERM and
	 * SIGINT reach only the server's main thread (http/server.c). */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	rc = pthread_create(&thread, NULL, loop, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		log_error("scheduler_start_failed", "{s:i}", "error", rc);
		return GX_ENOMEM;
	}
	running = true;
	log_info("scheduler_started", "{s:i,s:b}", "jobs", (int)NJOBS, "manual", manual);
	return 0;
}

void job_stop(void)
{
	if (!running)
		return;
	pthread_mutex_lock(&state_lock);
	stopping = true;
	pthread_cond_signal(&wake);
	pthread_mutex_unlock(&state_lock);
	pthread_join(thread, NULL);
	running = false;
	pthread_cond_destroy(&wake);
	log_info("scheduler_stopped", NULL);
}
