/* cc_stats.h - the contact centre's reports (CC-5, CC-7): KPIs per period,
 * keypress-rating counts, the KPI workbook, and the wallboard's live
 * picture. Every function needs cc.supervise.
 *
 * Definitions (inbound calls, bucketed by offered_at in China time, UTC+8;
 * intervals are 30 minutes):
 *   offered       calls; answered: answered_at set; abandoned: disposition
 *                 'abandoned'
 *   abandon_rate  abandoned / offered
 *   asa           sum(answered_at - offered_at) / answered, seconds
 *   avg_queue_time sum(coalesce(answered_at, ended_at) - offered_at) /
 *                 ended calls, seconds
 *   aht           sum(talk + wrap-up) / answered calls that have ended, s
 *   service_level answered within the queue's sl_seconds / offered
 *   fcr           answered calls with a customer that were not followed by
 *                 another inbound call of that customer within 7 days /
 *                 answered calls with a customer
 * A rate or average with nothing to divide by is CCS_NONE. */
#ifndef GX_DOMAIN_CC_STATS_H
#define GX_DOMAIN_CC_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "domain/perm.h"
#include "lib/err.h"
#include "store/cc_stats.h"

#define CCS_NONE (-1.0)
#define CCS_PERIOD_LEN 20
#define CCS_INTERVAL_DAYS_MAX 31
#define CCS_DAY_DAYS_MAX 366
#define CCS_LONG_DAYS_MAX 1830 /* months and quarters: five years */
#define CCS_QUEUES_MAX 500
#define CCS_AGENTS_MAX 2000

enum ccs_by { CCS_BY_INTERVAL, CCS_BY_DAY, CCS_BY_MONTH, CCS_BY_QUARTER };

/* A report's request as the user gave it; the domain checks it. from and
 * to are Beijing dates "YYYY-MM-DD" (both included); by is "interval",
 * "day", "month" or "quarter" (NULL: day); queue_id / agent_id 0: all. */
struct ccs_query {
	const char *from, *to, *by;
	int64_t queue_id, agent_id;
};

/* One period's KPIs: "2026-11-22 08:30", "2026-11-22", "2026-11" or
 * "2026-Q4" (or "合计" for the total). */
struct ccs_kpi {
	char period[CCS_PERIOD_LEN];
	struct ccs_sums sums;
	double abandon_rate, asa, avg_queue_time, aht, service_level, fcr;
};

/* Every period of the range in order, with calls or not, and the total. */
struct ccs_kpis {
	struct ccs_kpi *items; /* owned: ccs_kpis_free */
	int n;
	struct ccs_kpi total;
};

/* Checks q (GX_EINVAL with v filled, also when v arrives holding the
 * caller's errors: dates, to before from, span over
 * 31 days by interval, 366 by day, 1830 by month or quarter, unknown by,
 * queue or agent) and fills out. 0, GX_EPERM, GX_EINVAL, GX_EDB,
 * GX_ENOMEM. */
int ccs_kpis(const struct principal *who, const struct ccs_query *q, struct ccs_kpis *out,
	     struct verr *v);
void ccs_kpis_free(struct ccs_kpis *k);

/* The report of ccs_kpis as an Excel workbook with Chinese headers and a
 * total row: *data (malloc'd, the caller frees) of *len bytes. Errors as
 * ccs_kpis. */
int ccs_kpis_xlsx(const struct principal *who, const struct ccs_query *q, char **data,
		  size_t *len, struct verr *v);

/* Rating counts of one agent or queue in one period. */
struct ccs_rating {
	char period[CCS_PERIOD_LEN];
	int64_t group_id; /* 0: calls with no agent (queue) */
	char name[CCS_NAME_LEN];
	int64_t counts[5], rated, score_sum, answered;
	double average, share; /* CCS_NONE without ratings / answered calls */
};

/* The (group, period) pairs that have calls, by group then period, and
 * the total over all of them (its period "合计", group_id 0). */
struct ccs_ratings {
	struct ccs_rating *items; /* owned: ccs_ratings_free */
	int n;
	struct ccs_rating total;
};

/* from, to as for ccs_kpis; by "day", "month" (NULL) or "quarter"; group
 * "agent" (NULL) or "queue". Errors as ccs_kpis. */
int ccs_ratings(const struct principal *who, const char *from, const char *to, const char *by,
		const char *group, struct ccs_ratings *out, struct verr *v);
void ccs_ratings_free(struct ccs_ratings *r);

/* Agent states in the order the wallboard counts them. */
#define CCS_STATES 6
extern const char *const ccs_state_names[CCS_STATES];

/* The wallboard now: queues, agents and their counts by state, today's
 * (Beijing) KPIs so far. */
struct ccs_wallboard {
	int64_t at; /* clock_now_ms() when read */
	struct ccs_queue_live *queues; /* owned */
	int nqueues;
	struct ccs_agent_live *agents; /* owned */
	int nagents;
	int64_t by_state[CCS_STATES];
	struct ccs_kpi today;
};

/* 0, GX_EPERM, GX_EDB or GX_ENOMEM; free with ccs_wallboard_free. */
int ccs_wallboard(const struct principal *who, struct ccs_wallboard *out);
void ccs_wallboard_free(struct ccs_wallboard *w);

/* Scheduler job (every second): wakes the wallboards' streams, so one
 * shows nothing older than about a second even when no call changes.
 * Always 0. */
struct db;
int ccs_wallboard_tick(struct db *db, int64_t now_ms);

#endif
