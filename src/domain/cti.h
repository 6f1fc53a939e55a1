/* cti.h - the telephone system's events (CC-1): ringing, answered,
 * missed, transferred, ended, rating. See docs/CTI.md for the protocol.
 *
 * Each event has an id. An event is applied in one transaction together
 * with the record of its id and the answer it got, so a repeated event
 * changes nothing and gets that same answer again (marked duplicate).
 * An event that does not fit the call's state (answered before ringing,
 * a second end, a rating before the end) is refused with GX_ECONFLICT and
 * a message on the field at fault, and is not recorded: the telephone
 * system may send it again once the events before it have arrived.
 * Event times are the server's clock at receipt. */
#ifndef GX_DOMAIN_CTI_H
#define GX_DOMAIN_CTI_H

#include <stdint.h>

#include "domain/perm.h"
#include "lib/err.h"
#include "store/cc_outbound.h"

/* An event's fields as sent; NULL/0 for absent ones. Borrowed. */
struct cti_input {
	const char *id, *type, *call;
	const char *caller, *called, *direction; /* ringing */
	const char *agent;                       /* an extension */
	const char *cause, *recording;           /* ended */
	int64_t queue_id;                        /* ringing, transferred */
	int64_t entry_id;                        /* an outbound list entry */
	int rating;                              /* rating: 1..5 */
};

/* Applies event in for who (cc.cti). On success *status (200) and
 * *response (JSON text: the event id, duplicate, the call and the agent
 * it rings at, or null; malloc'd, the caller frees) are set. GX_EINVAL
 * or GX_ECONFLICT with v, GX_EPERM, GX_EDB. */
int cti_event(const struct principal *who, const struct cti_input *in, int *status,
	      char **response, struct verr *v);

/* A call assigned to an agent, as the telephone system's stream tells it. */
struct cti_assignment {
	int64_t log_id, call_id, queue_id, at;
	char call[72];      /* the telephone system's call id */
	char extension[40]; /* the agent's */
	int64_t agent_id;
};

/* Assignments after log entry after_id, oldest first, at most max (cc.cti). */
int cti_assignments(const struct principal *who, int64_t after_id, struct cti_assignment *out,
		    int max, int *n);
/* The newest log entry (0 for none): where a new stream starts. */
int cti_log_last(const struct principal *who, int64_t *id);

/* Agents' requests to dial an outbound list's number (POST
 * /cc/outbound/entries/{id}/dial) after request after_id, oldest first, at
 * most max; the newest request's id (0 for none). cc.cti: the telephone
 * system is given the whole number, which it must dial. */
int cti_dials(const struct principal *who, int64_t after_id, struct ob_dial *out, int max,
	      int *n);
int cti_dial_last(const struct principal *who, int64_t *id);

#endif
