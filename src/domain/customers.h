/* customers.h - customer records (CUS-1, CUS-7, CUS-9, CUS-12): field
 * rules, who sees which customers, masking of sensitive fields, change
 * history written with every change, and the audit of unmasked reads.
 *
 * Scope: the broadest of customer.scope.all / .team (the reader's team,
 * and customers they own) / .own (customers they own). A customer out of
 * scope is GX_ENOTFOUND, never GX_EPERM, so its existence does not leak.
 *
 * Sensitive fields (phones, ID number, the subjective profile) are masked unless the reader holds
 * customer.read_sensitive; every call that returns them unmasked appends a
 * customer.view_sensitive audit row naming the customers shown. */
#ifndef GX_DOMAIN_CUSTOMERS_H
#define GX_DOMAIN_CUSTOMERS_H

#include <jansson.h>

#include "domain/perm.h"
#include "lib/err.h"
#include "store/customers.h"

/* What a reader may see of the sensitive fields of one customer. */
struct customer_view {
	int nphones;
	char phones[CUST_PHONES_MAX][CUST_PHONE_LEN];
	char id_number[40]; /* "" when none */
	bool subjective_masked; /* preferences, dislikes, habits, religion hidden */
};

/* fields: a JSON object of the fields to set (see docs/API.md), borrowed;
 * the API has checked their JSON types. v may arrive holding errors found
 * by the caller; nothing is written unless it ends empty. */
int customers_create(const struct principal *who, json_t *fields,
		     struct customer_rec *out, struct customer_view *view,
		     struct verr *v);

/* The two steps of customers_create, for callers that create many in one
 * transaction of their own (imports); the caller has checked
 * customer.write and got db. customers_prepare_new checks fields for a new
 * customer into out (defaults, owner, team, scope) and writes nothing:
 * 0 or GX_EINVAL with v filled. customers_insert stores a prepared
 * customer with its "create" history rows inside the caller's open write
 * transaction and sets c->id. bulk: one of many; the caller then calls
 * customers_insert_finish with the first and last id before committing, to
 * index all their phone numbers at once. */
int customers_prepare_new(struct db *db, const struct principal *who, json_t *fields,
			  struct customer_rec *out, struct verr *v);
int customers_insert(struct db *db, const struct principal *who, struct customer_rec *c,
		     bool bulk);
int customers_insert_finish(struct db *db, int64_t first_id, int64_t last_id);

int customers_update(const struct principal *who, int64_t id, int64_t version,
		     json_t *fields, struct customer_rec *out,
		     struct customer_view *view, struct verr *v);
int customers_delete(const struct principal *who, int64_t id, int64_t version);
int customers_restore(const struct principal *who, int64_t id,
		      struct customer_rec *out, struct customer_view *view);

int customers_get(const struct principal *who, int64_t id,
		  struct customer_rec *out, struct customer_view *view);

/* Search and list (q and filters as in docs/API.md; NULL for none).
 * Name and pinyin searches come in key order (match_key of each record),
 * the others newest first. */
struct customer_search {
	const char *q, *type, *tier, *tag;
	const char *review, *region, *ext_field, *ext_value;
	int64_t created_from, created_to; /* ms */
	int64_t owner_id, after_id;
	const char *after_key; /* name and pinyin searches page by key and id */
	const char *sort; /* newest (default), oldest, updated, name; lists only */
	int limit;
};
int customers_list(const struct principal *who, const struct customer_search *s,
		   struct customer_rec *out, struct customer_view *views, int *n,
		   struct verr *v);

/* The store query for a search by who: filters checked (GX_EINVAL with v
 * filled), q classified into text (cap bytes, which q->text may point
 * into), the reader's scope applied. */
int customers_query(const struct principal *who, const struct customer_search *s,
		    struct customer_query *q, char *text, size_t cap, struct verr *v);

/* Fills the reader's view of c, masked unless who holds
 * customer.read_sensitive; true if it shows anything sensitive unmasked.
 * Writes no audit row: callers that show it unmasked do. */
bool customers_view(const struct principal *who, const struct customer_rec *c,
		    struct customer_view *view);

/* Customers in scope with exactly this phone number. */
int customers_lookup_phone(const struct principal *who, const char *phone,
			   struct customer_rec *out, struct customer_view *views,
			   int max, int *n, struct verr *v);

/* Every customer (not deleted) with exactly this phone, at most max, on
 * the caller's connection db (inside its transaction): for routing a
 * call, which shows nothing to anyone, so it needs no reader and writes no
 * audit. A number that is no phone matches none. */
int customers_match_phone(struct db *db, const char *phone, struct customer_rec *out, int max,
			  int *n);

/* 0 if the customer exists, is not deleted and is in who's scope (copies
 * its name into name, cap bytes); GX_ENOTFOUND otherwise, also when who
 * may not read customers. For other modules that link to a customer. */
int customers_visible(const struct principal *who, int64_t id, char *name, size_t cap);

/* History newest first, sensitive values masked as for the record. */
int customers_history(const struct principal *who, int64_t id, int64_t before_id,
		      int limit, struct customer_change *out, int *n);

/* For the records that belong to a customer (contacts, interactions): the
 * same scope, text rules, masking and audit as the customer itself. */
struct db;
/* The customer if it is in who's scope and not deleted; else GX_ENOTFOUND. */
int customers_load_scoped(struct db *db, const struct principal *who, int64_t id,
			  struct customer_rec *out);
bool customers_email_ok(const char *s);
/* Masks (or opens) the sensitive values of one history row in place;
 * true if it shows one unmasked. */
bool customers_mask_change(const struct principal *who, struct customer_change *h);
/* One customer.view_sensitive audit row (own transaction) for an answer
 * that showed sensitive values of customer c; what names the answer. */
int customers_audit_reveal(struct db *db, const struct principal *who,
			   const struct customer_rec *c, const char *what);

#endif
