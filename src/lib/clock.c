#include "lib/clock.h"
#include "lib/err.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static _Atomic int64_t offset_ms;

int64_t clock_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 +
	       atomic_load_explicit(&offset_ms, memory_order_relaxed);
}

void clock_advance(int64_t ms)
{
	if (ms > 0)
		atomic_fetch_add(&offset_ms, ms);
}

void clock_rfc3339(int64_t ms, char *buf)
{
	time_t secs = (time_t)(ms / 1000);
	int frac = (int)(ms % 1000);
	struct tm tm;

	if (frac < 0) {
		frac += 1000;
		secs--;
	}
	char full[96];

	gmtime_r(&secs, &tm);
	snprintf(full, sizeof full, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
		 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		 tm.tm_min, tm.tm_sec, frac);
	snprintf(buf, CLOCK_RFC3339_LEN, "%.31s", full);
}

int clock_parse_rfc3339(const char *s, int64_t *ms)
{
	struct tm tm = {0};
	int frac = 0, n = 0, digits = 0;
	const char *p;

	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon,
		   &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6 ||
	    n != 19)
		return GX_EINVAL;
	p = s + n;
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++, digits++)
			if (digits < 3)
				frac = frac * 10 + (*p - '0');
		if (digits == 0)
			return GX_EINVAL;
		for (; digits < 3; digits++)
			frac *= 10;
	}
	if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 ||
	    tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
	    tm.tm_sec > 60)
		return GX_EINVAL;
	int off_min = 0;
	if (*p == 'Z' && p[1] == '\0') {
		off_min = 0;
	} else if ((*p == '+' || *p == '-') && strlen(p) == 6 && p[3] == ':') {
		int h, m;
		if (sscanf(p + 1, "%2d:%2d", &h, &m) != 2 || h > 14 || m > 59)
			return GX_EINVAL;
		off_min = (h * 60 + m) * (*p == '+' ? 1 : -1);
	} else {
		return GX_EINVAL;
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*ms = ((int64_t)timegm(&tm) - off_min * 60) * 1000 + frac;
	return 0;
}

bool clock_is_date(const char *s)
{
	int y, m, d, n = 0;
	struct tm tm = {0}, back;
	time_t t;

	if (!s || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 || s[10])
		return false;
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = 12;
	t = timegm(&tm);
	gmtime_r(&t, &back);
	return y >= 1900 && back.tm_mon == m - 1 && back.tm_mday == d;
}

void clock_today_beijing(char *buf)
{
	time_t now = (time_t)(clock_now_ms() / 1000) + 8 * 3600;
	struct tm today;
	char date[16];

	gmtime_r(&now, &today);
	snprintf(date, sizeof date, "%04d-%02d-%02d", (today.tm_year + 1900) % 10000,
		 (today.tm_mon + 1) % 100, today.tm_mday % 100);
	memcpy(buf, date, CLOCK_DATE_LEN);
}
