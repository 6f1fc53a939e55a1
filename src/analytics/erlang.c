/* erlang.c - Erlang C by the Erlang B recurrence (see erlang.h). */
#include "analytics/erlang.h"

#include <math.h>

/* Rounding must not make a target met exactly look missed. */
#define SL_EPSILON 1e-12

double erlang_traffic(double calls, double interval_s, double aht_s)
{
	if (interval_s <= 0)
		return 0;
	return calls * aht_s / interval_s;
}

/* Erlang B for n servers from B for n - 1: the recurrence stays in (0, 1]
 * however large n and a are. */
static double erlang_b_next(double b_prev, int n, double a)
{
	double ab = a * b_prev;

	return ab / (n + ab);
}

/* Erlang C from Erlang B for n servers; n > a. */
static double erlang_c_from_b(double b, int n, double a)
{
	return n * b / (n - a * (1 - b));
}

/* The figures for n agents given Erlang B for n. */
static void figures_from_b(double b, int n, double a, double aht_s, double target_s,
			   struct erlang_figures *out)
{
	out->agents = n;
	out->traffic = a;
	out->occupancy = n > 0 ? fmin(a / n, 1) : 0;
	if (a <= 0) {
		out->stable = true;
		out->wait_probability = 0;
		out->service_level = 1;
		out->asa = 0;
		return;
	}
	if (n <= a) {
		out->stable = false;
		out->wait_probability = 1;
		out->service_level = 0;
		out->asa = INFINITY;
		return;
	}
	out->stable = true;
	out->wait_probability = erlang_c_from_b(b, n, a);
	out->service_level = 1 - out->wait_probability * exp(-(n - a) * target_s / aht_s);
	out->asa = out->wait_probability * aht_s / (n - a);
}

double erlang_c(int agents, double traffic)
{
	double b = 1;

	if (traffic <= 0)
		return 0;
	if (agents <= traffic)
		return 1;
	for (int n = 1; n <= agents; n++)
		b = erlang_b_next(b, n, traffic);
	return erlang_c_from_b(b, agents, traffic);
}

void erlang_figures(int agents, double traffic, double aht_s, double target_s,
		    struct erlang_figures *out)
{
	double b = 1;

	for (int n = 1; n <= agents && traffic > 0; n++)
		b = erlang_b_next(b, n, traffic);
	figures_from_b(b, agents, traffic, aht_s, target_s, out);
}

int erlang_agents_for(double traffic, double aht_s, double target_s, double target_sl,
		      struct erlang_figures *out)
{
	double b = 1;

	if (traffic <= 0) {
		figures_from_b(b, 0, traffic, aht_s, target_s, out);
		return 0;
	}
	for (int n = 1; n <= ERLANG_AGENTS_MAX; n++) {
		b = erlang_b_next(b, n, traffic);
		if (n <= traffic)
			continue;
		figures_from_b(b, n, traffic, aht_s, target_s, out);
		if (out->service_level >= target_sl - SL_EPSILON)
			return 0;
	}
	figures_from_b(b, ERLANG_AGENTS_MAX, traffic, aht_s, target_s, out);
	return -1;
}
