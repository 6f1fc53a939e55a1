/* serve.c - `guanxi serve`: migrate, then serve until SIGTERM. */
#include "cli/cli.h"
#include "http/server.h"
#include "lib/log.h"
#include "store/db.h"

int cli_serve(struct cli_opts *o)
{
	struct http_config cfg = {
		.listen = o->listen,
		.web_dir = o->web,
		.threads = o->threads,
		.test_clock = o->test_clock,
	};
	int rc;

	if (cli_open_db(o, false) != 0)
		return 1;
	db_release_thread();
	if (o->test_clock)
		log_warn("test_clock_enabled", "{s:s}", "note",
			 "POST /api/v1/test/clock moves time; never use in production");
	rc = http_serve(&cfg);
	db_release_thread();
	return rc == 0 ? 0 : 1;
}
