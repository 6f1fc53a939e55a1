/* cc_staffing.c - /api/v1/cc/erlang-c, /cc/staffing and /cc/forecast:
 * the agents a volume of calls needs, a day's staffing curve and the
 * forecast of a day from past weeks (cc.supervise; see
 * domain/cc_staffing.h). Figures that do not exist (the answer time of an
 * unstable queue) are null. */
#include "api/api.h"
#include "domain/cc_staffing.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static const struct api_field plan_fields[] = {
	{"interval", FT_INT, true, 60, 86400},
	{"aht", FT_INT, true, 1, 86400},
	{"target_sl", FT_NUMBER, false, 0, 1},
	{"target_time", FT_INT, false, 1, 3600},
	{"shrinkage", FT_NUMBER, false, 0, 1},
	{"calls", FT_ARRAY, true, 1, STAFFING_SLOTS_MAX},
	{0},
};

/* A real number, or null when it is not finite (an unstable queue). */
static json_t *number(double x)
{
	return isfinite(x) ? json_real(x) : json_null();
}

static json_t *hhmm(int minutes)
{
	char buf[8];

	snprintf(buf, sizeof buf, "%02u:%02u", (unsigned)minutes / 60 % 100,
		 (unsigned)minutes % 60);
	return json_string(buf);
}

static json_t *figures_json(const struct erlang_figures *f)
{
	return json_pack("{s:i,s:o,s:o,s:o,s:o,s:o,s:b}", "agents", f->agents,
			 "service_level", number(f->service_level),
			 "asa", f->stable ? number(f->asa) : json_null(),
			 "occupancy", number(f->occupancy), "traffic", number(f->traffic),
			 "wait_probability", number(f->wait_probability), "stable", f->stable);
}

static int erlang_get(struct api_req *r)
{
	struct staffing_query q = {
		.calls = api_query(r, "calls"),
		.interval = api_query(r, "interval"),
		.aht = api_query(r, "aht"),
		.target_sl = api_query(r, "target_sl"),
		.target_time = api_query(r, "target_time"),
		.agents = api_query(r, "agents"),
	};
	struct erlang_figures f;
	struct verr v = {0};
	int rc = staffing_erlang(&r->who, &q, &f, &v);

	return rc ? api_fail(r, rc, &v) : api_json(r, 200, figures_json(&f));
}

static json_t *plan_json(const struct staffing_plan *p)
{
	json_t *items = json_array();

	for (int i = 0; i < p->nslots; i++) {
		const struct staffing_slot *s = &p->slot[i];

		json_array_append_new(items, json_pack("{s:o,s:o,s:i,s:i,s:o,s:o,s:o}",
			"start", hhmm(s->start_min), "calls", number(s->calls),
			"agents", s->f.agents, "scheduled", s->scheduled,
			"service_level", number(s->f.service_level), "asa", number(s->f.asa),
			"occupancy", number(s->f.occupancy)));
	}
	return json_pack("{s:o,s:i,s:i,s:o}", "items", items, "peak_agents", p->peak_agents,
			 "peak_scheduled", p->peak_scheduled, "agent_hours", number(p->agent_hours));
}

static int staffing_post(struct api_req *r)
{
	struct staffing_plan *p = calloc(1, sizeof *p);
	struct verr v = {0};
	int rc;

	if (!p)
		return api_fail(r, GX_ENOMEM, NULL);
	api_check_body(r, plan_fields, &v);
	rc = staffing_plan(&r->who, r->json, p, &v);
	if (rc == 0)
		api_json(r, 200, plan_json(p));
	else
		api_fail(r, rc, &v);
	free(p);
	return 0;
}

static json_t *forecast_json(const struct staffing_forecast *f)
{
	json_t *items = json_array(), *from = json_array();

	for (int i = 0; i < f->nslots; i++)
		json_array_append_new(items, json_pack("{s:o,s:o}", "start",
						       hhmm(i * f->interval / 60), "calls",
						       number(f->calls[i])));
	for (int w = 0; w < f->weeks; w++)
		json_array_append_new(from, json_string(f->from[w]));
	return json_pack("{s:s,s:i,s:i,s:o,s:o}", "date", f->date, "interval", f->interval,
			 "weeks", f->weeks, "from", from, "items", items);
}

static int forecast_get(struct api_req *r)
{
	struct staffing_forecast *f = calloc(1, sizeof *f);
	struct verr v = {0};
	int rc;

	if (!f)
		return api_fail(r, GX_ENOMEM, NULL);
	rc = staffing_forecast(&r->who, api_query(r, "date"), api_query(r, "interval"),
			       api_query(r, "weeks"), f, &v);
	if (rc == 0)
		api_json(r, 200, forecast_json(f));
	else
		api_fail(r, rc, &v);
	free(f);
	return 0;
}

const struct api_route api_cc_staffing_routes[] = {
	{"GET", "/api/v1/cc/erlang-c", erlang_get, 0, 0},
	{"POST", "/api/v1/cc/staffing", staffing_post, ROUTE_JSON, 0},
	{"GET", "/api/v1/cc/forecast", forecast_get, 0, 0},
	{0},
};
