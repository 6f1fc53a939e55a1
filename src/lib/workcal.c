#include "lib/workcal.h"

#include <stdio.h>
#include <string.h>

#define MS_MINUTE INT64_C(60000)
#define MS_DAY (INT64_C(1440) * MS_MINUTE)
#define DAY_NONE INT32_MAX

static const struct workcal_hours no_hours;

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static int64_t max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

int32_t workcal_day_of(int64_t ms, int offset_min)
{
	return (int32_t)floor_div(ms + offset_min * MS_MINUTE, MS_DAY);
}

int workcal_weekday(int32_t day)
{
	/* 1970-01-01 was a Thursday (3). */
	return (int)(((int64_t)day % 7 + 7 + 3) % 7);
}

/* Days from civil and back: Howard Hinnant's algorithms, proleptic
 * Gregorian calendar, eras of 400 years. */
static int32_t days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int workcal_parse_date(const char *s, int32_t *day)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, m, d, n = 0;

	if (!s || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 || s[10] ||
	    s[4] != '-' || s[7] != '-')
		return -1;
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] + (m == 2 && leap(y)))
		return -1;
	*day = days_from_civil(y, m, d);
	return 0;
}

void workcal_format_date(int32_t day, char *buf)
{
	int64_t z = (int64_t)day + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1);
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	int y = (int)(yoe + era * 400 + (m <= 2));

	char date[16];

	/* Years outside 1900–9999 are not dates this module parses either. */
	snprintf(date, sizeof date, "%04u-%02u-%02u", (unsigned)y % 10000, (unsigned)m % 100,
		 (unsigned)d % 100);
	memcpy(buf, date, WORKCAL_DATE_LEN);
}

/* Index of the first special day on or after day (ndays if none). */
static int first_special(const struct workcal *c, int32_t day)
{
	int lo = 0, hi = c->ndays;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (c->days[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The hours of day, k being first_special(c, day). */
static const struct workcal_hours *hours_of(const struct workcal *c, int32_t day, int k)
{
	if (k < c->ndays && c->days[k].day == day)
		return c->days[k].working ? &c->makeup : &no_hours;
	return &c->week[workcal_weekday(day)];
}

static int64_t hours_ms(const struct workcal_hours *h)
{
	int64_t sum = 0;

	for (int i = 0; i < h->n; i++)
		sum += (h->span[i].end - h->span[i].start) * MS_MINUTE;
	return sum;
}

/* Working time of a week of ordinary days. */
static int64_t week_ms(const struct workcal *c)
{
	int64_t sum = 0;

	for (int i = 0; i < 7; i++)
		sum += hours_ms(&c->week[i]);
	return sum;
}

/* Working time of h within [from, to), ms after midnight. */
static int64_t work_within(const struct workcal_hours *h, int64_t from, int64_t to)
{
	int64_t sum = 0;

	for (int i = 0; i < h->n; i++) {
		int64_t s = max64(h->span[i].start * MS_MINUTE, from);
		int64_t e = min64(h->span[i].end * MS_MINUTE, to);
		if (e > s)
			sum += e - s;
	}
	return sum;
}

int64_t workcal_add(const struct workcal *c, int64_t start_ms, int64_t work_ms)
{
	int64_t off = c->utc_offset_min * MS_MINUTE, week = week_ms(c), t;
	int32_t d;
	int k;

	if (work_ms <= 0)
		return start_ms;
	if (c->always)
		return start_ms + work_ms;
	d = workcal_day_of(start_ms, c->utc_offset_min);
	t = start_ms + off - d * MS_DAY;
	k = first_special(c, d);
	for (;;) {
		int32_t next = k < c->ndays ? c->days[k].day : DAY_NONE;
		const struct workcal_hours *h;

		/* Whole ordinary weeks before the next special day at once;
		 * one fewer than would use up the work, so that the end
		 * falls in a day walked below. */
		if (t == 0 && week > 0) {
			int64_t n = min64((next - (int64_t)d) / 7, (work_ms - 1) / week);
			d += (int32_t)(7 * n);
			work_ms -= n * week;
		} else if (t == 0 && next > d) {
			if (next == DAY_NONE)
				return -1; /* no working time ever again */
			d = next; /* nothing to count before the next special day */
		}
		h = hours_of(c, d, k);
		for (int i = 0; i < h->n; i++) {
			int64_t s = max64(h->span[i].start * MS_MINUTE, t);
			int64_t e = h->span[i].end * MS_MINUTE;
			if (e <= s)
				continue;
			if (work_ms <= e - s)
				return d * MS_DAY + s + work_ms - off;
			work_ms -= e - s;
		}
		if (k < c->ndays && c->days[k].day == d)
			k++;
		d++;
		t = 0;
	}
}

int64_t workcal_between(const struct workcal *c, int64_t a_ms, int64_t b_ms)
{
	int64_t off = c->utc_offset_min * MS_MINUTE, week = week_ms(c), t, total = 0, end_t;
	int32_t d, last;
	int k;

	if (b_ms <= a_ms)
		return 0;
	if (c->always)
		return b_ms - a_ms;
	d = workcal_day_of(a_ms, c->utc_offset_min);
	last = workcal_day_of(b_ms, c->utc_offset_min);
	t = a_ms + off - d * MS_DAY;
	end_t = b_ms + off - last * MS_DAY;
	k = first_special(c, d);
	while (d <= last) {
		int32_t next = k < c->ndays ? c->days[k].day : DAY_NONE;

		if (t == 0) {
			/* Whole ordinary weeks that end before the last day. */
			int64_t n = min64((next - (int64_t)d) / 7, ((int64_t)last - d) / 7);
			d += (int32_t)(7 * n);
			total += n * week;
		}
		total += work_within(hours_of(c, d, k), t, d == last ? end_t : MS_DAY);
		if (k < c->ndays && c->days[k].day == d)
			k++;
		d++;
		t = 0;
	}
	return total;
}
