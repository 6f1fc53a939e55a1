/* cc_staffing.c - Erlang C staffing, the day's staffing curve and its
 * forecast from history (see cc_staffing.h). */
#include "domain/cc_staffing.h"
#include "lib/workcal.h"
#include "store/cc_forecast.h"
#include "store/db.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define CALLS_MAX 1000000
#define DAY_SECONDS 86400
#define DAY_MS (DAY_SECONDS * 1000LL)
#define BEIJING_OFFSET_MS (WORKCAL_BEIJING_OFFSET * 60 * 1000LL)
/* 14 / (1 - 0.3) is 20.000000000000004 in doubles: not 21 agents. */
#define ROUND_SLACK 1e-9

/* The figures a calculation starts from; 0 means "not given" for agents. */
struct staffing_in {
	double calls, interval, aht, target_sl, target_time, agents, shrinkage;
};

/* The allowed values of one input: [min, max], or (min, max) when open;
 * integer ones must be whole. */
struct rule {
	const char *field;
	size_t off; /* offsetof(struct staffing_in, ...) */
	double min, max;
	bool integer, open;
};

static const struct rule rules[] = {
	{"calls", offsetof(struct staffing_in, calls), 0, CALLS_MAX, false, false},
	{"interval", offsetof(struct staffing_in, interval), 60, DAY_SECONDS, true, false},
	{"aht", offsetof(struct staffing_in, aht), 1, DAY_SECONDS, true, false},
	{"target_sl", offsetof(struct staffing_in, target_sl), 0, 1, false, true},
	{"target_time", offsetof(struct staffing_in, target_time), 1, 3600, true, false},
	{"agents", offsetof(struct staffing_in, agents), 1, ERLANG_AGENTS_MAX, true, false},
	{"shrinkage", offsetof(struct staffing_in, shrinkage), 0, 0.9, false, false},
};

static const struct rule *rule_find(const char *field)
{
	for (size_t i = 0; i < sizeof rules / sizeof *rules; i++)
		if (!strcmp(rules[i].field, field))
			return &rules[i];
	return NULL;
}

static bool in_range(const struct rule *r, double x)
{
	if (!isfinite(x) || (r->integer && x != floor(x)))
		return false;
	if (r->open)
		return x > r->min && x < r->max;
	return x >= r->min && x <= r->max;
}

static void rule_error(const struct rule *r, struct verr *v)
{
	if (r->integer)
		verr_add(v, r->field, "应为 %.15g 到 %.15g 之间的整数", r->min, r->max);
	else if (r->open)
		verr_add(v, r->field, "应为大于 %.15g 且小于 %.15g 的数", r->min, r->max);
	else
		verr_add(v, r->field, "应为 %.15g 到 %.15g 之间的数", r->min, r->max);
}

/* Stores x as the rule's field of in when it is a number (is_number) in
 * range; names the field in v otherwise. */
static void take(const struct rule *r, bool is_number, double x, struct staffing_in *in,
		 struct verr *v)
{
	if (!is_number || !in_range(r, x)) {
		rule_error(r, v);
		return;
	}
	*(double *)((char *)in + r->off) = x;
}

/* A plain decimal number of the query string ("100", "0.8"): no sign,
 * spaces, exponent, hex or words that strtod would also take. */
static bool text_number(const char *s, double *out)
{
	char *end;

	if (!*s || *s == '.' || strspn(s, "0123456789.") != strlen(s))
		return false;
	*out = strtod(s, &end);
	return *end == '\0';
}

static void text_take(const char *field, const char *text, struct staffing_in *in,
		      struct verr *v)
{
	double x = 0;
	bool ok;

	if (!text)
		return;
	ok = text_number(text, &x);
	take(rule_find(field), ok, x, in, v);
}

static void defaults(struct staffing_in *in)
{
	memset(in, 0, sizeof *in);
	in->interval = 1800;
	in->target_sl = 0.8;
	in->target_time = 20;
}

/* The agents needed for calls in one interval of in, with their figures;
 * field names the input blamed when no staffing is enough. */
static int needed(const struct staffing_in *in, double calls, const char *field,
		  struct erlang_figures *out, struct verr *v)
{
	double a = erlang_traffic(calls, in->interval, in->aht);

	if (erlang_agents_for(a, in->aht, in->target_time, in->target_sl, out) == 0)
		return 0;
	return verr_add(v, field, "话务量 %.1f Erl，%d 名坐席也达不到目标", a,
			ERLANG_AGENTS_MAX);
}

int staffing_erlang(const struct principal *who, const struct staffing_query *q,
		    struct erlang_figures *out, struct verr *v)
{
	struct staffing_in in;

	if (!principal_can(who, PERM_CC_SUPERVISE))
		return GX_EPERM;
	defaults(&in);
	text_take("calls", q->calls, &in, v);
	text_take("interval", q->interval, &in, v);
	text_take("aht", q->aht, &in, v);
	text_take("target_sl", q->target_sl, &in, v);
	text_take("target_time", q->target_time, &in, v);
	text_take("agents", q->agents, &in, v);
	if (!q->calls)
		verr_add(v, "calls", "必填");
	if (!q->aht)
		verr_add(v, "aht", "必填");
	if (v->n)
		return GX_EINVAL;
	if (in.agents > 0) {
		erlang_figures((int)in.agents, erlang_traffic(in.calls, in.interval, in.aht), in.aht,
			       in.target_time, out);
		return 0;
	}
	return needed(&in, in.calls, "calls", out, v);
}

/* The calls of each interval of body's "calls" array into out. */
static void plan_calls(json_t *calls, const struct staffing_in *in, struct staffing_plan *out,
		       struct verr *v)
{
	const struct rule *r = rule_find("calls");
	size_t i;
	json_t *item;

	if (!json_is_array(calls))
		return; /* the API's declaration has named it */
	if (json_array_size(calls) == 0 || json_array_size(calls) > STAFFING_SLOTS_MAX) {
		verr_add(v, "calls", "应有 1 到 %d 个时段", STAFFING_SLOTS_MAX);
		return;
	}
	json_array_foreach(calls, i, item) {
		if (!json_is_number(item) || !in_range(r, json_number_value(item))) {
			verr_add(v, "calls", "第 %zu 个时段应为 0 到 %d 之间的数", i + 1, CALLS_MAX);
			return;
		}
		out->slot[i].start_min = (int)(i * in->interval / 60);
		out->slot[i].calls = json_number_value(item);
	}
	out->nslots = (int)i;
	if (in->interval * out->nslots > DAY_SECONDS)
		verr_add(v, "calls", "%d 个 %.0f 秒的时段超过了一天", out->nslots, in->interval);
}

int staffing_plan(const struct principal *who, json_t *body, struct staffing_plan *out,
		  struct verr *v)
{
	static const char *const scalars[] = {"interval", "aht", "target_sl", "target_time",
					      "shrinkage"};
	struct staffing_in in;

	if (!principal_can(who, PERM_CC_SUPERVISE))
		return GX_EPERM;
	defaults(&in);
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < sizeof scalars / sizeof *scalars; i++) {
		json_t *val = json_object_get(body, scalars[i]);

		if (val)
			take(rule_find(scalars[i]), json_is_number(val), json_number_value(val), &in,
			     v);
	}
	if (!v->n)
		plan_calls(json_object_get(body, "calls"), &in, out, v);
	if (v->n)
		return GX_EINVAL;
	for (int i = 0; i < out->nslots; i++) {
		struct staffing_slot *s = &out->slot[i];

		if (needed(&in, s->calls, "calls", &s->f, v) != 0)
			return GX_EINVAL;
		s->scheduled = (int)ceil(s->f.agents / (1 - in.shrinkage) - ROUND_SLACK);
		if (s->f.agents > out->peak_agents)
			out->peak_agents = s->f.agents;
		if (s->scheduled > out->peak_scheduled)
			out->peak_scheduled = s->scheduled;
		out->agent_hours += s->scheduled * in.interval / 3600;
	}
	return 0;
}

/* A whole number min .. max from query text into *out (left alone when
 * text is NULL); false when it is something else. */
static bool text_int(const char *text, int min, int max, int *out)
{
	double x;

	if (!text)
		return true;
	if (!text_number(text, &x) || x != floor(x) || x < min || x > max)
		return false;
	*out = (int)x;
	return true;
}

static int forecast_args(const char *date, const char *interval, const char *weeks,
			 struct staffing_forecast *out, int32_t *day, struct verr *v)
{
	out->interval = 1800;
	out->weeks = 4;
	if (!date)
		verr_add(v, "date", "必填");
	else if (workcal_parse_date(date, day) != 0)
		verr_add(v, "date", "应为日期，如 2026-11-23");
	if (!text_int(interval, STAFFING_FORECAST_INTERVAL_MIN, DAY_SECONDS, &out->interval) ||
	    DAY_SECONDS % out->interval)
		verr_add(v, "interval", "应为 %d 到 %d 之间、能整除一天（86400 秒）的秒数",
			 STAFFING_FORECAST_INTERVAL_MIN, DAY_SECONDS);
	if (!text_int(weeks, 1, STAFFING_WEEKS_MAX, &out->weeks))
		verr_add(v, "weeks", "应为 1 到 %d 之间的整数", STAFFING_WEEKS_MAX);
	return v->n ? GX_EINVAL : 0;
}

int staffing_forecast(const struct principal *who, const char *date, const char *interval,
		      const char *weeks, struct staffing_forecast *out, struct verr *v)
{
	int64_t counts[STAFFING_SLOTS_MAX] = {0};
	struct db *db;
	int32_t day = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (!(db = principal_db(who, PERM_CC_SUPERVISE, &rc)))
		return rc;
	if ((rc = forecast_args(date, interval, weeks, out, &day, v)) != 0)
		return rc;
	workcal_format_date(day, out->date);
	out->nslots = DAY_SECONDS / out->interval;
	/* One read transaction: every week is counted from the same snapshot. */
	if ((rc = db_begin(db, false)) != 0)
		return rc;
	for (int w = 1; w <= out->weeks && rc == 0; w++) {
		int64_t start = (int64_t)(day - 7 * w) * DAY_MS - BEIJING_OFFSET_MS;

		workcal_format_date(day - 7 * w, out->from[w - 1]);
		rc = store_cc_offered_by_slot(db, start, out->interval * 1000LL, out->nslots, counts);
	}
	if (rc != 0) {
		db_rollback(db);
		return rc;
	}
	if ((rc = db_commit(db)) != 0)
		return rc;
	for (int i = 0; i < out->nslots; i++)
		out->calls[i] = (double)counts[i] / out->weeks;
	return 0;
}
