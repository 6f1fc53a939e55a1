/* cc_outbound.h - outbound call lists (CC-6): callbacks, satisfaction
 * surveys, telemarketing, arrears reminders and outage notices worked by
 * the contact centre's agents.
 *
 * Who may do what: cc.manage or cc.supervise create and change lists, add
 * entries and read every list and entry; cc.agent works them: claims the
 * next due entry of the lists of its team (or of no team), asks the
 * telephone system to dial it, records the result or gives it back. A list
 * an agent may not see is GX_ENOTFOUND.
 *
 * The retry rule: no_answer, busy and unreachable are tried again
 * retry_minutes later while attempts < max_attempts, else the entry fails;
 * callback_later is tried again at the time the customer asked for;
 * success, refused and wrong_number finish it. A retry time outside the
 * list's calling hours (China time) moves to the next window's start.
 * Claims are exclusive; one older than OB_CLAIM_STALE_MS may be taken by
 * another agent.
 *
 * Phones are masked (lib/mask.h) for readers without
 * customer.read_sensitive; dialling uses the stored number. */
#ifndef GX_DOMAIN_CC_OUTBOUND_H
#define GX_DOMAIN_CC_OUTBOUND_H

#include <jansson.h>

#include "domain/perm.h"
#include "lib/err.h"
#include "store/cc_outbound.h"

#define OB_CLAIM_STALE_MS (30LL * 60 * 1000)
#define OB_LINES_MAX 5000   /* lines of one paste */
#define OB_ERRORS_MAX 100   /* line errors reported by one paste */
#define OB_ATTEMPTS_MAX 50  /* attempts shown with an entry */

/* The first time at or after t (UTC ms) inside the daily window
 * [from, to) in minutes after midnight China time (UTC+8). */
int64_t ob_window_next(int64_t t, int from, int to);

/* fields: a JSON object of the list's fields (docs/API.md), borrowed; the
 * API has checked their JSON types. Nothing is written unless v ends
 * empty. The list comes back with its counts. */
int ob_list_create(const struct principal *who, json_t *fields, struct ob_list *out,
		   struct ob_counts *counts, struct verr *v);
int ob_list_update(const struct principal *who, int64_t id, int64_t version, json_t *fields,
		   struct ob_list *out, struct ob_counts *counts, struct verr *v);
int ob_list_get(const struct principal *who, int64_t id, struct ob_list *out,
		struct ob_counts *counts);
/* Lists by id after after_id (state NULL: any), each with its counts in
 * counts[i]; out and counts hold limit. Agents see active and paused
 * lists of their team or of none. */
int ob_lists(const struct principal *who, const char *state, int64_t after_id, int limit,
	     struct ob_list *out, struct ob_counts *counts, int *n, struct verr *v);

/* Moves every time of a list, its entries and attempts delta_ms earlier,
 * for loading historical lists (the demo data). cc.manage only. */
int ob_shift_history(const struct principal *who, int64_t id, int64_t delta_ms);

/* What adding entries did: added, duplicates skipped (a phone the list
 * has, or one repeated in the paste), and the lines (1-based; or the
 * customer ids) refused, with why. */
struct ob_import {
	int added, duplicates, nerrors;
	bool more_errors; /* more than OB_ERRORS_MAX were refused */
	struct {
		int line;            /* 0 for a customer */
		int64_t customer_id; /* 0 for a line */
		char message[160];
	} errors[OB_ERRORS_MAX];
};

/* Adds entries from body {customer_ids:[...]} or {lines:"name,phone\n..."}
 * to an open (not closed) list: the valid ones in one commit, the invalid
 * ones reported in *out. GX_EINVAL with v filled when the body itself is
 * wrong; GX_ECONFLICT when the list is closed. out is the caller's. */
int ob_add_entries(const struct principal *who, int64_t list_id, json_t *body,
		   struct ob_import *out, struct verr *v);

/* Entries of a list by id after after_id, filtered by state and result
 * (NULL: any). Supervisors only. */
int ob_entries(const struct principal *who, int64_t list_id, const char *state,
	       const char *result, int64_t after_id, int limit, struct ob_entry *out, int *n,
	       struct verr *v);

/* An entry with its attempts (oldest first, at most OB_ATTEMPTS_MAX into
 * attempts): supervisors, and the agent holding it. */
int ob_entry_get(const struct principal *who, int64_t id, struct ob_entry *out,
		 struct ob_attempt *attempts, int *nattempts);

/* Why an agent got nothing: "outside_hours" (entries are due but their
 * lists do not call now; next_at: when the earliest window opens),
 * "not_due" (retries wait; next_at: the earliest), "all_done" (nothing
 * left to call), "paused" (the list asked for is paused), "no_lists" (no
 * active list the agent may work). */
struct ob_none {
	char reason[16];
	int64_t next_at; /* 0: none */
};

/* The agent's next entry: the one it holds already, else the earliest
 * due one claimed now (list_id 0: any list it may work). out->id is 0
 * when there is none, with *why filled. */
int ob_next(const struct principal *who, int64_t list_id, struct ob_entry *out,
	    struct ob_none *why, struct verr *v);

/* The entry the agent holds now (after a reload of its page); out->id 0
 * when none. */
int ob_current(const struct principal *who, struct ob_entry *out);

/* Records the result of the attempt on an entry the agent holds
 * (fields: result, note?, callback_at?) and applies the retry rule.
 * GX_ECONFLICT if who does not hold the claim. */
int ob_result(const struct principal *who, int64_t id, json_t *fields, struct ob_entry *out,
	      struct verr *v);

/* Gives back a claim the agent holds; the entry is due again as before. */
int ob_release(const struct principal *who, int64_t id, struct ob_entry *out);

/* Asks the telephone system to dial the entry the agent holds from the
 * agent's extension (copied into ext, cap bytes): a cc_dial_requests row
 * (*request_id), and EVT_CTI woken after the commit. GX_ECONFLICT if who
 * does not hold the claim, or (with *not_agent true) is not a configured
 * agent with an extension. */
int ob_dial(const struct principal *who, int64_t id, int64_t *request_id, char *ext,
	    size_t cap, bool *not_agent);

#endif
