/* sla.h - storage of calendars (weekly hours and special days) and SLA
 * policies (SVC-3). What is valid, who may change it and the deadline
 * arithmetic live in domain/sla.c and lib/workcal.c.
 *
 * Times of day are minutes after midnight, Beijing time; weekdays 1
 * Monday … 7 Sunday; dates "YYYY-MM-DD". */
#ifndef GX_STORE_SLA_H
#define GX_STORE_SLA_H

#include <stdbool.h>
#include <stdint.h>

struct db;

#define CAL_NAME_LEN 124     /* 40 characters of up to 3 bytes */
#define CAL_SPANS_MAX 28     /* 4 working periods on each of 7 weekdays */
#define CAL_YEARS_MAX 100    /* years 2000–2099 */
#define CAL_DAY_NAME_LEN 64  /* 20 characters */
#define CAL_LIST_MAX 100     /* calendars at most (cal_create refuses more) */
#define SLA_POLICIES_MAX 120 /* 6 types × 4 priorities × (4 tiers + any) */

struct cal_span {
	int weekday, start, end;
};

struct cal_rec {
	int64_t id;
	char name[CAL_NAME_LEN];
	char kind[12]; /* "24x7" or "business" */
	int nspans;
	struct cal_span spans[CAL_SPANS_MAX]; /* by weekday, then start */
	int nyears;
	int years[CAL_YEARS_MAX]; /* years that have special days, ascending */
	int64_t policies;         /* policies that use the calendar */
	int64_t created_at, updated_at, version;
};

struct cal_day {
	char date[11];
	char kind[8]; /* "holiday" or "workday" */
	char name[CAL_DAY_NAME_LEN];
};

struct sla_policy {
	int64_t id;
	char type[12], priority[8];
	char tier[8]; /* "" for any tier */
	int64_t calendar_id;
	char calendar_name[CAL_NAME_LEN];
	char calendar_kind[12];
	int64_t response_minutes, resolve_minutes;
	int64_t created_at, updated_at, version;
};

/* Calendars by id, each with its hours, years and use count. */
int store_cal_list(struct db *db, struct cal_rec *out, int max, int *n);
/* How many calendars there are. */
int store_cal_count(struct db *db, int64_t *n);
/* 0 or GX_ENOTFOUND. */
int store_cal_get(struct db *db, int64_t id, struct cal_rec *out);
/* What tells one state of calendar id from another: its version (bumped
 * by every change of its hours and days) and creation time (an id can be
 * used again after a deletion). 0 or GX_ENOTFOUND. */
int store_cal_stamp(struct db *db, int64_t id, int64_t *version, int64_t *created_at);
/* Inserts name and kind (with created_at as the time) and the hours;
 * sets c->id and c->version. GX_ECONFLICT if the name is taken. */
int store_cal_insert(struct db *db, struct cal_rec *c);
/* Writes name, kind and hours if the version is still c->version, then
 * bumps it. GX_EVERSION if stale, GX_ENOTFOUND if absent, GX_ECONFLICT if
 * the name is taken. */
int store_cal_update(struct db *db, struct cal_rec *c, int64_t now_ms);
/* Deletes the calendar with its hours and days if at version;
 * GX_EVERSION / GX_ENOTFOUND. */
int store_cal_delete(struct db *db, int64_t id, int64_t version);

/* Special days of a calendar with from <= date <= to, by date; out holds
 * max (more are left out). */
int store_cal_days(struct db *db, int64_t id, const char *from, const char *to,
		   struct cal_day *out, int max, int *n);
/* Replaces the special days with from <= date <= to by days[0..n). */
int store_cal_days_replace(struct db *db, int64_t id, const char *from, const char *to,
			   const struct cal_day *days, int n);

/* All policies: by type, priority, then any tier before the tiers. */
int store_sla_policy_list(struct db *db, struct sla_policy *out, int max, int *n);
int store_sla_policy_get(struct db *db, int64_t id, struct sla_policy *out);
/* Sets p->id and p->version. GX_ECONFLICT if type, priority and tier are
 * taken. */
int store_sla_policy_insert(struct db *db, struct sla_policy *p);
/* As store_cal_update. */
int store_sla_policy_update(struct db *db, struct sla_policy *p, int64_t now_ms);
int store_sla_policy_delete(struct db *db, int64_t id, int64_t version);
/* The policy for type and priority: the one for tier if there is one,
 * else the one for any tier. tier may be NULL or "" (any-tier policies
 * only). GX_ENOTFOUND if neither exists. */
int store_sla_match(struct db *db, const char *type, const char *priority, const char *tier,
		    struct sla_policy *out);

#endif
