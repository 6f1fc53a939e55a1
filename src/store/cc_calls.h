/* cc_calls.h - storage of calls (CC-4), their log, the telephone
 * system's events by id (CC-1) and the agents' states, with the queries
 * the ACD routes by (CC-3). The rules live in domain/acd.c and
 * domain/cti.c; every function here runs inside the caller's transaction. */
#ifndef GX_STORE_CC_CALLS_H
#define GX_STORE_CC_CALLS_H

#include <stdbool.h>
#include <stdint.h>

#include "store/cc_config.h"

struct db;

#define CC_EXT_ID_LEN 72 /* 64 characters */
#define CC_TEXT_LEN 600   /* 200 characters of up to 3 bytes */

struct cc_call {
	int64_t id;
	char ext_id[CC_EXT_ID_LEN];
	char direction[12];
	char caller[CC_NUMBER_LEN];
	char called[CC_NUMBER_LEN];
	int64_t queue_id, first_queue_id, customer_id;
	int matches;
	int64_t agent_id;
	char state[12]; /* queued, ringing, talking, ended */
	int priority;
	int64_t offered_at, queued_at, assigned_at, answered_at, ended_at, wrap_end_at;
	char end_cause[40];
	char disposition[CC_NAME_LEN];
	bool overflowed;
	int transfers;
	char recording[CC_TEXT_LEN];
	int64_t ticket_id;
	int rating; /* 0: none */
	int64_t rated_at;
	char note[CC_TEXT_LEN];
	int64_t outbound_entry_id;
	int64_t version;
	/* Read with the call, not stored in it. */
	char queue_name[CC_NAME_LEN];
	char agent_name[CC_NAME_LEN];
	char customer_name[CC_NAME_LEN];
};

struct cc_log {
	int64_t id, call_id;
	char kind[16];
	int64_t agent_id, queue_id, at;
};

/* A call list's filter: zeroes and "" mean any. Newest first, strictly
 * before before_id (0: from the newest). */
struct cc_call_filter {
	int64_t agent_id, customer_id, queue_id;
	int64_t from_ms, to_ms; /* offered_at in [from, to) */
	char state[12];
	int64_t before_id;
};

/* 0, GX_ENOTFOUND. */
int store_cc_call_get(struct db *db, int64_t id, struct cc_call *out);
int store_cc_call_by_ext(struct db *db, const char *ext_id, struct cc_call *out);
/* Inserts c (all columns but id and version); sets c->id.
 * GX_ECONFLICT if its ext_id is taken. */
int store_cc_call_insert(struct db *db, struct cc_call *c);
/* Writes every changing column of c and bumps its version. */
int store_cc_call_update(struct db *db, struct cc_call *c);
int store_cc_calls(struct db *db, const struct cc_call_filter *f, struct cc_call *out,
		   int max, int *n);

/* Appends a row to a call's log. */
int store_cc_log(struct db *db, int64_t call_id, const char *kind, int64_t agent_id,
		 int64_t queue_id, int64_t at);
/* Log rows after after_id: of one agent (agent_id > 0), or of one kind
 * (kind not NULL) for everyone; oldest first, at most max. */
int store_cc_log_since(struct db *db, int64_t agent_id, const char *kind, int64_t after_id,
		       struct cc_log *out, int max, int *n);
/* The newest log row id (0 for none). */
int store_cc_log_last(struct db *db, int64_t *id);
/* A call's log, oldest first. */
int store_cc_call_log(struct db *db, int64_t call_id, struct cc_log *out, int max, int *n);

/* The answer recorded for an event id: 0 and *status and response
 * (malloc'd, the caller frees) if it was seen, GX_ENOTFOUND if not. */
int store_cti_event_get(struct db *db, const char *event_id, int *status, char **response);
int store_cti_event_put(struct db *db, const char *event_id, const char *type,
			const char *call_ext_id, int64_t at, int status, const char *response);

/* Writes an agent's state, reason, call and wrap-up end. idle_since is
 * set to idle_from when it is > 0 (the agent starts being idle then). */
int store_cc_agent_state(struct db *db, int64_t user_id, const char *state, const char *reason,
			 int64_t call_id, int64_t wrap_until, int64_t idle_from, int64_t now);
/* Counts a call offered to the agent (fewest-calls, round-robin): calls
 * today restart at day_start. */
int store_cc_agent_offered(struct db *db, int64_t user_id, int64_t day_start, int64_t now);

/* The agent the strategy picks among those holding skill_id that are
 * ready (or whose wrap-up has ended by now): 0 and *user_id, or
 * GX_ENOTFOUND when none is free. */
int store_cc_pick_agent(struct db *db, int64_t skill_id, const char *strategy, int64_t day_start,
			int64_t now, int64_t *user_id);
/* The waiting call an agent should take next among the queues asking for
 * its skills: priority first, then the longest wait. GX_ENOTFOUND if none. */
int store_cc_next_call_for(struct db *db, int64_t user_id, int64_t *call_id);
/* Calls waiting in queues with an overflow whose wait has passed it and
 * that have not overflowed yet, at most max, oldest first. */
int store_cc_overflow_due(struct db *db, int64_t now, int64_t *call_ids, int max, int *n);
/* Agents in wrap-up whose time has ended, at most max. */
int store_cc_wrap_due(struct db *db, int64_t now, int64_t *user_ids, int max, int *n);
/* The queue of the team handling the customer's newest open work order,
 * if that team has a queue (CC-9): 0, or GX_ENOTFOUND. */
int store_cc_history_queue(struct db *db, int64_t customer_id, int64_t *queue_id);

#endif
