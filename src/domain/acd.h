/* acd.h - automatic call distribution (CC-3): agents' states and which
 * agent takes which call.
 *
 * The invariant: a call waits in a queue only while no agent who could
 * take it is free. So a new or moved call looks for a free agent at once
 * (acd_route), and an agent who becomes free looks for the longest-waiting
 * call it could take (acd_agent_free): nothing polls for matches. Among
 * free agents the queue's strategy decides (longest idle, fewest calls
 * today, round robin, highest skill level); among waiting calls, callers
 * of a priority tier come first, then the longest wait. The scheduler's
 * cc.acd job ends wrap-ups and moves calls to their overflow queue.
 *
 * The functions taking a db run inside the caller's write transaction and
 * wake, after it commits, the agents concerned, the telephone system's
 * stream (when a call is assigned) and the wallboards. */
#ifndef GX_DOMAIN_ACD_H
#define GX_DOMAIN_ACD_H

#include "domain/perm.h"
#include "lib/err.h"
#include "store/cc_calls.h"

struct db;

/* Midnight in China (UTC+8) at or before now: where "calls today" restart. */
int64_t acd_day_start(int64_t now);

/* Offers call c (queued in c->queue_id, already stored) to the free agent
 * its queue's strategy picks; leaves it queued when none is free. c is
 * updated. */
int acd_route(struct db *db, struct cc_call *c, int64_t now);

/* Gives call c to agent user_id (ringing) and logs it. */
int acd_assign(struct db *db, struct cc_call *c, int64_t user_id, int64_t now);

/* Agent user_id has just become free (ready): it takes the next waiting
 * call it can, if any. */
int acd_agent_free(struct db *db, int64_t user_id, int64_t now);

/* Ends agent user_id's part in a call: into wrap-up for wrap_s seconds
 * (ready at once when 0, taking the next waiting call). */
int acd_agent_done(struct db *db, int64_t user_id, int wrap_s, int64_t now);

/* An agent (for itself, cc.agent) or a supervisor (for anyone,
 * cc.supervise) sets an agent's state: ready, not_ready (with a reason)
 * or signed_out. GX_ECONFLICT while the agent rings or talks; ending a
 * wrap-up early is allowed. out is the agent afterwards. */
int acd_set_state(const struct principal *who, int64_t user_id, const char *state,
		  const char *reason, struct cc_agent *out, struct verr *v);

/* The scheduler's job: ends wrap-ups that are due and moves calls whose
 * wait passed their queue's overflow time. 0 or a GX_E* code. */
int acd_tick(struct db *db, int64_t now);

#endif
