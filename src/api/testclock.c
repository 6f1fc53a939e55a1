/* testclock.c - test hooks that exist only when the server was started
 * with --test-clock: POST /api/v1/test/clock lets tests reach expiry rules
 * without waiting, and POST /api/v1/test/scheduler/run runs the due
 * background jobs (jobs/scheduler.h) at once, so tests decide when. */
#include "api/api.h"
#include "jobs/scheduler.h"
#include "lib/clock.h"

static int clock_post(struct api_req *r)
{
	static const struct api_field spec[] = {
		{"advance_ms", FT_INT, true, 0, 366LL * 24 * 3600 * 1000},
		{0},
	};
	struct verr v = {0};

	if (api_check_body(r, spec, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	clock_advance(api_int(r, "advance_ms"));
	return api_json(r, 200, json_pack("{s:o}", "now", api_time(clock_now_ms())));
}

/* {"now": …, "ran": [{"name", "ok", "error", "ms"}]}: the jobs that were
 * due at the (test) clock's now, run before answering. */
static int scheduler_run_post(struct api_req *r)
{
	struct job_ran ran[JOB_MAX];
	int64_t now = clock_now_ms();
	json_t *items;
	int n, rc;

	if ((rc = job_run_due(now, ran, &n)) != 0)
		return api_fail(r, rc, NULL);
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:s,s:b,s:s?,s:I}", "name", ran[i].name,
			"ok", ran[i].rc == 0, "error", ran[i].rc ? gx_strerror(ran[i].rc) : NULL,
			"ms", (json_int_t)ran[i].ms));
	return api_json(r, 200, json_pack("{s:o,s:o}", "now", api_time(now), "ran", items));
}

const struct api_route api_testclock_routes[] = {
	{"POST", "/api/v1/test/clock", clock_post, ROUTE_PUBLIC | ROUTE_JSON | ROUTE_TEST, 0},
	{"POST", "/api/v1/test/scheduler/run", scheduler_run_post, ROUTE_PUBLIC | ROUTE_TEST, 0},
	{0},
};
