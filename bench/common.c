#include "common.h"
#include "domain/users.h"
#include "lib/secret.h"
#include "store/db.h"
#include "store/migrate.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static uint64_t state = 88172645463325252ULL;

void bench_seed(uint64_t seed)
{
	state = seed;
}

/* xorshift64: fast, and enough for made-up names and numbers. */
uint64_t bench_next(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

static int ensure_bench_user(const struct principal *sys)
{
	struct user_input in = {.username = "bench", .display_name = "基准测试",
				.password = "Bench@12345", .nroles = 1, .roles = {"admin"}};
	struct user_rec u;
	struct verr v = {0};

	return users_find(sys, "bench", &u) == 0 || users_create(sys, &in, &u, &v) == 0 ? 0 : -1;
}

static int ensure_teams(const struct principal *sys, int64_t teams[3])
{
	static const char *const names[3] = {"客服一组", "客服二组", "大客户部"};

	for (int i = 0; i < 3; i++) {
		struct team_rec t;
		if (teams_ensure(sys, names[i], &t) != 0)
			return -1;
		if (teams)
			teams[i] = t.id;
	}
	return 0;
}

int bench_open(const char *path, bool create, struct principal *sys, int64_t teams[3])
{
	char key[1024];

	snprintf(key, sizeof key, "%s.key", path);
	if (secret_open(key, create) != 0)
		goto fail;
	db_configure(path, create);
	if (!db_get() || migrate_apply(db_get()) < 0)
		goto fail;
	principal_system(sys);
	if (ensure_bench_user(sys) != 0 || ensure_teams(sys, teams) != 0 ||
	    db_fast_load(db_get()) != 0)
		goto fail;
	return 0;
fail:
	fprintf(stderr, "cannot prepare %s\n", path);
	return -1;
}

int bench_batch(long i, long every)
{
	if (i % every || (db_batch(db_get(), false) == 0 && db_batch(db_get(), true) == 0))
		return 0;
	fprintf(stderr, "cannot commit\n");
	return -1;
}

int bench_done(void)
{
	if (db_batch(db_get(), false) == 0)
		return 0;
	fprintf(stderr, "cannot commit\n");
	return -1;
}

double bench_seconds(void)
{
	static struct timespec t0;
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	if (!t0.tv_sec && !t0.tv_nsec)
		t0 = t;
	return (double)(t.tv_sec - t0.tv_sec) + (double)(t.tv_nsec - t0.tv_nsec) / 1e9;
}

void bench_progress(long i, const char *what)
{
	if ((i + 1) % 100000 == 0)
		fprintf(stderr, "%ld %s, %.0f/s\n", i + 1, what, (double)(i + 1) / bench_seconds());
}
