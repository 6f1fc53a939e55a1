/* ticket_flow.h - the closed loop of a work order (SVC-2) as a table: each
 * row is one allowed move from a state to a state, the permission it
 * takes, the fields the request must carry and may carry, and the label
 * of its button. A move that is not in the table is refused (409); the
 * order page offers exactly the rows that start at the order's state.
 *
 * States: new → accepted → dispatched → in_progress ⇄ waiting → resolved
 * → callback (回访) → closed; reopen from callback, or from closed within
 * TKT_REOPEN_WINDOW_MS of closing. */
#ifndef GX_DOMAIN_TICKET_FLOW_H
#define GX_DOMAIN_TICKET_FLOW_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/perm.h"

#define TKT_REOPEN_WINDOW_MS (7LL * 24 * 3600 * 1000)

/* Groups of request fields a move takes. */
enum tkt_fields {
	TF_NOTE = 1 << 0,       /* note: the reason or remark, kept on the event */
	TF_TARGET = 1 << 1,     /* team_id and/or assignee_id (one at least when required) */
	TF_RESOLUTION = 1 << 2, /* resolution */
	TF_RATING = 1 << 3,     /* rating 1–5 (the one required) and rating_comment */
	TF_FAULT = 1 << 4,      /* fault_location and fault_nature (both when required) */
	TF_REPAIR_TEAM = 1 << 5,/* repair_team_id */
	TF_RESTORED = 1 << 6,   /* restored_at */
	TF_NOTIFIED = 1 << 7,   /* customer_notified_at */
};

struct tkt_move {
	const char *from, *to;
	const char *action;   /* accept, dispatch, start, wait, resume, resolve,
				 callback, close, reopen: the event's name */
	enum perm perm;
	unsigned required;    /* TF_* that must be given */
	unsigned allowed;     /* TF_* that may be given (required included) */
	unsigned repair_required; /* TF_* a repair order must have, given now or
				     already on the order */
	const char *label;    /* the button, in Chinese */
};

/* The move from from to to, or NULL if the loop has none. */
const struct tkt_move *tkt_flow_find(const char *from, const char *to);

/* The i-th move of the table (i from 0), NULL past the end; the moves of
 * one state are in the order their buttons are shown. */
const struct tkt_move *tkt_flow_at(size_t i);

/* True if s names a state; its Chinese label ("" for none). */
bool tkt_state_valid(const char *s);
const char *tkt_state_label(const char *s);

/* The request fields of a TF_* group, NULL-terminated. */
const char *const *tkt_flow_field_names(enum tkt_fields f);

#endif
