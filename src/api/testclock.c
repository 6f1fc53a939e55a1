/* testclock.c - POST /api/v1/test/clock, only when the server was started
 * with --test-clock: lets tests reach expiry rules without waiting. */
#include "api/api.h"
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

const struct api_route api_testclock_routes[] = {
	{"POST", "/api/v1/test/clock", clock_post, ROUTE_PUBLIC | ROUTE_JSON | ROUTE_TEST},
	{0},
};
