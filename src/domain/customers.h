/* customers.h - customer records (CUS-1, CUS-7, CUS-9, CUS-12): field
 * rules, who sees which customers, masking of sensitive fields, change
 * history written with every change, and the audit of unmasked reads.
 *
 * Scope: the broadest of customer.scope.all / .team (the reader's team,
 * and customers they own) / .own (customers they own). A customer out of
 * scope is GX_ENOTFOUND, never GX_EPERM, so its existence does not leak.
 *
 * Sensitive fields (phones, ID number) are masked unless the reader holds
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
};

/* fields: a JSON object of the fields to set (see docs/API.md), borrowed;
 * the API has checked their JSON types. v may arrive holding errors found
 * by the caller; nothing is written unless it ends empty. */
int customers_create(const struct principal *who, json_t *fields,
		     struct customer_rec *out, struct customer_view *view,
		     struct verr *v);
int customers_update(const struct principal *who, int64_t id, int64_t version,
		     json_t *fields, struct customer_rec *out,
		     struct customer_view *view, struct verr *v);
int customers_delete(const struct principal *who, int64_t id, int64_t version);
int customers_restore(const struct principal *who, int64_t id,
		      struct customer_rec *out, struct customer_view *view);

int customers_get(const struct principal *who, int64_t id,
		  struct customer_rec *out, struct customer_view *view);

/* Search and list (q and filters as in docs/API.md; NULL for none). */
struct customer_search {
	const char *q, *type, *tier, *tag;
	int64_t owner_id, after_id;
	int limit;
};
int customers_list(const struct principal *who, const struct customer_search *s,
		   struct customer_rec *out, struct customer_view *views, int *n,
		   struct verr *v);

/* Customers in scope with exactly this phone number. */
int customers_lookup_phone(const struct principal *who, const char *phone,
			   struct customer_rec *out, struct customer_view *views,
			   int max, int *n, struct verr *v);

/* 0 if the customer exists, is not deleted and is in who's scope (copies
 * its name into name, cap bytes); GX_ENOTFOUND otherwise, also when who
 * may not read customers. For other modules that link to a customer. */
int customers_visible(const struct principal *who, int64_t id, char *name, size_t cap);

/* History newest first, sensitive values masked as for the record. */
int customers_history(const struct principal *who, int64_t id, int64_t before_id,
		      int limit, struct customer_change *out, int *n);

#endif
