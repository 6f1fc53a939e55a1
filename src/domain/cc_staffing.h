/* cc_staffing.h - staffing the contact centre (CC-8): how many agents a
 * volume of calls needs (Erlang C, analytics/erlang.h), the staffing curve
 * of a day's forecast, and that forecast from the calls of the same
 * weekday in past weeks. Every function needs cc.supervise; the checks of
 * each input and their Chinese messages live here.
 *
 * Inputs and their ranges: calls per interval 0 .. 1,000,000 (decimals
 * allowed: a forecast is an average), interval 60 .. 86400 s, aht 1 ..
 * 86400 s, target_sl strictly between 0 and 1, target_time 1 .. 3600 s,
 * agents 1 .. 100,000, shrinkage 0 .. 0.9. Defaults: interval 1800,
 * target_sl 0.8, target_time 20, shrinkage 0. */
#ifndef GX_DOMAIN_CC_STAFFING_H
#define GX_DOMAIN_CC_STAFFING_H

#include <jansson.h>
#include <stdint.h>

#include "analytics/erlang.h"
#include "domain/perm.h"
#include "lib/err.h"

#define STAFFING_SLOTS_MAX 96       /* intervals in one day's curve */
#define STAFFING_WEEKS_MAX 52       /* weeks of history a forecast averages */
#define STAFFING_FORECAST_INTERVAL_MIN 900 /* so a day has at most 96 */

/* The query text of one calculation, each NULL when absent. */
struct staffing_query {
	const char *calls, *interval, *aht, *target_sl, *target_time, *agents;
};

/* Into *out: with agents, the figures for that many; without, those of the
 * smallest number meeting the target. 0, GX_EPERM, or GX_EINVAL with v
 * naming each bad field (also when the traffic needs more agents than
 * ERLANG_AGENTS_MAX). */
int staffing_erlang(const struct principal *who, const struct staffing_query *q,
		    struct erlang_figures *out, struct verr *v);

struct staffing_slot {
	int start_min;           /* minutes after midnight */
	double calls;
	struct erlang_figures f; /* the agents needed and their figures */
	int scheduled;           /* agents to roster: needed / (1 - shrinkage), up */
};

struct staffing_plan {
	int nslots;
	struct staffing_slot slot[STAFFING_SLOTS_MAX];
	int peak_agents, peak_scheduled;
	double agent_hours;      /* scheduled agents times the interval, summed */
};

/* The staffing curve of body {interval, aht, target_sl?, target_time?,
 * shrinkage?, calls: [1 .. 96 numbers]} (fields and types already checked
 * by the API's declaration) into *out, whose intervals start at midnight
 * and may not run past the end of the day. 0, GX_EPERM or GX_EINVAL with
 * v. */
int staffing_plan(const struct principal *who, json_t *body, struct staffing_plan *out,
		  struct verr *v);

struct staffing_forecast {
	char date[11];     /* the day forecast, "YYYY-MM-DD" in Beijing time */
	int interval, weeks, nslots;
	char from[STAFFING_WEEKS_MAX][11]; /* the past days averaged, newest first */
	double calls[STAFFING_SLOTS_MAX];  /* average inbound calls offered per interval */
};

/* The forecast for date (required, "YYYY-MM-DD"): per interval (text;
 * default 1800, 900 .. 86400 dividing the day) of that Beijing day, the
 * inbound calls offered in the same interval on the same weekday of each
 * of the weeks (text; default 4, 1 .. 52) before it, averaged over them.
 * Text NULL means absent. 0, GX_EPERM, GX_EINVAL with v, or GX_EDB. */
int staffing_forecast(const struct principal *who, const char *date, const char *interval,
		      const char *weeks, struct staffing_forecast *out, struct verr *v);

#endif
