/* Unit tests of lib/workcal: deadlines in working time on the 2026
 * mainland China calendar (Mon–Fri 09:00–12:00 and 13:30–18:00 Beijing
 * time, the State Council's holidays and make-up working days) across a
 * weekend, a holiday and a make-up day, from outside working hours and
 * from the lunch break; 24×7; spans of many weeks; the working time
 * between two instants; and both functions against a minute-by-minute
 * reference on random starts and lengths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/workcal.h"

#define MIN (60LL * 1000)
#define HOUR (60 * MIN)
#define DAY (24 * HOUR)

static const char *const holidays_2026[] = {
	"2026-01-01", "2026-01-02", "2026-01-03",
	"2026-02-15", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19",
	"2026-02-20", "2026-02-21", "2026-02-22", "2026-02-23",
	"2026-04-04", "2026-04-05", "2026-04-06",
	"2026-05-01", "2026-05-02", "2026-05-03", "2026-05-04", "2026-05-05",
	"2026-06-19", "2026-06-20", "2026-06-21",
	"2026-09-25", "2026-09-26", "2026-09-27",
	"2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05",
	"2026-10-06", "2026-10-07", NULL,
};
static const char *const workdays_2026[] = {
	"2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10", NULL,
};

static int32_t day(const char *date)
{
	int32_t d = 0;

	assert_int_equal(workcal_parse_date(date, &d), 0);
	return d;
}

/* Beijing wall time "2026-03-06 17:00" as ms since the epoch. */
static int64_t bj(const char *date, int hh, int mm)
{
	return day(date) * DAY + hh * HOUR + mm * MIN - 8 * HOUR;
}

static int cmp_special(const void *a, const void *b)
{
	const struct workcal_special *x = a, *y = b;

	return (x->day > y->day) - (x->day < y->day);
}

static void office_hours(struct workcal_hours *h)
{
	h->n = 2;
	h->span[0] = (struct workcal_span){9 * 60, 12 * 60};
	h->span[1] = (struct workcal_span){13 * 60 + 30, 18 * 60};
}

/* Mon–Fri 09:00–12:00, 13:30–18:00; with_2026: the 2026 special days. */
static struct workcal *china(bool with_2026)
{
	struct workcal *c = calloc(1, sizeof *c);

	assert_non_null(c);
	c->utc_offset_min = WORKCAL_BEIJING_OFFSET;
	for (int i = 0; i < 5; i++)
		office_hours(&c->week[i]);
	office_hours(&c->makeup);
	for (int i = 0; with_2026 && holidays_2026[i]; i++)
		c->days[c->ndays++] = (struct workcal_special){day(holidays_2026[i]), false};
	for (int i = 0; with_2026 && workdays_2026[i]; i++)
		c->days[c->ndays++] = (struct workcal_special){day(workdays_2026[i]), true};
	qsort(c->days, (size_t)c->ndays, sizeof c->days[0], cmp_special);
	return c;
}

/* Fails with both instants as Beijing wall times. */
static void expect_at(int64_t got, int64_t want)
{
	char g[WORKCAL_DATE_LEN], w[WORKCAL_DATE_LEN];
	int64_t gl = got + 8 * HOUR, wl = want + 8 * HOUR;

	if (got == want)
		return;
	workcal_format_date((int32_t)(gl / DAY), g);
	workcal_format_date((int32_t)(wl / DAY), w);
	fail_msg("got %s %02lld:%02lld, want %s %02lld:%02lld", g, (long long)(gl % DAY / HOUR),
		 (long long)(gl % HOUR / MIN), w, (long long)(wl % DAY / HOUR),
		 (long long)(wl % HOUR / MIN));
}

static void dates_round_trip_and_weekdays(void **state)
{
	char buf[WORKCAL_DATE_LEN];
	int32_t d;

	(void)state;
	assert_int_equal(day("1970-01-01"), 0);
	assert_int_equal(workcal_weekday(day("1970-01-01")), 3);
	assert_int_equal(workcal_weekday(day("2026-03-06")), 4); /* Friday */
	assert_int_equal(workcal_weekday(day("2026-01-04")), 6); /* Sunday */
	workcal_format_date(day("2028-02-29"), buf);
	assert_string_equal(buf, "2028-02-29");
	workcal_format_date(day("1969-12-31"), buf);
	assert_string_equal(buf, "1969-12-31");
	assert_int_equal(workcal_parse_date("2026-02-29", &d), -1);
	assert_int_equal(workcal_parse_date("2026-2-28", &d), -1);
	assert_int_equal(workcal_parse_date("2026-02-28x", &d), -1);
	assert_int_equal(workcal_parse_date("2026-13-01", &d), -1);
	assert_int_equal(workcal_day_of(bj("2026-03-06", 0, 0), WORKCAL_BEIJING_OFFSET),
			 day("2026-03-06"));
	assert_int_equal(workcal_day_of(bj("2026-03-06", 0, 0) - 1, WORKCAL_BEIJING_OFFSET),
			 day("2026-03-05"));
}

static void deadline_crosses_a_weekend(void **state)
{
	struct workcal *c = china(true);

	(void)state;
	/* Friday 17:00 + 2 h: one hour on Friday, one on Monday. */
	expect_at(workcal_add(c, bj("2026-03-06", 17, 0), 2 * HOUR), bj("2026-03-09", 10, 0));
	/* Three working days (22.5 h) from Friday 10:00 end on Wednesday 10:00. */
	expect_at(workcal_add(c, bj("2026-03-06", 10, 0), 3 * 450 * MIN), bj("2026-03-11", 10, 0));
	free(c);
}

static void deadline_crosses_a_public_holiday(void **state)
{
	struct workcal *c = china(true);

	(void)state;
	/* 清明 Sat 4 – Mon 6 April: Friday 17:00 + 2 h lands on Tuesday. */
	expect_at(workcal_add(c, bj("2026-04-03", 17, 0), 2 * HOUR), bj("2026-04-07", 10, 0));
	/* 国庆 1–7 October, Thursday to Wednesday: from Wednesday 30
	 * September 17:00 the next working morning is Thursday 8 October. */
	expect_at(workcal_add(c, bj("2026-09-30", 17, 0), 2 * HOUR), bj("2026-10-08", 10, 0));
	/* Without the holidays the same deadline is Monday 6 April. */
	free(c);
	c = china(false);
	expect_at(workcal_add(c, bj("2026-04-03", 17, 0), 2 * HOUR), bj("2026-04-06", 10, 0));
	free(c);
}

static void deadline_falls_on_a_make_up_working_day(void **state)
{
	struct workcal *c = china(true);

	(void)state;
	/* Saturday 9 May is worked (劳动节 调休). */
	expect_at(workcal_add(c, bj("2026-05-08", 17, 0), 2 * HOUR), bj("2026-05-09", 10, 0));
	/* 春节: Friday 13 February 17:00, Saturday 14 worked, 15–23 off. */
	expect_at(workcal_add(c, bj("2026-02-13", 17, 0), 2 * HOUR), bj("2026-02-14", 10, 0));
	expect_at(workcal_add(c, bj("2026-02-13", 17, 0), 8 * HOUR + 30 * MIN),
		  bj("2026-02-14", 18, 0));
	expect_at(workcal_add(c, bj("2026-02-13", 17, 0), 9 * HOUR), bj("2026-02-24", 9, 30));
	/* 元旦: Thursday 1 to Saturday 3 January off, Sunday 4 worked. */
	expect_at(workcal_add(c, bj("2025-12-31", 17, 30), HOUR), bj("2026-01-04", 9, 30));
	free(c);
}

static void start_outside_working_hours(void **state)
{
	struct workcal *c = china(true);

	(void)state;
	expect_at(workcal_add(c, bj("2026-03-09", 7, 0), 30 * MIN), bj("2026-03-09", 9, 30));
	expect_at(workcal_add(c, bj("2026-03-09", 20, 0), 30 * MIN), bj("2026-03-10", 9, 30));
	/* Saturday night to Monday morning. */
	expect_at(workcal_add(c, bj("2026-03-07", 23, 59), 45 * MIN), bj("2026-03-09", 9, 45));
	/* No time at all: the start itself. */
	expect_at(workcal_add(c, bj("2026-03-07", 23, 59), 0), bj("2026-03-07", 23, 59));
	free(c);
}

static void start_inside_the_lunch_break(void **state)
{
	struct workcal *c = china(true);

	(void)state;
	expect_at(workcal_add(c, bj("2026-03-09", 12, 30), HOUR), bj("2026-03-09", 14, 30));
	/* A deadline that uses the morning up exactly ends at 12:00, not 13:30. */
	expect_at(workcal_add(c, bj("2026-03-09", 11, 0), HOUR), bj("2026-03-09", 12, 0));
	expect_at(workcal_add(c, bj("2026-03-09", 11, 0), HOUR + 1), bj("2026-03-09", 13, 30) + 1);
	free(c);
}

static void round_the_clock_counts_every_minute(void **state)
{
	struct workcal c = {.always = true, .utc_offset_min = WORKCAL_BEIJING_OFFSET};

	(void)state;
	expect_at(workcal_add(&c, bj("2026-10-01", 23, 50), 30 * MIN), bj("2026-10-02", 0, 20));
	assert_int_equal(workcal_between(&c, bj("2026-10-01", 0, 0), bj("2026-10-08", 0, 0)),
			 7 * DAY);
}

static void spans_of_many_weeks(void **state)
{
	struct workcal *c = china(false);

	(void)state;
	/* 100 weeks of 37.5 h from Monday 09:00 end on Friday 18:00 of the
	 * hundredth week; one minute more is the Monday after, 09:01. */
	expect_at(workcal_add(c, bj("2026-03-09", 9, 0), 100 * 5 * 450 * MIN),
		  bj("2026-03-09", 18, 0) + (100 * 7 - 3) * DAY);
	expect_at(workcal_add(c, bj("2026-03-09", 9, 0), 100 * 5 * 450 * MIN + MIN),
		  bj("2026-03-09", 9, 1) + 100 * 7 * DAY);
	assert_int_equal(workcal_between(c, bj("2026-03-09", 0, 0),
					 bj("2026-03-09", 0, 0) + 100 * 7 * DAY),
			 100 * 5 * 450 * MIN);
	free(c);
	/* With the 2026 holidays, the working days of the whole year:
	 * 261 weekdays - 19 holidays on weekdays + 6 make-up days = 248. */
	c = china(true);
	assert_int_equal(workcal_between(c, bj("2026-01-01", 0, 0), bj("2027-01-01", 0, 0)),
			 248 * 450 * MIN);
	free(c);
}

static void between_counts_only_working_time(void **state)
{
	struct workcal *c = china(true);

	(void)state;
	assert_int_equal(workcal_between(c, bj("2026-03-06", 17, 0), bj("2026-03-09", 10, 0)),
			 2 * HOUR);
	assert_int_equal(workcal_between(c, bj("2026-03-09", 11, 0), bj("2026-03-09", 14, 0)),
			 HOUR + 30 * MIN);
	assert_int_equal(workcal_between(c, bj("2026-04-03", 17, 0), bj("2026-04-07", 10, 0)),
			 2 * HOUR);
	assert_int_equal(workcal_between(c, bj("2026-05-09", 9, 0), bj("2026-05-10", 9, 0)),
			 450 * MIN);
	assert_int_equal(workcal_between(c, bj("2026-03-09", 14, 0), bj("2026-03-09", 11, 0)), 0);
	free(c);
}

static void a_calendar_without_hours_never_ends(void **state)
{
	struct workcal *c = calloc(1, sizeof *c);

	(void)state;
	assert_non_null(c);
	c->utc_offset_min = WORKCAL_BEIJING_OFFSET;
	assert_int_equal(workcal_add(c, bj("2026-03-09", 9, 0), MIN), -1);
	/* Only a make-up day: work there, then nothing. */
	office_hours(&c->makeup);
	c->days[c->ndays++] = (struct workcal_special){day("2026-05-09"), true};
	expect_at(workcal_add(c, bj("2026-03-09", 9, 0), MIN), bj("2026-05-09", 9, 1));
	assert_int_equal(workcal_add(c, bj("2026-03-09", 9, 0), 451 * MIN), -1);
	free(c);
}

/* The reference: is this minute working time, by the rules spelled out. */
static bool minute_works(const struct workcal *c, int64_t ms)
{
	int32_t d = workcal_day_of(ms, c->utc_offset_min);
	int64_t t = (ms + c->utc_offset_min * MIN - (int64_t)d * DAY) / MIN;
	const struct workcal_hours *h = &c->week[workcal_weekday(d)];

	for (int i = 0; i < c->ndays; i++)
		if (c->days[i].day == d)
			h = c->days[i].working ? &c->makeup : NULL;
	for (int i = 0; h && i < h->n; i++)
		if (t >= h->span[i].start && t < h->span[i].end)
			return true;
	return false;
}

static void agrees_with_a_minute_by_minute_count(void **state)
{
	struct workcal *c = china(true);
	unsigned seed = 20260101;

	(void)state;
	for (int i = 0; i < 300; i++) {
		int64_t start = bj("2025-12-20", 0, 0) + (int64_t)(rand_r(&seed) % (380 * 1440)) * MIN;
		int64_t work = (int64_t)(rand_r(&seed) % 4000 + 1), t = start, left = work;

		while (left > 0) {
			left -= minute_works(c, t);
			t += MIN;
		}
		/* The deadline ends the last working minute counted. */
		expect_at(workcal_add(c, start, work * MIN), t);
		assert_int_equal(workcal_between(c, start, t), work * MIN);
	}
	free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dates_round_trip_and_weekdays),
		cmocka_unit_test(deadline_crosses_a_weekend),
		cmocka_unit_test(deadline_crosses_a_public_holiday),
		cmocka_unit_test(deadline_falls_on_a_make_up_working_day),
		cmocka_unit_test(start_outside_working_hours),
		cmocka_unit_test(start_inside_the_lunch_break),
		cmocka_unit_test(round_the_clock_counts_every_minute),
		cmocka_unit_test(spans_of_many_weeks),
		cmocka_unit_test(between_counts_only_working_time),
		cmocka_unit_test(a_calendar_without_hours_never_ends),
		cmocka_unit_test(agrees_with_a_minute_by_minute_count),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
