/* stats.h - percentiles of measured times, for every benchmark program. */
#ifndef GX_BENCH_STATS_H
#define GX_BENCH_STATS_H

#include <stddef.h>

/* Sorts v ascending. */
void bench_sort(double *v, size_t n);
/* Percentile p (0..1) of the n sorted values v (0 for none). */
double bench_pct(const double *v, size_t n, double p);

#endif
