/* erlang.h - Erlang C queueing figures for staffing a contact centre
 * (CC-8): how many agents a volume of calls needs to answer a share of
 * them within a target time. Pure arithmetic: numbers in, numbers out; no
 * clock, no database, no allocation.
 *
 * Traffic A (Erlangs) is calls * aht / interval. With N agents, N <= A
 * is unstable: the queue grows without end, so nobody is answered within
 * any time (service level 0) and the average wait is infinite. For N > A
 * the probability of waiting Pw comes from Erlang B computed by its
 * recurrence B(n) = A*B(n-1) / (n + A*B(n-1)), then C = N*B / (N - A*(1-B));
 * no factorials or powers, so it neither overflows nor loses precision for
 * thousands of agents. */
#ifndef GX_ERLANG_H
#define GX_ERLANG_H

#include <stdbool.h>

/* The most agents any calculation considers: searches stop there. */
#define ERLANG_AGENTS_MAX 100000

/* The figures for one number of agents. asa and wait_probability are
 * meaningful only when stable. */
struct erlang_figures {
	int agents;
	double traffic;          /* A, Erlangs */
	double wait_probability; /* Pw: a call has to wait; 1 when unstable */
	double service_level;    /* share answered within the target time; 0 when unstable */
	double asa;              /* average speed of answer, seconds */
	double occupancy;        /* A / N, at most 1; 0 for no agents */
	bool stable;             /* agents > traffic (or there is no traffic) */
};

/* Offered traffic in Erlangs: calls arriving in interval_s seconds, each
 * taking aht_s seconds to handle. 0 when interval_s <= 0. */
double erlang_traffic(double calls, double interval_s, double aht_s);

/* Pw, the probability that a call waits, with agents agents and traffic
 * Erlangs: Erlang C. 1 when agents <= traffic, 0 when traffic is 0. */
double erlang_c(int agents, double traffic);

/* The figures for agents agents (0 .. ERLANG_AGENTS_MAX) into *out, with
 * the service level measured at target_s seconds. */
void erlang_figures(int agents, double traffic, double aht_s, double target_s,
		    struct erlang_figures *out);

/* The smallest number of agents whose service level at target_s seconds is
 * at least target_sl (0 < target_sl < 1), with its figures in *out; no
 * traffic needs 0 agents. 0, or -1 when even ERLANG_AGENTS_MAX agents
 * fall short (*out then holds that many). Costs one step per agent. */
int erlang_agents_for(double traffic, double aht_s, double target_s, double target_sl,
		      struct erlang_figures *out);

#endif
