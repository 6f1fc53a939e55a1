/* interactions.h - the log of a customer's interactions (客户来往, CUS-8)
 * and the customer's timeline, which merges them with its change history.
 *
 * Interactions are recorded by the acting user (customer.write) and never
 * edited; removing one takes customer.delete and leaves a history row.
 * Access follows the customer's scope: out of scope is GX_ENOTFOUND. */
#ifndef GX_DOMAIN_INTERACTIONS_H
#define GX_DOMAIN_INTERACTIONS_H

#include <jansson.h>

#include "domain/perm.h"
#include "lib/err.h"
#include "store/cc_calls.h"
#include "store/contacts.h"
#include "store/tickets.h"

/* fields: channel, direction, occurred_at (RFC 3339; default now, not in
 * the future), participants, summary, contact_id (a contact of this
 * customer), ticket_id. Borrowed; JSON types checked by the API. */
int interactions_create(const struct principal *who, int64_t customer_id, json_t *fields,
			struct interaction_rec *out, struct verr *v);
int interactions_get(const struct principal *who, int64_t id, struct interaction_rec *out);
int interactions_delete(const struct principal *who, int64_t id);
/* Newest first, strictly before (before_at, before_id); before_at 0 for
 * the newest. */
int interactions_list(const struct principal *who, int64_t customer_id, int64_t before_at,
		      int64_t before_id, struct interaction_rec *out, int limit, int *n);

/* One timeline entry: key.kind tells which member holds it. */
struct timeline_item {
	struct timeline_key key;
	union {
		struct interaction_rec interaction; /* kind "interaction" */
		struct customer_change change;      /* kind "change", masked */
		struct ticket_event ticket;         /* kind "ticket": created or closed */
		struct cc_call call;                /* kind "call" */
	} u;
};

/* Newest first by (at, kind, id), strictly after cursor (NULL or at 0 for
 * the newest). Change rows are masked as the customer's history is. */
int customers_timeline(const struct principal *who, int64_t customer_id,
		       const struct timeline_key *cursor, struct timeline_item *out,
		       int limit, int *n);

#endif
