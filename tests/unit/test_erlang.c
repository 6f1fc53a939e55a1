/* Unit tests of analytics/erlang: the textbook example (100 calls in
 * 30 minutes, 180 s handling time: 10 Erlangs) for the probability of
 * waiting, the service level at 20 s, the average speed of answer and the
 * agents for 80/20; unstable staffing; no traffic; and a large centre
 * (5,000 calls in 30 minutes, and the most agents there are) that must
 * neither overflow nor take long. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <time.h>

#include "analytics/erlang.h"

static void near(double got, double want, double tolerance)
{
	if (fabs(got - want) > tolerance)
		fail_msg("got %.6f, want %.6f (± %g)", got, want, tolerance);
}

static void traffic_is_calls_times_handling_time_over_interval(void **state)
{
	(void)state;
	near(erlang_traffic(100, 1800, 180), 10, 1e-12);
	near(erlang_traffic(5000, 1800, 180), 500, 1e-9);
	near(erlang_traffic(7, 3600, 0), 0, 0);
	near(erlang_traffic(100, 0, 180), 0, 0);
}

static void wait_probability_matches_the_textbook(void **state)
{
	(void)state;
	near(erlang_c(11, 10), 0.6821, 5e-5);
	near(erlang_c(12, 10), 0.4494, 5e-5);
	near(erlang_c(13, 10), 0.2853, 5e-5);
	near(erlang_c(14, 10), 0.1741, 5e-5);
	/* More agents, less waiting. */
	assert_true(erlang_c(15, 10) < erlang_c(14, 10));
}

static void service_level_and_speed_of_answer_match_the_textbook(void **state)
{
	struct erlang_figures f;

	(void)state;
	erlang_figures(13, 10, 180, 20, &f);
	near(f.service_level, 0.7956, 5e-5);
	assert_true(f.stable);
	assert_int_equal(f.agents, 13);
	/* ASA = Pw * AHT / (N - A) = 0.2853 * 180 / 3. */
	near(f.asa, 0.2853 * 180 / 3, 0.01);
	near(f.occupancy, 10.0 / 13, 1e-12);

	erlang_figures(14, 10, 180, 20, &f);
	near(f.service_level, 0.8884, 5e-5);
	near(f.wait_probability, 0.1741, 5e-5);
	near(f.asa, 0.1741 * 180 / 4, 0.01);
}

static void fourteen_agents_for_eighty_in_twenty_seconds(void **state)
{
	struct erlang_figures f;

	(void)state;
	assert_int_equal(erlang_agents_for(10, 180, 20, 0.8, &f), 0);
	assert_int_equal(f.agents, 14);
	near(f.service_level, 0.8884, 5e-5);
	/* A looser target needs fewer; a stricter one more. */
	assert_int_equal(erlang_agents_for(10, 180, 20, 0.75, &f), 0);
	assert_int_equal(f.agents, 13);
	assert_int_equal(erlang_agents_for(10, 180, 20, 0.95, &f), 0);
	assert_true(f.agents > 14);
	assert_true(f.service_level >= 0.95);
}

static void as_many_agents_as_erlangs_is_unstable(void **state)
{
	struct erlang_figures f;

	(void)state;
	near(erlang_c(10, 10), 1, 0);
	near(erlang_c(8, 10), 1, 0);
	erlang_figures(10, 10, 180, 20, &f);
	assert_false(f.stable);
	near(f.service_level, 0, 0);
	assert_true(isinf(f.asa));
	near(f.occupancy, 1, 0);
	erlang_figures(5, 10, 180, 20, &f);
	assert_false(f.stable);
	near(f.occupancy, 1, 0);
}

static void no_calls_need_no_agents(void **state)
{
	struct erlang_figures f;

	(void)state;
	assert_int_equal(erlang_agents_for(0, 180, 20, 0.8, &f), 0);
	assert_int_equal(f.agents, 0);
	near(f.service_level, 1, 0);
	near(f.asa, 0, 0);
	near(f.occupancy, 0, 0);
	erlang_figures(3, 0, 180, 20, &f);
	assert_true(f.stable);
	near(f.service_level, 1, 0);
	near(f.wait_probability, 0, 0);
}

static void a_large_centre_is_fast_and_finite(void **state)
{
	struct erlang_figures f;
	struct timespec t0, t1;
	double a = erlang_traffic(5000, 1800, 180);

	(void)state;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(erlang_agents_for(a, 180, 20, 0.8, &f), 0);
	/* Economies of scale: 500 Erlangs need only a few per cent more
	 * agents than Erlangs, far fewer in proportion than 10 Erlangs do. */
	assert_true(f.agents > 500 && f.agents < 530);
	assert_true(isfinite(f.wait_probability) && isfinite(f.asa));
	assert_true(f.service_level >= 0.8 && f.service_level < 1);
	/* One agent fewer misses the target. */
	struct erlang_figures less;
	erlang_figures(f.agents - 1, a, 180, 20, &less);
	assert_true(less.service_level < 0.8);
	near(erlang_c(f.agents, a), f.wait_probability, 1e-12);

	/* The most agents there are, near their traffic. */
	erlang_figures(ERLANG_AGENTS_MAX, 99000, 180, 20, &f);
	assert_true(f.stable && isfinite(f.asa));
	assert_true(f.wait_probability >= 0 && f.wait_probability <= 1);
	assert_true(f.service_level > 0.99);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_true((t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6 < 500);
}

static void traffic_beyond_the_most_agents_is_refused(void **state)
{
	struct erlang_figures f;

	(void)state;
	assert_int_equal(erlang_agents_for(ERLANG_AGENTS_MAX + 5.0, 180, 20, 0.8, &f), -1);
	assert_int_equal(f.agents, ERLANG_AGENTS_MAX);
	assert_false(f.stable);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(traffic_is_calls_times_handling_time_over_interval),
		cmocka_unit_test(wait_probability_matches_the_textbook),
		cmocka_unit_test(service_level_and_speed_of_answer_match_the_textbook),
		cmocka_unit_test(fourteen_agents_for_eighty_in_twenty_seconds),
		cmocka_unit_test(as_many_agents_as_erlangs_is_unstable),
		cmocka_unit_test(no_calls_need_no_agents),
		cmocka_unit_test(a_large_centre_is_fast_and_finite),
		cmocka_unit_test(traffic_beyond_the_most_agents_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
