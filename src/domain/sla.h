/* sla.h - time limits of work orders (SVC-3): calendars, SLA policies and
 * the deadlines they give.
 *
 * A policy gives the first-response and resolution limits, in minutes of
 * working time on its calendar, for one ticket type and priority and
 * either one customer tier or any tier; the tier's own policy wins over
 * the any-tier one. A calendar is round the clock (24x7) or business
 * hours: weekly working periods in Beijing time, plus special days edited
 * year by year, public holidays (no working time) and make-up working
 * days (调休, the hours of a Monday).
 *
 * Two kinds of callers:
 * - the ticket module (creation, pauses, the scheduler) calls sla_due,
 *   sla_extend, sla_mark and sla_left with its own connection, having
 *   checked its own permissions; they read and never write;
 * - the API calls the rest with a principal: sla.read to read and to
 *   preview, sla.manage to change. Every change is versioned and written
 *   with an audit row (sla.calendar.*, sla.days.replace, sla.policy.*). */
#ifndef GX_DOMAIN_SLA_H
#define GX_DOMAIN_SLA_H

#include <jansson.h>
#include <stdint.h>

#include "domain/perm.h"
#include "lib/err.h"
#include "store/sla.h"

#define SLA_MINUTES_MAX 525600 /* a limit of at most a year of working time */
#define CAL_YEAR_MIN 2000
#define CAL_YEAR_MAX 2099
#define CAL_YEAR_DAYS_MAX 100 /* special days in one year */

struct db;

/* Deadlines for a new order of this type, priority and customer tier
 * (NULL or "" for none) created at start_ms. Sets *due_response and
 * *due_resolve (ms since the epoch), both -1 when no policy applies. 0 or
 * GX_EDB. */
int sla_due(struct db *db, const char *type, const char *priority, const char *tier,
	    int64_t start_ms, int64_t *due_response, int64_t *due_resolve);

/* A deadline after a pause (waiting for the customer): due_ms moved on by
 * the working time, on the policy's calendar, between paused_from_ms and
 * paused_to_ms. That is the deadline the order would have had if it had
 * been created that much working time later. When no policy applies any
 * more (deleted since), the pause counts round the clock. */
int sla_extend(struct db *db, const char *type, const char *priority, const char *tier,
	       int64_t due_ms, int64_t paused_from_ms, int64_t paused_to_ms,
	       int64_t *new_due_ms);

/* The instant at permille (0–1000) of the working time from start_ms to
 * due_ms on the policy's calendar: 800 gives the moment of the 80%
 * warning. Round the clock when no policy applies. */
int sla_mark(struct db *db, const char *type, const char *priority, const char *tier,
	     int64_t start_ms, int64_t due_ms, int permille, int64_t *mark_ms);

/* Working time left at now_ms until due_ms on the policy's calendar, in
 * ms; negative (the working time since) once it has passed. Round the
 * clock when no policy applies. */
int sla_left(struct db *db, const char *type, const char *priority, const char *tier,
	     int64_t now_ms, int64_t due_ms, int64_t *left_ms);

/* Calendars. fields: a JSON object (docs/API.md) whose JSON types the API
 * has checked, borrowed: name, kind, hours. v may arrive holding the
 * caller's errors; nothing is written unless it ends empty. */
int cal_list(const struct principal *who, struct cal_rec *out, int max, int *n);
int cal_get(const struct principal *who, int64_t id, struct cal_rec *out);
int cal_create(const struct principal *who, json_t *fields, struct cal_rec *out,
	       struct verr *v);
int cal_update(const struct principal *who, int64_t id, int64_t version, json_t *fields,
	       struct cal_rec *out, struct verr *v);
/* GX_ECONFLICT while a policy uses the calendar. */
int cal_delete(const struct principal *who, int64_t id, int64_t version);

/* The special days of one year, by date; out holds CAL_YEAR_DAYS_MAX. */
int cal_days_get(const struct principal *who, int64_t id, int year, struct cal_day *out,
		 int *n, struct verr *v);
/* Replaces the special days of one year by days (a JSON array of
 * {"date","kind","name"}, borrowed) and bumps the calendar's version,
 * which must be version. out: the calendar after. A 24x7 calendar has
 * none. */
int cal_days_put(const struct principal *who, int64_t id, int64_t version, int year,
		 json_t *days, struct cal_rec *out, struct verr *v);

/* The instant minutes of working time after start_ms on calendar id
 * (sla.read); -1 when the calendar has no working time from then on. */
int cal_deadline(const struct principal *who, int64_t id, int64_t start_ms, int64_t minutes,
		 int64_t *due_ms, struct verr *v);

/* Policies. fields: type, priority, tier (null: any), calendar_id,
 * response_minutes, resolve_minutes. */
int sla_policy_list(const struct principal *who, struct sla_policy *out, int *n);
int sla_policy_get(const struct principal *who, int64_t id, struct sla_policy *out);
int sla_policy_create(const struct principal *who, json_t *fields, struct sla_policy *out,
		      struct verr *v);
int sla_policy_update(const struct principal *who, int64_t id, int64_t version,
		      json_t *fields, struct sla_policy *out, struct verr *v);
int sla_policy_delete(const struct principal *who, int64_t id, int64_t version);

/* What sla_due gives an order of this type, priority and tier (NULL: no
 * tier) created at start_ms, with the policy that applies (found false:
 * none). Checks the values (GX_EINVAL with v). sla.read. */
struct sla_preview {
	bool found;
	struct sla_policy policy;
	int64_t due_response, due_resolve;
};
int sla_preview(const struct principal *who, const char *type, const char *priority,
		const char *tier, int64_t start_ms, struct sla_preview *out, struct verr *v);

#endif
