/* customers_impl.h - the parts of domain/customers.c that its sibling
 * modules (review, duplicates and merge) share. Not for other layers. */
#ifndef GX_DOMAIN_CUSTOMERS_IMPL_H
#define GX_DOMAIN_CUSTOMERS_IMPL_H

#include "domain/customers.h"

struct db;

/* Which customers who may see (CUS-12). */
void cust_scope_of(const struct principal *who, struct customer_scope *s);
bool cust_in_scope(const struct customer_scope *s, const struct customer_rec *c);

/* The customer id if in who's scope (and not deleted unless with_deleted). */
int cust_load(struct db *db, const struct principal *who, int64_t id, bool with_deleted,
	      struct customer_rec *out);

/* Views of recs[0..n) for who, with one audit row naming what when
 * anything sensitive is shown unmasked (what NULL: no audit). */
int cust_fill_views(struct db *db, const struct principal *who,
		    const struct customer_rec *recs, struct customer_view *views,
		    int n, const char *what);

/* One history row per field that differs between before (NULL for a new
 * customer) and after, in the caller's transaction. */
int cust_write_history(struct db *db, const struct principal *who, const char *action,
		       const struct customer_rec *before, const struct customer_rec *after);

/* One history row of the given field, in the caller's transaction. */
int cust_history_note(struct db *db, const struct principal *who, int64_t customer_id,
		      const char *action, const char *field, const char *old_value,
		      const char *new_value);

/* Fills into's empty fields from from; lists (phones, emails, tags) and
 * extension values are joined, from's remarks appended. */
void cust_absorb(struct customer_rec *into, const struct customer_rec *from);

/* Puts a new or changed record into review when review is switched on
 * (CUS-6): the author is who, earlier reviews are cleared. */
void cust_review_on_change(struct db *db, const struct principal *who,
			   struct customer_rec *c);

#endif
