/* serve.c - `guanxi serve`: migrate, then serve until SIGTERM. */
#include "cli/cli.h"
#include "http/server.h"
#include "jobs/scheduler.h"
#include "lib/log.h"
#include "store/db.h"

#include <stdio.h>

int cli_serve(struct cli_opts *o)
{
	struct http_config cfg = {
		.listen = o->listen,
		.web_dir = o->web,
		.threads = o->threads,
		.test_clock = o->test_clock,
	};
	int rc;

	db_checkpoint_in_background();
	if (cli_open_db(o, false) != 0)
		return 1;
	if (o->log_level && log_set_level_name(o->log_level) != 0) {
		fprintf(stderr, "guanxi serve: unknown --log-level %s\n", o->log_level);
		return 2;
	}
	db_release_thread();
	if (o->test_clock)
		log_warn("test_clock_enabled", "{s:s}", "note",
			 "POST /api/v1/test/clock moves time; never use in production");
	/* With --test-clock the jobs run only when a test asks
	 * (POST /api/v1/test/scheduler/run). */
	if (job_start(o->test_clock) != 0)
		return 1;
	rc = http_serve(&cfg);
	job_stop();
	db_release_thread();
	return rc == 0 ? 0 : 1;
}
