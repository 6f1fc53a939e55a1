/* sla.c - /api/v1/sla: calendars with their weekly hours and the special
 * days of each year, SLA policies, the deadline of a calendar and the
 * deadlines a policy gives (sla.read to read, sla.manage to change). */
#include "api/api.h"
#include "domain/sla.h"
#include "lib/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct api_field cal_fields[] = {
	{"version", FT_INT, false, 1, INT64_MAX},
	{"name", FT_STRING, false, 1, 40},
	{"kind", FT_STRING, false, 1, 20},
	{"hours", FT_ARRAY, false, 0, CAL_SPANS_MAX},
	{0},
};

static const struct api_field days_fields[] = {
	{"version", FT_INT, true, 1, INT64_MAX},
	{"days", FT_ARRAY, true, 0, CAL_YEAR_DAYS_MAX},
	{0},
};

static const struct api_field policy_fields[] = {
	{"version", FT_INT, false, 1, INT64_MAX},
	{"type", FT_STRING, false, 1, 20},
	{"priority", FT_STRING, false, 1, 20},
	{"tier", FT_STRING_OR_NULL, false, 1, 20},
	{"calendar_id", FT_INT, false, 1, INT64_MAX},
	{"response_minutes", FT_INT, false, 1, SLA_MINUTES_MAX},
	{"resolve_minutes", FT_INT, false, 1, SLA_MINUTES_MAX},
	{0},
};

/* A deadline, or null when there is none. */
static json_t *instant(int64_t ms)
{
	return ms < 0 ? json_null() : api_time(ms);
}

static json_t *hhmm(int minutes)
{
	char buf[8];

	snprintf(buf, sizeof buf, "%02u:%02u", (unsigned)minutes / 60 % 100,
		 (unsigned)minutes % 60);
	return json_string(buf);
}

static json_t *cal_json(const struct cal_rec *c)
{
	json_t *hours = json_array(), *years = json_array();

	for (int i = 0; i < c->nspans; i++)
		json_array_append_new(hours, json_pack("{s:i,s:o,s:o}",
			"weekday", c->spans[i].weekday, "start", hhmm(c->spans[i].start),
			"end", hhmm(c->spans[i].end)));
	for (int i = 0; i < c->nyears; i++)
		json_array_append_new(years, json_integer(c->years[i]));
	return json_pack("{s:I,s:s,s:s,s:o,s:o,s:I,s:o,s:o,s:I}", "id", (json_int_t)c->id,
			 "name", c->name, "kind", c->kind, "hours", hours, "years", years,
			 "policies", (json_int_t)c->policies, "created_at", api_time(c->created_at),
			 "updated_at", api_time(c->updated_at), "version", (json_int_t)c->version);
}

static json_t *policy_json(const struct sla_policy *p)
{
	return json_pack("{s:I,s:s,s:s,s:o,s:{s:I,s:s,s:s},s:I,s:I,s:o,s:o,s:I}",
			 "id", (json_int_t)p->id, "type", p->type, "priority", p->priority,
			 "tier", p->tier[0] ? json_string(p->tier) : json_null(),
			 "calendar", "id", (json_int_t)p->calendar_id, "name", p->calendar_name,
			 "kind", p->calendar_kind,
			 "response_minutes", (json_int_t)p->response_minutes,
			 "resolve_minutes", (json_int_t)p->resolve_minutes,
			 "created_at", api_time(p->created_at), "updated_at", api_time(p->updated_at),
			 "version", (json_int_t)p->version);
}

static int cal_answer(struct api_req *r, int status, int rc, struct cal_rec *c,
		      const struct verr *v)
{
	if (rc == 0)
		api_json(r, status, cal_json(c));
	else
		api_fail(r, rc, v);
	free(c);
	return 0;
}

static int calendars_get(struct api_req *r)
{
	struct cal_rec *rows = calloc(CAL_LIST_MAX, sizeof *rows);
	json_t *items;
	int n = 0, rc;

	if (!rows)
		return api_fail(r, GX_ENOMEM, NULL);
	if ((rc = cal_list(&r->who, rows, CAL_LIST_MAX, &n)) != 0) {
		free(rows);
		return api_fail(r, rc, NULL);
	}
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, cal_json(&rows[i]));
	free(rows);
	return api_page(r, items, false, 0);
}

static int calendar_get(struct api_req *r)
{
	struct cal_rec *c = calloc(1, sizeof *c);

	if (!c)
		return api_fail(r, GX_ENOMEM, NULL);
	return cal_answer(r, 200, cal_get(&r->who, r->id, c), c, NULL);
}

static int calendars_post(struct api_req *r)
{
	struct cal_rec *c = calloc(1, sizeof *c);
	struct verr v = {0};

	if (!c)
		return api_fail(r, GX_ENOMEM, NULL);
	api_check_create(r, cal_fields, &v);
	return cal_answer(r, 201, cal_create(&r->who, r->json, c, &v), c, &v);
}

static int calendar_patch(struct api_req *r)
{
	struct cal_rec *c = calloc(1, sizeof *c);
	struct verr v = {0};

	if (!c)
		return api_fail(r, GX_ENOMEM, NULL);
	api_check_update(r, cal_fields, &v);
	return cal_answer(r, 200, cal_update(&r->who, r->id, api_int(r, "version"), r->json, c,
					     &v), c, &v);
}

static int calendar_delete(struct api_req *r)
{
	struct verr v = {0};
	int64_t version = 0;
	int rc;

	if (api_query_version(r, &version, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	rc = cal_delete(&r->who, r->id, version);
	if (rc == GX_ECONFLICT)
		return api_error(r, 409, "calendar_in_use", "还有服务时限在使用这个日历，不能删除");
	return rc ? api_fail(r, rc, NULL) : api_empty(r, 204);
}

/* The {name} segment as a year; 0 when it is not four digits (the domain
 * then names the year as invalid). */
static int path_year(const struct api_req *r)
{
	if (strlen(r->name) != 4 || strspn(r->name, "0123456789") != 4)
		return 0;
	return (int)strtol(r->name, NULL, 10);
}

static int days_get(struct api_req *r)
{
	struct cal_day *days = calloc(CAL_YEAR_DAYS_MAX, sizeof *days);
	struct verr v = {0};
	json_t *items;
	int n = 0, rc, year = path_year(r);

	if (!days)
		return api_fail(r, GX_ENOMEM, NULL);
	if ((rc = cal_days_get(&r->who, r->id, year, days, &n, &v)) != 0) {
		free(days);
		return api_fail(r, rc, &v);
	}
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:s,s:s,s:s}", "date", days[i].date,
						       "kind", days[i].kind, "name", days[i].name));
	free(days);
	return api_json(r, 200, json_pack("{s:i,s:o}", "year", year, "items", items));
}

static int days_put(struct api_req *r)
{
	struct cal_rec *c = calloc(1, sizeof *c);
	struct verr v = {0};
	int rc;

	if (!c)
		return api_fail(r, GX_ENOMEM, NULL);
	if (api_check_body(r, days_fields, &v) != 0) {
		free(c);
		return api_fail(r, GX_EINVAL, &v);
	}
	rc = cal_days_put(&r->who, r->id, api_int(r, "version"), path_year(r),
			  json_object_get(r->json, "days"), c, &v);
	return cal_answer(r, 200, rc, c, &v);
}

/* ?start= (RFC 3339; default now) into *ms. */
static void query_start(const struct api_req *r, int64_t *ms, struct verr *v)
{
	const char *start = api_query(r, "start");

	*ms = clock_now_ms();
	if (start && clock_parse_rfc3339(start, ms) != 0)
		verr_add(v, "start", "应为带时区的日期时间，如 2026-03-06T17:00:00+08:00");
}

static int deadline_get(struct api_req *r)
{
	struct verr v = {0};
	int64_t start, minutes = -1, due;
	int rc;

	query_start(r, &start, &v);
	api_query_int(r, "minutes", 0, SLA_MINUTES_MAX, &minutes, &v);
	if (minutes < 0 && !v.n)
		verr_add(&v, "minutes", "必填");
	if (v.n)
		return api_fail(r, GX_EINVAL, &v);
	if ((rc = cal_deadline(&r->who, r->id, start, minutes, &due, &v)) != 0)
		return api_fail(r, rc, &v);
	return api_json(r, 200, json_pack("{s:o,s:I,s:o}", "start", api_time(start),
					  "minutes", (json_int_t)minutes, "due_at", instant(due)));
}

static int policies_get(struct api_req *r)
{
	struct sla_policy *rows = calloc(SLA_POLICIES_MAX, sizeof *rows);
	json_t *items;
	int n = 0, rc;

	if (!rows)
		return api_fail(r, GX_ENOMEM, NULL);
	if ((rc = sla_policy_list(&r->who, rows, &n)) != 0) {
		free(rows);
		return api_fail(r, rc, NULL);
	}
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, policy_json(&rows[i]));
	free(rows);
	return api_page(r, items, false, 0);
}

static int policy_answer(struct api_req *r, int status, int rc, const struct sla_policy *p,
			 const struct verr *v)
{
	return rc == 0 ? api_json(r, status, policy_json(p)) : api_fail(r, rc, v);
}

static int policy_get(struct api_req *r)
{
	struct sla_policy p;

	return policy_answer(r, 200, sla_policy_get(&r->who, r->id, &p), &p, NULL);
}

static int policies_post(struct api_req *r)
{
	struct sla_policy p;
	struct verr v = {0};

	api_check_create(r, policy_fields, &v);
	return policy_answer(r, 201, sla_policy_create(&r->who, r->json, &p, &v), &p, &v);
}

static int policy_patch(struct api_req *r)
{
	struct sla_policy p;
	struct verr v = {0};

	api_check_update(r, policy_fields, &v);
	return policy_answer(r, 200, sla_policy_update(&r->who, r->id, api_int(r, "version"),
						       r->json, &p, &v), &p, &v);
}

static int policy_delete(struct api_req *r)
{
	struct verr v = {0};
	int64_t version = 0;
	int rc;

	if (api_query_version(r, &version, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	rc = sla_policy_delete(&r->who, r->id, version);
	return rc ? api_fail(r, rc, NULL) : api_empty(r, 204);
}

static int preview_get(struct api_req *r)
{
	struct sla_preview pv;
	struct verr v = {0};
	int64_t start;
	int rc;

	query_start(r, &start, &v);
	rc = sla_preview(&r->who, api_query(r, "type"), api_query(r, "priority"),
			 api_query(r, "tier"), start, &pv, &v);
	if (rc != 0)
		return api_fail(r, rc, &v);
	return api_json(r, 200, json_pack("{s:o,s:o,s:o,s:o}", "start", api_time(start),
		"policy", pv.found ? policy_json(&pv.policy) : json_null(),
		"due_response_at", instant(pv.due_response),
		"due_resolve_at", instant(pv.due_resolve)));
}

const struct api_route api_sla_routes[] = {
	{"GET", "/api/v1/sla/calendars", calendars_get, 0, 0},
	{"POST", "/api/v1/sla/calendars", calendars_post, ROUTE_JSON, 0},
	{"GET", "/api/v1/sla/calendars/{id}", calendar_get, 0, 0},
	{"PATCH", "/api/v1/sla/calendars/{id}", calendar_patch, ROUTE_JSON, 0},
	{"DELETE", "/api/v1/sla/calendars/{id}", calendar_delete, 0, 0},
	{"GET", "/api/v1/sla/calendars/{id}/days/{name}", days_get, 0, 0},
	{"PUT", "/api/v1/sla/calendars/{id}/days/{name}", days_put, ROUTE_JSON, 0},
	{"GET", "/api/v1/sla/calendars/{id}/deadline", deadline_get, 0, 0},
	{"GET", "/api/v1/sla/policies", policies_get, 0, 0},
	{"POST", "/api/v1/sla/policies", policies_post, ROUTE_JSON, 0},
	{"GET", "/api/v1/sla/policies/{id}", policy_get, 0, 0},
	{"PATCH", "/api/v1/sla/policies/{id}", policy_patch, ROUTE_JSON, 0},
	{"DELETE", "/api/v1/sla/policies/{id}", policy_delete, 0, 0},
	{"GET", "/api/v1/sla/preview", preview_get, 0, 0},
	{0},
};
