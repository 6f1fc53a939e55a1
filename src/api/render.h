/* render.h - JSON shapes of records that more than one resource returns. */
#ifndef GX_API_RENDER_H
#define GX_API_RENDER_H

#include <jansson.h>

#include "domain/perm.h"
#include "store/accounts.h"
#include "store/customers.h"

/* The User object of docs/API.md. Returns a new reference. */
json_t *render_user(const struct user_rec *u);

/* One row of a customer's change history: {id, at, actor, action, field,
 * old, new, contact} (contact {id, name} or null). New reference. */
json_t *render_change(const struct customer_change *h);

#endif
