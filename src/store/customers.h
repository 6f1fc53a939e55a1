/* customers.h - storage of customers, their lookup keys (phones, emails,
 * tags, phone fragments) and their change history. Rules, scope and
 * masking live in domain/customers.c; this layer keeps the index tables in
 * step with the record in the caller's transaction. */
#ifndef GX_STORE_CUSTOMERS_H
#define GX_STORE_CUSTOMERS_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/secret.h"
#include "store/accounts.h"

struct db;

#define CUST_PHONES_MAX 5
#define CUST_EMAILS_MAX 5
#define CUST_TAGS_MAX 20
#define CUST_PHONE_LEN 24
#define CUST_EMAIL_LEN 104
#define CUST_TAG_LEN 64
#define CUST_TEXT_LEN 304   /* 100 characters of up to 3 bytes */
#define CUST_ADDRESS_LEN 604
#define CUST_REMARKS_LEN 6004
#define CUST_PROFILE_LEN 1504 /* 500 characters */
#define CUST_EXT_LEN 4096     /* extension values, a JSON object */

struct customer_rec {
	int64_t id;
	char type[16];
	char name[CUST_TEXT_LEN];
	char pinyin[CUST_TEXT_LEN];
	char initials[128];
	int nphones, nemails, ntags;
	char phones[CUST_PHONES_MAX][CUST_PHONE_LEN];
	char emails[CUST_EMAILS_MAX][CUST_EMAIL_LEN];
	char tags[CUST_TAGS_MAX][CUST_TAG_LEN];
	char id_number_sealed[SECRET_SEALED_MAX]; /* "" when none */
	unsigned char id_number_index[SECRET_INDEX_LEN];
	char company[CUST_TEXT_LEN], industry[CUST_TEXT_LEN], source[CUST_TEXT_LEN];
	char gender[12], birthday[12], credit_grade[12], tier[12], lifecycle_stage[12];
	char province[8], city[8], district[8];
	char address[CUST_ADDRESS_LEN];
	char remarks[CUST_REMARKS_LEN];
	int64_t owner_id, team_id, created_by; /* 0: none */
	char owner_name[NAME_MAX_BYTES], team_name[NAME_MAX_BYTES];
	int64_t created_at, updated_at, deleted_at, version;
	/* Profile (CUS-5): objective, subjective (sensitive), care notes. */
	char education[16];
	char preferences[CUST_PROFILE_LEN], dislikes[CUST_PROFILE_LEN];
	char habits[CUST_PROFILE_LEN], religion[CUST_TEXT_LEN];
	char care_notes[CUST_REMARKS_LEN];
	char ext[CUST_EXT_LEN]; /* extension values (CUS-3), "{}" when none */
	/* Review (CUS-6); ids 0 and times 0 when not (yet) given. */
	char review_state[16];
	int64_t review_author_id, first_reviewer_id, second_reviewer_id;
	int64_t first_reviewed_at, second_reviewed_at;
	char first_reviewer_name[NAME_MAX_BYTES], second_reviewer_name[NAME_MAX_BYTES];
	char review_comment[CUST_ADDRESS_LEN];
	int64_t merged_into; /* 0 unless merged into that customer */
	char match_key[CUST_TEXT_LEN]; /* prefix searches: the key that matched */
};

/* Which customers a reader may see: all, or those of a team or owned by a
 * user (either matches). */
struct customer_scope {
	bool all;
	int64_t team_id, owner_id; /* 0: that part does not apply */
};

enum customer_match {
	CM_NONE,      /* newest first, no search */
	CM_NAME,      /* name or company starts with text, in key order */
	CM_PINYIN,    /* initials or full pinyin starts with text, in key order */
	CM_PHONE,     /* phone digits contain text (3+ digits) */
	CM_EMAIL,     /* email equals text (lower-case) */
	CM_PHONE_EXACT, /* a phone number equals text (digits) */
	CM_ID_NUMBER, /* id_number_index equals index */
	CM__COUNT
};

/* The order of a list without a search (CM_NONE); searches keep theirs. */
enum customer_sort {
	CS_NEWEST,  /* by id, newest first */
	CS_OLDEST,  /* by id, oldest first */
	CS_UPDATED, /* most recently changed first; cursor "ID.UPDATED_MS" */
	CS_NAME,    /* by full pinyin (the name where it has none); cursor "ID.KEY" */
	CS__COUNT
};

struct customer_query {
	struct customer_scope scope;
	enum customer_match match;
	enum customer_sort sort;
	const char *text;
	unsigned char index[SECRET_INDEX_LEN];
	const char *type, *tier, *tag; /* NULL: any */
	const char *review;            /* review_state, NULL: any */
	const char *region;            /* province, city or district code */
	const char *ext_field, *ext_value; /* a searchable extension field */
	int64_t created_from, created_to; /* ms, 0: open */
	int64_t owner_id;              /* 0: any */
	int64_t after_id;              /* 0: from the newest */
	const char *after_key;         /* CM_NAME, CM_PINYIN: with after_id */
	int limit;
};

/* 0, GX_ENOTFOUND (absent, out of scope, or deleted unless with_deleted). */
int store_customer_get(struct db *db, int64_t id, const struct customer_scope *scope,
		       bool with_deleted, struct customer_rec *out);

/* Sets c->id. Writes the index tables too. */
int store_customer_insert(struct db *db, struct customer_rec *c);

/* For many new customers in one transaction: as store_customer_insert but
 * without the phone-fragment index, which store_customer_index_phones then
 * writes for ids first_id..last_id in one statement before the commit.
 * (A full-text write per customer would make every later statement of the
 * transaction flush the full-text index: several times slower.) */
int store_customer_insert_bulk(struct db *db, struct customer_rec *c);
int store_customer_index_phones(struct db *db, int64_t first_id, int64_t last_id);

/* Writes c over the stored row if its version is still c->version, then
 * bumps version and sets updated_at (and deleted_at as in c). GX_EVERSION
 * if stale, GX_ENOTFOUND if absent. */
int store_customer_update(struct db *db, struct customer_rec *c, int64_t now_ms);

/* Up to q->limit customers in q->sort order (newest first by default);
 * prefix searches by matching key then id, after (after_key, after_id).
 * Rows of key-ordered and CS_UPDATED lists carry their cursor key in
 * match_key. */
int store_customer_list(struct db *db, const struct customer_query *q,
			struct customer_rec *out, int *n);

/* What a new or changed customer is compared with to find likely
 * duplicates (CUS-10). */
struct customer_probe {
	int nphones;
	const char (*phones)[CUST_PHONE_LEN]; /* normalised */
	bool has_index;
	unsigned char index[SECRET_INDEX_LEN]; /* of the ID number */
	const char *name, *company; /* same name and (non-empty) company */
	bool organisation; /* and then the same name among organisations */
	int64_t exclude_id;
};

enum { DUP_PHONE = 1, DUP_ID_NUMBER = 2, DUP_NAME_COMPANY = 4 };

/* Up to max live customers matching the probe, with why (DUP_* bits). */
int store_customer_duplicates(struct db *db, const struct customer_probe *p,
			      int64_t *ids, unsigned *why, int max, int *n);

/* Moves what belongs to customer from (contacts, interactions, tasks,
 * work orders and their events) to
 * customer into, in the caller's transaction. */
int store_customer_move_children(struct db *db, int64_t from, int64_t into);

/* Every customer q matches (q->limit and q->after_id apply as for a list;
 * a limit below 0 is no limit), one row at a time from one prepared
 * statement, newest first. db should be a connection of the caller's own
 * (db_open_private) when the reading spans other work on this thread.
 * open: 0 or GX_EDB. next: 1 with a row in out, 0 at the end, GX_EDB. */
struct customer_cursor;
int store_customer_cursor_open(struct db *db, const struct customer_query *q,
			       struct customer_cursor **out);
int store_customer_cursor_next(struct customer_cursor *c, struct customer_rec *out);
void store_customer_cursor_close(struct customer_cursor *c);

/* 1 if a customer not deleted has this phone number (digits) or this ID
 * number index, 0 if none, GX_EDB. */
int store_customer_phone_taken(struct db *db, const char *phone);
int store_customer_id_taken(struct db *db, const unsigned char index[SECRET_INDEX_LEN]);

struct customer_change {
	int64_t id, customer_id, at, actor_id;
	char actor[64];
	char action[12];
	char field[32];
	int64_t contact_id;                /* 0: about the customer itself */
	char contact_name[CUST_TEXT_LEN];  /* the contact's name at the time */
	char old_value[CUST_REMARKS_LEN];
	char new_value[CUST_REMARKS_LEN];
	bool old_null, new_null;
};

int store_customer_change_add(struct db *db, const struct customer_change *h);

/* Several rows of one change (same customer, time, actor and action), one
 * per field, in as few statements as possible; old NULL is SQL NULL. */
struct customer_change_head {
	int64_t customer_id, at, actor_id; /* actor_id 0: none */
	const char *actor, *action;
};
struct customer_change_item {
	const char *field, *old_value, *new_value;
};
int store_customer_changes_add(struct db *db, const struct customer_change_head *head,
			       const struct customer_change_item *items, int n);
/* Newest first, id < before_id (0: newest); the history of customers
 * merged into this one is included. */

int store_customer_changes(struct db *db, int64_t customer_id, int64_t before_id,
			   int limit, struct customer_change *out, int *n);
/* One history row by id. 0 or GX_ENOTFOUND. */
int store_customer_change_get(struct db *db, int64_t id, struct customer_change *out);

#endif
