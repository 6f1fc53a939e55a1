/* contacts.h - contacts (联系人) of organisation customers (CUS-2): field
 * rules, access through the customer (its scope, customer.read /
 * customer.write), phones masked like the customer's, and one history row
 * in the customer's change history per changed field (CUS-7), written in
 * the change's transaction with the contact's id and name.
 *
 * Individual customers have no contacts: adding one is GX_EINVAL with the
 * field "customer". A contact whose customer is out of scope or deleted is
 * GX_ENOTFOUND. Answers that show phones unmasked append one
 * customer.view_sensitive audit row, as for customers. */
#ifndef GX_DOMAIN_CONTACTS_H
#define GX_DOMAIN_CONTACTS_H

#include <jansson.h>

#include "domain/perm.h"
#include "lib/err.h"
#include "store/contacts.h"

/* What a reader may see of a contact's phones. */
struct contact_view {
	int nphones;
	char phones[CONTACT_PHONES_MAX][CUST_PHONE_LEN];
};

/* fields: a JSON object (borrowed) whose JSON types the API has checked;
 * v may arrive holding errors found by the caller, nothing is written
 * unless it ends empty. */
int contacts_create(const struct principal *who, int64_t customer_id, json_t *fields,
		    struct contact_rec *out, struct contact_view *view, struct verr *v);
int contacts_update(const struct principal *who, int64_t id, int64_t version,
		    json_t *fields, struct contact_rec *out, struct contact_view *view,
		    struct verr *v);
/* GX_EVERSION if version is stale. */
int contacts_delete(const struct principal *who, int64_t id, int64_t version);
int contacts_get(const struct principal *who, int64_t id, struct contact_rec *out,
		 struct contact_view *view);

/* All contacts of a customer (at most CONTACTS_PER_CUSTOMER_MAX; out and
 * views hold that many), oldest first. customer (optional) receives the
 * customer record; what names the answer in the audit ("contacts",
 * "vcard"). */
int contacts_list(const struct principal *who, int64_t customer_id, const char *what,
		  struct customer_rec *customer, struct contact_rec *out,
		  struct contact_view *views, int *n);

/* Chinese label of a decision role ("decision_maker" -> "决策人"). */
const char *contacts_role_label(const char *role);

#endif
