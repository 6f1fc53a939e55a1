/* Unit tests of the SLA functions the ticket module calls, on a real
 * temporary database with the seeded calendars and policies: deadlines
 * of a new order, the deadline after a pause (waiting for the customer),
 * the 80% warning instant and the working time left. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>

#include "domain/sla.h"
#include "lib/log.h"
#include "lib/workcal.h"
#include "store/db.h"
#include "store/migrate.h"

#define MIN (60LL * 1000)
#define HOUR (60 * MIN)
#define DAY (24 * HOUR)

static char dir[] = "/tmp/gx-sla-XXXXXX";

static int group_setup(void **state)
{
	char path[256];

	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof path, "%s/t.db", dir);
	log_set_level(LOG_ERROR);
	db_configure(path, true);
	return migrate_apply(db_get()) < 1 ? -1 : 0;
}

static int group_teardown(void **state)
{
	char cmd[300];

	(void)state;
	db_release_thread();
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd);
}

/* Beijing wall time as ms since the epoch. */
static int64_t bj(const char *date, int hh, int mm)
{
	int32_t d = 0;

	assert_int_equal(workcal_parse_date(date, &d), 0);
	return d * DAY + hh * HOUR + mm * MIN - 8 * HOUR;
}

static void new_order_deadlines(void **state)
{
	struct db *db = db_get();
	int64_t response, resolve;

	(void)state;
	/* Normal inquiry, business hours: 4 h and 3 business days. */
	assert_int_equal(sla_due(db, "inquiry", "normal", "general", bj("2026-03-06", 17, 0),
				 &response, &resolve), 0);
	assert_int_equal(response, bj("2026-03-09", 12, 0));
	assert_int_equal(resolve, bj("2026-03-11", 17, 0));
	/* A VIP's complaint runs round the clock. */
	assert_int_equal(sla_due(db, "complaint", "normal", "vip", bj("2026-03-06", 17, 0),
				 &response, &resolve), 0);
	assert_int_equal(response, bj("2026-03-06", 18, 0));
	assert_int_equal(resolve, bj("2026-03-07", 1, 0));
	/* No tier: the any-tier policy. */
	assert_int_equal(sla_due(db, "complaint", "normal", NULL, bj("2026-03-06", 17, 0),
				 &response, &resolve), 0);
	assert_int_equal(response, bj("2026-03-09", 10, 0));
	/* No policy for this pair: no deadline. */
	assert_int_equal(sla_due(db, "praise", "normal", NULL, bj("2026-03-06", 17, 0),
				 &response, &resolve), 0);
	assert_int_equal(response, -1);
	assert_int_equal(resolve, -1);
}

static void a_pause_moves_the_deadline_by_working_time(void **state)
{
	struct db *db = db_get();
	int64_t due;

	(void)state;
	/* Due Monday 12:00; paused Friday 17:30 to Monday 10:00, which is
	 * 1.5 working hours: the morning is used up, so 15:00. */
	assert_int_equal(sla_extend(db, "inquiry", "normal", NULL, bj("2026-03-09", 12, 0),
				    bj("2026-03-06", 17, 30), bj("2026-03-09", 10, 0), &due), 0);
	assert_int_equal(due, bj("2026-03-09", 15, 0));
	/* A pause over the weekend alone costs no working time. */
	assert_int_equal(sla_extend(db, "inquiry", "normal", NULL, bj("2026-03-09", 12, 0),
				    bj("2026-03-07", 10, 0), bj("2026-03-08", 10, 0), &due), 0);
	assert_int_equal(due, bj("2026-03-09", 12, 0));
	/* A pause that ends after the deadline, across 清明. */
	assert_int_equal(sla_extend(db, "inquiry", "normal", NULL, bj("2026-04-03", 10, 0),
				    bj("2026-04-03", 9, 0), bj("2026-04-07", 10, 0), &due), 0);
	assert_int_equal(due, bj("2026-04-07", 11, 0));
	/* Round the clock, and a pause that has not begun. */
	assert_int_equal(sla_extend(db, "complaint", "urgent", NULL, bj("2026-03-07", 1, 0),
				    bj("2026-03-06", 22, 0), bj("2026-03-07", 0, 30), &due), 0);
	assert_int_equal(due, bj("2026-03-07", 3, 30));
	assert_int_equal(sla_extend(db, "complaint", "urgent", NULL, bj("2026-03-07", 1, 0),
				    bj("2026-03-07", 0, 30), bj("2026-03-07", 0, 30), &due), 0);
	assert_int_equal(due, bj("2026-03-07", 1, 0));
}

static void the_warning_mark_and_the_time_left(void **state)
{
	struct db *db = db_get();
	int64_t mark, left;

	(void)state;
	/* 4 working hours from Friday 17:00; 80% is 3 h 12 min in. */
	assert_int_equal(sla_mark(db, "inquiry", "normal", NULL, bj("2026-03-06", 17, 0),
				  bj("2026-03-09", 12, 0), 800, &mark), 0);
	assert_int_equal(mark, bj("2026-03-09", 11, 12));
	assert_int_equal(sla_mark(db, "inquiry", "normal", NULL, bj("2026-03-06", 17, 0),
				  bj("2026-03-09", 12, 0), 1000, &mark), 0);
	assert_int_equal(mark, bj("2026-03-09", 12, 0));
	assert_int_equal(sla_mark(db, "complaint", "urgent", NULL, bj("2026-03-06", 17, 0),
				  bj("2026-03-06", 21, 0), 500, &mark), 0);
	assert_int_equal(mark, bj("2026-03-06", 19, 0));
	assert_int_equal(sla_mark(db, "inquiry", "normal", NULL, 0, 1, 1001, &mark), GX_EINVAL);

	assert_int_equal(sla_left(db, "inquiry", "normal", NULL, bj("2026-03-06", 17, 30),
				  bj("2026-03-09", 12, 0), &left), 0);
	assert_int_equal(left, 3 * HOUR + 30 * MIN);
	/* Overdue: the working time since, negative; the lunch break is not. */
	assert_int_equal(sla_left(db, "inquiry", "normal", NULL, bj("2026-03-09", 14, 0),
				  bj("2026-03-09", 12, 0), &left), 0);
	assert_int_equal(left, -30 * MIN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(new_order_deadlines),
		cmocka_unit_test(a_pause_moves_the_deadline_by_working_time),
		cmocka_unit_test(the_warning_mark_and_the_time_left),
	};
	return cmocka_run_group_tests_name("sla", tests, group_setup, group_teardown);
}
