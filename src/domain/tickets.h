/* tickets.h - work orders (工单, SVC-1, SVC-2, SVC-6, SVC-7): creation,
 * changes, the closed loop of states (domain/ticket_flow.h), the thread of
 * public replies and internal notes, attachments, list views and bulk
 * actions.
 *
 * Permissions: ticket.read to see, ticket.write to create, change, reply
 * and make the working moves, ticket.assign to dispatch, ticket.close to
 * close, ticket.manage to see and list every team's orders.
 *
 * Scope: without ticket.manage an order is visible when it is in the
 * reader's team, assigned to or made by the reader, or belongs to a
 * customer in the reader's customer scope (domain/customers.h). An order
 * out of scope is GX_ENOTFOUND. List views show the reader's team's orders
 * (or their own: my_open); with ticket.manage every team's. An order
 * escalated to level 2 or more opens for the people of the teams above
 * its own, and the team and overdue views (the overdue board) of the team
 * its escalation has reached list it beside the team's own orders.
 *
 * Every change writes a ticket_events row (who, when, from, to, note) in
 * the transaction of the change. A move the loop does not allow, or a
 * change to a closed order, is GX_ECONFLICT with the reason in v (field
 * "to", "reopen" or "state"). */
#ifndef GX_DOMAIN_TICKETS_H
#define GX_DOMAIN_TICKETS_H

#include <jansson.h>

#include "domain/perm.h"
#include "domain/ticket_flow.h"
#include "lib/err.h"
#include "store/tickets.h"

#define TKT_ATTACHMENT_MAX ((size_t)20 * 1024 * 1024) /* bytes per file */
#define TKT_ATTACHMENTS_PER_TICKET 50
#define TKT_BULK_MAX 100
#define TKT_MOVES_MAX 8 /* most moves out of one state */

/* fields: a JSON object (docs/API.md), borrowed, JSON types checked by the
 * API: type, customer_id and title required; channel (default phone),
 * priority (default normal), category, contact_id, description,
 * fault_location, fault_nature. The order starts in state new in the
 * creator's team. v may arrive holding the caller's errors; nothing is
 * written unless it ends empty. This is the one place an order is made:
 * time limits (SVC-3) are computed here. */
/* Records a change of t in its events, inside the caller's open write
 * transaction: actor_id 0 for the system (the scheduler), from the state
 * before (NULL for none), note may be NULL. */
int tkt_event_record(struct db *db, int64_t actor_id, const struct ticket_rec *t,
		     const char *action, const char *from, const char *note, int64_t now);

int tkt_create(const struct principal *who, json_t *fields, struct ticket_rec *out,
	       struct verr *v);

int tkt_get(const struct principal *who, int64_t id, struct ticket_rec *out);

/* Whether order id exists and is one of customer_id's: what a record that
 * links an order to a customer (an interaction) must hold. 0,
 * GX_ENOTFOUND, or GX_ENOMEM/GX_EDB. */
int tkt_of_customer(struct db *db, int64_t id, int64_t customer_id);

/* Changes the descriptive fields (not state, team or assignee: those are
 * moves) if version is current; GX_EVERSION if not. */
int tkt_update(const struct principal *who, int64_t id, int64_t version, json_t *fields,
	       struct ticket_rec *out, struct verr *v);

/* Moves the order to state to with the move's fields (ticket_flow.h).
 * GX_EINVAL for an unknown state or bad fields, GX_ECONFLICT for a move
 * the loop does not allow now, GX_EPERM without the move's permission. */
int tkt_transition(const struct principal *who, int64_t id, int64_t version, const char *to,
		   json_t *fields, struct ticket_rec *out, struct verr *v);

/* The moves who may make on t now, into out (TKT_MOVES_MAX); returns how
 * many. Pointers into the static table. */
int tkt_moves(const struct principal *who, const struct ticket_rec *t,
	      const struct tkt_move **out);

/* view: my_open (default), team, unassigned, overdue, callback, all,
 * customer (needs customer_id). state, category (with its sub-categories)
 * and q (part of the title, or the order number) narrow it. team_id: the
 * team of the team-scoped views, only with ticket.manage. */
struct tkt_search {
	const char *view, *state, *category, *q;
	int64_t customer_id, team_id, after_id;
	int limit;
};
int tkt_list(const struct principal *who, const struct tkt_search *s, struct ticket_rec *out,
	     int *n, struct verr *v);

/* The order's events, oldest first, after after_id. */
int tkt_events(const struct principal *who, int64_t id, int64_t after_id, int limit,
	       struct ticket_event *out, int *n);

/* A public reply (the first one sets responded_at) or an internal note. */
int tkt_comment_add(const struct principal *who, int64_t id, bool internal, const char *body,
		    struct ticket_comment *out, struct verr *v);
int tkt_comments(const struct principal *who, int64_t id, int64_t after_id, int limit,
		 struct ticket_comment *out, int *n);

/* Stores an attachment: len bytes (borrowed), at most TKT_ATTACHMENT_MAX,
 * of a kind lib/filetype.h accepts, named filename. GX_EINVAL with v
 * (field "file" or "filename") when refused. */
int tkt_attach(const struct principal *who, int64_t id, const char *filename,
	       const void *bytes, size_t len, struct ticket_attachment *out, struct verr *v);
int tkt_attachments(const struct principal *who, int64_t id, struct ticket_attachment *out,
		    int *n);
/* The attachment's metadata and an open descriptor of its bytes (*fd, the
 * caller closes it). */
int tkt_attachment_open(const struct principal *who, int64_t attachment_id,
			struct ticket_attachment *meta, int *fd);
/* By its uploader or a holder of ticket.manage. */
int tkt_attachment_delete(const struct principal *who, int64_t attachment_id);

/* Sets the order's time limits (SVC-3; 0: none) and its next chase
 * moment (the chase then marks it overdue if it is); no event and no new
 * version: the limits are the system's. For loading orders; needs
 * ticket.manage. */
int tkt_set_deadlines(const struct principal *who, int64_t id, int64_t due_response,
		      int64_t due_resolve);

/* Moves the whole history of an order (its times, events, thread and
 * attachments) delta_ms into the past, and its next chase moment with it:
 * for loading historical orders (the demo data). ticket.manage. */
int tkt_shift_history(const struct principal *who, int64_t id, int64_t delta_ms);

/* One order's outcome in a bulk action: rc 0 (version: the new one) or an
 * error with its field and message when the domain gave one. */
struct tkt_bulk_result {
	int64_t id, version;
	int rc;
	char field[48];
	char message[160];
};

/* action: "assign" (dispatch: team_id and/or assignee_id), "priority"
 * (priority) or "close" (reason). Each order is changed on its own, with
 * its own event row; out[i] tells how ids[i] went. GX_EINVAL with v when
 * the action or its fields are wrong (then nothing is changed). */
int tkt_bulk(const struct principal *who, const char *action, const int64_t *ids, int n,
	     json_t *fields, struct tkt_bulk_result *out, struct verr *v);

#endif
