/* bench/common - what the benchmark generators share: a deterministic
 * random stream, opening a database with the user "bench" and three teams
 * in it, commits in batches, and progress lines. */
#ifndef GX_BENCH_COMMON_H
#define GX_BENCH_COMMON_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/perm.h"
#include "stats.h"

/* One of the items of array a, at random. */
#define PICK(a) (a)[bench_next() % (sizeof(a) / sizeof *(a))]

/* Starts the stream from seed (not 0): the same seed, the same data. */
void bench_seed(uint64_t seed);
uint64_t bench_next(void);

/* Opens (create: makes) the database at path with its key file beside
 * it, migrated, on this thread; the system principal into sys; the admin
 * user "bench" (password Bench@12345) and the teams 客服一组, 客服二组 and
 * 大客户部 made when missing, their ids into teams (may be NULL). Commits
 * stop waiting for the disk: the data can simply be made again. 0 or -1
 * with a message on stderr. */
int bench_open(const char *path, bool create, struct principal *sys, int64_t teams[3]);

/* Before item i: commits what the last `every` items wrote and begins
 * again (db_batch), so that a million small writes are a few hundred
 * commits. bench_done commits the rest. 0 or -1 with a message. */
int bench_batch(long i, long every);
int bench_done(void);

/* Seconds since the first call. */
double bench_seconds(void);

/* After item i: a line "N what, R/s" on stderr every 100,000 items. */
void bench_progress(long i, const char *what);

#endif
