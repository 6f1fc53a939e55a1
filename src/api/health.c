/* health.c - GET /api/v1/health for load balancers and monitoring. */
#include "api/api.h"
#include "lib/clock.h"
#include "store/db.h"

#define GUANXI_VERSION "0.1.0"

static int health_get(struct api_req *r)
{
	if (!db_ping(db_get()))
		return api_json(r, 503, json_pack("{s:s,s:s}", "status", "unavailable",
						  "version", GUANXI_VERSION));
	return api_json(r, 200, json_pack("{s:s,s:s,s:o}", "status", "ok", "version",
					  GUANXI_VERSION, "time",
					  api_time(clock_now_ms())));
}

const struct api_route api_health_routes[] = {
	{"GET", "/api/v1/health", health_get, ROUTE_PUBLIC, 0},
	{0},
};
