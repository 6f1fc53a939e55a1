/* workcal.h - working time on a calendar (SVC-3): the instant a given
 * amount of working time after a start ends, and the working time
 * between two instants, counting only the working hours of each day,
 * skipping weekends and public holidays and counting make-up working
 * days (调休). Pure arithmetic on a calendar the caller fills (the SLA
 * domain loads it from the database); nothing here reads a clock or a
 * database.
 *
 * Days are local calendar days at a fixed offset from UTC (Beijing, UTC+8,
 * has no daylight saving), numbered from 1970-01-01 = 0. Both functions
 * skip whole weeks between special days, so their cost grows with the
 * number of special days crossed, not with the span. */
#ifndef GX_WORKCAL_H
#define GX_WORKCAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WORKCAL_SPANS_MAX 4     /* working periods in one day */
#define WORKCAL_DAYS_MAX 1024   /* special days a calendar holds */
#define WORKCAL_DAY_MINUTES 1440
#define WORKCAL_BEIJING_OFFSET 480 /* minutes east of UTC */
#define WORKCAL_DATE_LEN 11     /* "2026-01-01" and its NUL */

/* A working period [start, end) in minutes after local midnight,
 * 0 <= start < end <= 1440. */
struct workcal_span {
	int start, end;
};

/* The working periods of one day, ascending and not overlapping. */
struct workcal_hours {
	int n;
	struct workcal_span span[WORKCAL_SPANS_MAX];
};

/* A date that departs from the weekly hours: a public holiday (no working
 * time) or a make-up working day (the calendar's makeup hours). */
struct workcal_special {
	int32_t day;
	bool working;
};

struct workcal {
	bool always;                  /* 24x7: every instant is working time */
	int utc_offset_min;           /* WORKCAL_BEIJING_OFFSET */
	struct workcal_hours week[7]; /* [0] Monday … [6] Sunday */
	struct workcal_hours makeup;  /* the hours of a make-up working day */
	int ndays;
	struct workcal_special days[WORKCAL_DAYS_MAX]; /* ascending, one per day */
};

/* The instant work_ms of working time after start_ms: where the last
 * working millisecond ends, so a span that ends exactly at 12:00 gives
 * 12:00, not the next working moment. work_ms <= 0 gives start_ms. -1 if
 * the calendar has no working time from start_ms on. */
int64_t workcal_add(const struct workcal *c, int64_t start_ms, int64_t work_ms);

/* Working time in [a_ms, b_ms), in ms; 0 when b_ms <= a_ms. */
int64_t workcal_between(const struct workcal *c, int64_t a_ms, int64_t b_ms);

/* The local day of an instant at offset_min east of UTC. */
int32_t workcal_day_of(int64_t ms, int offset_min);

/* 0 Monday … 6 Sunday. */
int workcal_weekday(int32_t day);

/* "YYYY-MM-DD" (a real date, years 1900–9999) to its day number: 0, or
 * -1 when s is not such a date. */
int workcal_parse_date(const char *s, int32_t *day);

/* The day as "YYYY-MM-DD" into buf (WORKCAL_DATE_LEN). */
void workcal_format_date(int32_t day, char *buf);

#endif
