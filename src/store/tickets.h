/* tickets.h - storage of work orders (SVC-1, SVC-2, SVC-6, SVC-7): the
 * orders, their events (every change of state, assignment or fields),
 * their thread of replies and internal notes, and their attachments'
 * metadata. The rules (states, who may do what, scope) live in
 * domain/tickets.c and domain/ticket_flow.c.
 *
 * Every list is newest first by id and pages by the last id (no OFFSET);
 * each view has its own statement and index (migration 0009). */
#ifndef GX_STORE_TICKETS_H
#define GX_STORE_TICKETS_H

#include <stdbool.h>
#include <stdint.h>

#include "store/accounts.h"
#include "store/customers.h"
#include "store/dictionaries.h"

struct db;

#define TKT_TITLE_LEN 304       /* 100 characters of up to 3 bytes */
#define TKT_DESC_LEN 12004      /* 4000 characters */
#define TKT_RESOLUTION_LEN 6004 /* 2000 characters */
#define TKT_SHORT_LEN 304       /* 100 characters: fault location and nature */
#define TKT_NOTE_LEN 1504       /* 500 characters: event notes, rating comments */
#define TKT_COMMENT_LEN 15004   /* 5000 characters */
#define TKT_FILENAME_LEN 604    /* 200 characters */
#define TKT_WORD_LEN 16         /* type, channel, priority, state, action */

struct ticket_rec {
	int64_t id;
	char type[TKT_WORD_LEN], channel[TKT_WORD_LEN], priority[TKT_WORD_LEN];
	char state[TKT_WORD_LEN];
	char category[DICT_CODE_LEN];        /* "" for none */
	char category_label[DICT_LABEL_LEN]; /* read only */
	int64_t customer_id;
	char customer_name[CUST_TEXT_LEN];   /* read only */
	int64_t contact_id;                  /* 0: none */
	char contact_name[CUST_TEXT_LEN];    /* read only */
	char title[TKT_TITLE_LEN];
	char description[TKT_DESC_LEN];
	int64_t team_id, assignee_id, created_by; /* 0: none */
	char team_name[NAME_MAX_BYTES], assignee_name[NAME_MAX_BYTES];
	char creator_name[NAME_MAX_BYTES];   /* read only, like the other names */
	int64_t created_at, updated_at;
	/* 0 for "not yet" / "none" in every time below. */
	int64_t responded_at, resolved_at, closed_at;
	int64_t due_response_at, due_resolve_at;
	int64_t paused_ms, paused_at;
	bool overdue;
	int escalation_level;
	char resolution[TKT_RESOLUTION_LEN];
	int rating; /* 0: not rated */
	char rating_comment[TKT_NOTE_LEN];
	int64_t rated_at;
	int reopen_count;
	char fault_location[TKT_SHORT_LEN], fault_nature[TKT_SHORT_LEN];
	int64_t repair_team_id;
	char repair_team_name[NAME_MAX_BYTES];
	int64_t restored_at, customer_notified_at;
	int64_t version;
	/* Chasing (domain/ticket_sla.c): the tier the limits were chosen by,
	 * how far the chase has gone, whether a missed first response was
	 * told, and when to look again (0: nothing to chase). */
	char sla_tier[12];
	int sla_stage;
	bool response_late;
	int64_t sla_next_at;
	/* The team above the order's own that its escalation has reached
	 * (level 2: the parent, 3: the grandparent, or the highest there
	 * is); 0: none. Its lists (team, overdue) show the order too. */
	int64_t escalated_team_id;
	char escalated_team_name[NAME_MAX_BYTES]; /* read only */
	/* Not stored: working time left to each deadline when the order was
	 * read (negative once passed); has_* false when none applies. */
	bool has_response_left, has_resolve_left;
	int64_t response_left_ms, resolve_left_ms;
};

/* The order's customer's tier ("" if none), into tier (cap bytes). */
int store_ticket_customer_tier(struct db *db, int64_t customer_id, char *tier, size_t cap);

/* Writes the chase fields of t (overdue, escalation_level, sla_stage,
 * response_late, sla_next_at, escalated_team_id) without bumping its version: they are the
 * scheduler's, not an edit that a user's stale copy should lose to. */
int store_ticket_set_chase(struct db *db, const struct ticket_rec *t);

/* Up to max ids of orders whose sla_next_at is at or before now_ms,
 * earliest first. */
int store_ticket_chase_due(struct db *db, int64_t now_ms, int64_t *ids, int max, int *n);

/* 0 or GX_ENOTFOUND. */
int store_ticket_get(struct db *db, int64_t id, struct ticket_rec *out);

/* Inserts t (created_at set by the caller, updated_at the same) and sets
 * t->id and t->version (1). */
int store_ticket_insert(struct db *db, struct ticket_rec *t);

/* Writes every stored field of t if the row's version is still
 * t->version, then bumps version and sets updated_at to now_ms.
 * GX_EVERSION if stale, GX_ENOTFOUND if absent. */
int store_ticket_update(struct db *db, struct ticket_rec *t, int64_t now_ms);

/* Sets responded_at to at if it is not set yet (the first public reply). */
int store_ticket_mark_responded(struct db *db, int64_t id, int64_t at);

/* Sets the order's time limits (0: none). Does not bump the version: the
 * limits are the system's, not an edit. (Whether the order is overdue is
 * the chase's to decide: domain/ticket_sla.c.) */
int store_ticket_set_deadlines(struct db *db, int64_t id, int64_t due_response,
			       int64_t due_resolve);

/* A finished pause of an order (waiting for the customer), from its
 * events: [from, to), and the event that ended it. */
struct ticket_pause {
	int64_t from, to, end_event_id;
};

/* Up to max of the order's finished pauses, oldest first, ended by an
 * event after after_event_id (0: from the first), into out. */
int store_ticket_pauses(struct db *db, int64_t ticket_id, int64_t after_event_id,
			struct ticket_pause *out, int max, int *n);

/* Moves every time of the order, its events, comments and attachments
 * delta_ms earlier (loading historical orders, the demo data). */
int store_ticket_shift(struct db *db, int64_t id, int64_t delta_ms);

enum ticket_view {
	TKV_MY_OPEN,    /* open, assigned to user_id */
	TKV_TEAM,       /* open, of team_id or escalated to it */
	TKV_UNASSIGNED, /* open, nobody assigned */
	TKV_OVERDUE,    /* open, marked overdue (of team_id or escalated to it) */
	TKV_CALLBACK,   /* resolved or in callback */
	TKV_ALL,        /* any state */
	TKV_CUSTOMER,   /* any state, of customer_id */
	TKV__COUNT
};

struct ticket_query {
	enum ticket_view view;
	bool all_teams;       /* every team's orders; else only team_id's */
	int64_t user_id, team_id, customer_id;
	const char *state;      /* NULL: any */
	const char *categories; /* JSON array of category codes; NULL: any */
	const char *q;          /* part of the title; NULL: any */
	int64_t q_id;           /* an order number q may be; 0: none */
	int64_t after_id;       /* 0: from the newest */
	int limit;
};

/* Up to q->limit orders, newest first, with id < after_id. */
int store_ticket_list(struct db *db, const struct ticket_query *q, struct ticket_rec *out,
		      int *n);

/* Events. */
struct ticket_event {
	int64_t id, ticket_id, customer_id;
	int64_t actor_id; /* 0: system */
	char actor_name[NAME_MAX_BYTES];
	int64_t at;
	char action[TKT_WORD_LEN];
	char from_state[TKT_WORD_LEN]; /* "" for create */
	char to_state[TKT_WORD_LEN];
	char note[TKT_NOTE_LEN];
	char ticket_title[TKT_TITLE_LEN]; /* read only */
	char ticket_type[TKT_WORD_LEN];   /* read only */
};

/* Sets e->id. */
int store_ticket_event_insert(struct db *db, struct ticket_event *e);
int store_ticket_event_get(struct db *db, int64_t id, struct ticket_event *out);
/* Oldest first, id > after_id, at most limit. */
int store_ticket_events(struct db *db, int64_t ticket_id, int64_t after_id, int limit,
			struct ticket_event *out, int *n);

/* The thread. */
struct ticket_comment {
	int64_t id, ticket_id;
	bool internal;
	char body[TKT_COMMENT_LEN];
	int64_t author_id; /* 0: system */
	char author_name[NAME_MAX_BYTES];
	int64_t created_at;
};

/* Sets c->id. */
int store_ticket_comment_insert(struct db *db, struct ticket_comment *c);
/* Oldest first, id > after_id, at most limit. */
int store_ticket_comments(struct db *db, int64_t ticket_id, int64_t after_id, int limit,
			  struct ticket_comment *out, int *n);

/* Attachments (metadata; the bytes are in store/blobs.h by sha256). */
struct ticket_attachment {
	int64_t id, ticket_id;
	char filename[TKT_FILENAME_LEN];
	char content_type[96];
	int64_t size;
	char sha256[65];
	int64_t uploaded_by;
	char uploader_name[NAME_MAX_BYTES];
	int64_t created_at;
};

/* Sets a->id. */
int store_ticket_attachment_insert(struct db *db, struct ticket_attachment *a);
/* 0 or GX_ENOTFOUND. */
int store_ticket_attachment_get(struct db *db, int64_t id, struct ticket_attachment *out);
/* Oldest first, at most max. */
int store_ticket_attachments(struct db *db, int64_t ticket_id, struct ticket_attachment *out,
			     int max, int *n);
int store_ticket_attachment_delete(struct db *db, int64_t id);
/* How many attachments (of any order) use the file with this digest. */
int store_ticket_attachment_uses(struct db *db, const char *sha256, int *n);

#endif
