/* cc_stats.h - storage side of the contact centre's reports (CC-5, CC-7):
 * per-bucket sums of inbound calls for the KPIs, per-day rating counts by
 * agent or queue, and the live state of queues and agents for the
 * wallboard. Aggregation happens in SQL (one GROUP BY over the period's
 * range of offered_at); turning sums into rates and days into months is
 * domain/cc_stats.c's. Times are UTC ms. */
#ifndef GX_STORE_CC_STATS_H
#define GX_STORE_CC_STATS_H

#include <stdbool.h>
#include <stdint.h>

struct db;

#define CCS_NAME_LEN 192
#define CCS_EXT_LEN 40
#define CCS_STATE_LEN 16
#define CCS_REASON_LEN 192
#define CCS_CHINA_OFFSET_MS (8LL * 3600 * 1000)

/* Which calls a KPI report reads: inbound calls offered in [from_ms,
 * to_ms), of one queue (the queue the call ended in) and/or one agent
 * when those are not 0, bucketed by (offered_at + 8 h) / bucket_ms. */
struct ccs_filter {
	int64_t from_ms, to_ms, bucket_ms;
	int64_t queue_id, agent_id;
};

/* The sums of one bucket; the domain turns them into rates. */
struct ccs_sums {
	int64_t bucket;
	int64_t offered, answered, abandoned;
	int64_t wait_answered_ms; /* sum(answered_at - offered_at), answered calls */
	int64_t ended, queue_ms;  /* ended calls; sum(coalesce(answered_at, ended_at) - offered_at) */
	int64_t handled, handle_ms; /* answered and ended; sum(talk + wrap-up) */
	int64_t in_sl;            /* answered within the queue's sl_seconds */
	int64_t fcr_base, fcr;    /* answered with a customer; not called again within 7 days */
};

/* Calls each(ctx, sums) for every bucket that has calls, in bucket order.
 * each returns 0 to go on or an error code that stops and is returned.
 * 0, GX_EDB or each's error. */
int ccs_store_kpis(struct db *db, const struct ccs_filter *f,
		   int (*each)(void *ctx, const struct ccs_sums *s), void *ctx);

/* Rating counts of one day (China time) and one agent or queue. */
struct ccs_day_rating {
	int32_t day;          /* day number (days since 1970-01-01, China time) */
	int64_t group_id;     /* the agent's user id or the queue id; 0: none */
	char name[CCS_NAME_LEN]; /* the agent's display name or the queue's name */
	int64_t counts[5];    /* calls rated 1 … 5 */
	int64_t rated, score_sum, answered;
};

/* Inbound calls offered in [from_ms, to_ms) grouped by day and agent (or
 * queue when by_queue), ordered by group then day; each as for
 * ccs_store_kpis. Calls with no agent (queue) are group 0. */
int ccs_store_ratings(struct db *db, int64_t from_ms, int64_t to_ms, bool by_queue,
		      int (*each)(void *ctx, const struct ccs_day_rating *r), void *ctx);

/* A queue now: calls waiting and the oldest queued_at among them (0: none),
 * agents with its skill who are ready, and busy (ringing, talking,
 * wrapping up). */
struct ccs_queue_live {
	int64_t id;
	char name[CCS_NAME_LEN];
	int64_t waiting, oldest_queued_at, agents_ready, agents_busy;
};

/* Every queue by id, at most max into out; *n set. 0 or GX_EDB. */
int ccs_store_queues_live(struct db *db, struct ccs_queue_live *out, int max, int *n);

/* An agent now. */
struct ccs_agent_live {
	int64_t user_id;
	char display_name[CCS_NAME_LEN];
	char extension[CCS_EXT_LEN];
	char state[CCS_STATE_LEN];
	char reason[CCS_REASON_LEN];
	int64_t state_since;
};

/* Every agent by extension, at most max into out; *n set. 0 or GX_EDB. */
int ccs_store_agents_live(struct db *db, struct ccs_agent_live *out, int max, int *n);

#endif
