/* cc_calls.h - call records (CC-4) as agents and supervisors see them:
 * the list, one call with its log, the agent's notes and disposition, and
 * the one-step work order or interaction from a call. An agent (cc.agent)
 * sees the calls it took; cc.supervise sees all. Callers' numbers are
 * masked like customers' phones unless the reader holds
 * customer.read_sensitive. */
#ifndef GX_DOMAIN_CC_CALLS_H
#define GX_DOMAIN_CC_CALLS_H

#include <jansson.h>
#include <stdbool.h>

#include "domain/perm.h"
#include "lib/err.h"
#include "store/cc_calls.h"

/* The JSON of a call (new reference); numbers masked unless unmasked. */
json_t *cc_call_json(const struct cc_call *c, bool unmasked);

/* Calls by f, newest first, at most max. An agent without cc.supervise
 * gets only its own (f->agent_id is forced to it). */
int cc_calls_list(const struct principal *who, struct cc_call_filter *f, struct cc_call *out,
		  int max, int *n);
/* One call in who's reach (GX_ENOTFOUND otherwise) and its log. */
int cc_call_get(const struct principal *who, int64_t id, struct cc_call *out,
		struct cc_log *log, int log_max, int *nlog);
/* Whether who sees numbers unmasked. */
bool cc_calls_unmasked(const struct principal *who);

/* What an agent records on a call: NULL/0 leaves a field as it is. */
struct cc_call_change {
	const char *disposition, *note;
	int64_t customer_id; /* one of the customers the number matched, or any in scope */
	int64_t version;     /* 0: no check */
};
int cc_call_update(const struct principal *who, int64_t id, const struct cc_call_change *ch,
		   struct cc_call *out, struct verr *v);

/* Creates a work order from the call (channel phone, its customer) and
 * links it; fields as for tkt_create. *ticket_id is set. */
int cc_call_ticket(const struct principal *who, int64_t id, json_t *fields, int64_t *ticket_id,
		   struct verr *v);
/* Logs an interaction (channel phone, direction of the call) for the
 * call's customer, linked to the call's work order if it has one. */
int cc_call_interaction(const struct principal *who, int64_t id, const char *summary,
			int64_t *interaction_id, struct verr *v);

/* The newest entry of the calls' log (0 for none): where a live stream
 * starts. */
int cc_log_last(const struct principal *who, int64_t *id);

/* What happened to who's calls after log entry after_id, oldest first,
 * at most max: log[i] and the call it is about, calls[i], as it is now.
 * For the agent's desktop (cc.agent). */
int cc_calls_log_since(const struct principal *who, int64_t after_id, struct cc_log *log,
		       struct cc_call *calls, int max, int *n);

#endif
