/* settings.c - /api/v1/settings: system switches such as the review of
 * customer records. */
#include "api/api.h"
#include "domain/settings.h"

static int settings_get(struct api_req *r)
{
	json_t *all;
	int rc = settings_get_all(&r->who, &all);

	return rc ? api_fail(r, rc, NULL) : api_json(r, 200, all);
}

static int settings_patch(struct api_req *r)
{
	struct verr v = {0};
	int rc = settings_update(&r->who, r->json, &v);

	return rc ? api_fail(r, rc, &v) : settings_get(r);
}

const struct api_route api_settings_routes[] = {
	{"GET", "/api/v1/settings", settings_get, 0, 0},
	{"PATCH", "/api/v1/settings", settings_patch, ROUTE_JSON, 0},
	{0},
};
