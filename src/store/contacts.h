/* contacts.h - storage of a customer's contacts (CUS-2), its interactions
 * (CUS-8) and the keys of its timeline. Rules, scope, masking and the
 * history rows live in domain/contacts.c and domain/interactions.c. */
#ifndef GX_STORE_CONTACTS_H
#define GX_STORE_CONTACTS_H

#include <stdbool.h>
#include <stdint.h>

#include "store/customers.h"

struct db;

#define CONTACT_PHONES_MAX 5
#define CONTACTS_PER_CUSTOMER_MAX 200
#define INTERACTION_PARTICIPANTS_LEN 604 /* 200 characters */

struct contact_rec {
	int64_t id, customer_id;
	char name[CUST_TEXT_LEN];
	char title[CUST_TEXT_LEN];
	char department[CUST_TEXT_LEN];
	char salutation[CUST_TEXT_LEN];
	int nphones;
	char phones[CONTACT_PHONES_MAX][CUST_PHONE_LEN];
	char email[CUST_EMAIL_LEN];
	char decision_role[20];
	char remarks[CUST_REMARKS_LEN];
	int64_t created_by, created_at, updated_at, version;
};

/* 0 or GX_ENOTFOUND. */
int store_contact_get(struct db *db, int64_t id, struct contact_rec *out);
/* A customer's contacts in the order they were added, at most max. */
int store_contacts_of(struct db *db, int64_t customer_id, struct contact_rec *out,
		      int max, int *n);
int store_contacts_count(struct db *db, int64_t customer_id, int *n);
/* Sets c->id and c->version (1). */
int store_contact_insert(struct db *db, struct contact_rec *c);
/* Writes c if its version is still c->version, then bumps it. GX_EVERSION
 * if stale, GX_ENOTFOUND if absent. */
int store_contact_update(struct db *db, struct contact_rec *c, int64_t now_ms);
int store_contact_delete(struct db *db, int64_t id);

struct interaction_rec {
	int64_t id, customer_id, contact_id, ticket_id; /* 0: none */
	char channel[12], direction[12];
	int64_t occurred_at;
	char participants[INTERACTION_PARTICIPANTS_LEN];
	char summary[CUST_REMARKS_LEN];
	char contact_name[CUST_TEXT_LEN];      /* "" when no contact */
	int64_t created_by, created_at;
	char created_by_name[NAME_MAX_BYTES];  /* display name, "" if none */
};

int store_interaction_get(struct db *db, int64_t id, struct interaction_rec *out);
/* Sets i->id. */
int store_interaction_insert(struct db *db, struct interaction_rec *i);
int store_interaction_delete(struct db *db, int64_t id);
/* Newest first by (occurred_at, id), strictly before the cursor
 * (before_at 0: from the newest). */
int store_interactions_of(struct db *db, int64_t customer_id, int64_t before_at,
			  int64_t before_id, struct interaction_rec *out, int limit, int *n);

/* One entry of a customer's timeline: its kind ("interaction", "change",
 * "ticket": a work order's creation or closing, "call") names the table
 * its id belongs to (ticket_events for "ticket", cc_calls for "call"). Ordered newest first by (at, kind,
 * id), all descending. */
struct timeline_key {
	int64_t at, id;
	char kind[16];
};

/* Keys strictly after the cursor in that order (cursor->at 0: from the
 * newest). */
int store_timeline(struct db *db, int64_t customer_id, const struct timeline_key *cursor,
		   struct timeline_key *out, int limit, int *n);

#endif
