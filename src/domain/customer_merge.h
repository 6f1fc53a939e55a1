/* customer_merge.h - likely duplicates (CUS-10) and merging two customers
 * into one.
 *
 * A likely duplicate shares a phone number or the ID number with the
 * record, or has the same name and company (for organisations: the same
 * name). Merging keeps the target: it gains the other's phones, emails,
 * tags and extension values, fills its empty fields from it, and takes
 * over its contacts, interactions and tasks; the other is deleted and
 * marked as merged, and its history stays readable from the target. Both
 * histories record the merge. */
#ifndef GX_DOMAIN_CUSTOMER_MERGE_H
#define GX_DOMAIN_CUSTOMER_MERGE_H

#include "domain/customers.h"

#define CUST_DUPS_MAX 10

struct customer_dup {
	int64_t id;
	char name[CUST_TEXT_LEN];
	char company[CUST_TEXT_LEN];
	unsigned why; /* DUP_* bits of store/customers.h */
};

/* Likely duplicates of the customer described by fields (type, name,
 * company, phones, id_number; borrowed), other than exclude_id. Those in
 * who's scope go to out; *hidden counts the others, which are not named.
 * Malformed phones or ID numbers are ignored: this only warns. */
int customers_duplicates(const struct principal *who, json_t *fields, int64_t exclude_id,
			 struct customer_dup *out, int max, int *n, int *hidden);

/* Merges customer from into customer id (whose version must be current);
 * needs customer.merge and both in scope. */
int customers_merge(const struct principal *who, int64_t id, int64_t version, int64_t from,
		    struct customer_rec *out, struct customer_view *view, struct verr *v);

#endif
