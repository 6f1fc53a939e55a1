/* Unit tests of the calling-hours arithmetic of outbound lists
 * (ob_window_next in domain/cc_outbound.c): a time inside the window stays,
 * one before it moves to the start the same China day, one at or after the
 * end to the start the next day, across the UTC date line (China is
 * UTC+8), and a window ending at midnight. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/cc_outbound.h"

#define MIN (60LL * 1000)
#define HOUR (60 * MIN)
#define DAY (24 * HOUR)
/* 2026-11-23 00:00 China time (2026-11-22T16:00:00Z). */
#define CHINA_MIDNIGHT (1795363200000LL)

/* hh:mm China time on that day plus days, in UTC ms. */
static int64_t at(int days, int hh, int mm)
{
	return CHINA_MIDNIGHT + days * DAY + hh * HOUR + mm * MIN;
}

static void test_inside_stays(void **state)
{
	(void)state;
	assert_int_equal(ob_window_next(at(0, 9, 0), 540, 1200), at(0, 9, 0));
	assert_int_equal(ob_window_next(at(0, 19, 59) + 59999, 540, 1200), at(0, 19, 59) + 59999);
	assert_int_equal(ob_window_next(at(0, 13, 17) + 123, 540, 1200), at(0, 13, 17) + 123);
}

static void test_before_moves_to_the_start_that_day(void **state)
{
	(void)state;
	assert_int_equal(ob_window_next(at(0, 0, 0), 540, 1200), at(0, 9, 0));
	assert_int_equal(ob_window_next(at(0, 8, 59) + 59999, 540, 1200), at(0, 9, 0));
	/* 07:30 China is 23:30 UTC of the day before: still this China day. */
	assert_int_equal(ob_window_next(at(0, 7, 30), 540, 1200), at(0, 9, 0));
}

static void test_after_moves_to_the_next_morning(void **state)
{
	(void)state;
	assert_int_equal(ob_window_next(at(0, 20, 0), 540, 1200), at(1, 9, 0));
	assert_int_equal(ob_window_next(at(0, 23, 59), 540, 1200), at(1, 9, 0));
	assert_int_equal(ob_window_next(at(0, 21, 0), 600, 750), at(1, 10, 0));
}

static void test_window_to_midnight(void **state)
{
	(void)state;
	assert_int_equal(ob_window_next(at(0, 23, 59), 0, 1440), at(0, 23, 59));
	assert_int_equal(ob_window_next(at(1, 0, 0), 0, 1440), at(1, 0, 0));
	assert_int_equal(ob_window_next(at(0, 23, 0), 480, 1440), at(0, 23, 0));
	assert_int_equal(ob_window_next(at(1, 1, 0), 480, 1440), at(1, 8, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inside_stays),
		cmocka_unit_test(test_before_moves_to_the_start_that_day),
		cmocka_unit_test(test_after_moves_to_the_next_morning),
		cmocka_unit_test(test_window_to_midnight),
	};
	return cmocka_run_group_tests_name("cc_outbound", tests, NULL, NULL);
}
