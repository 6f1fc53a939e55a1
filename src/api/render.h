/* render.h - JSON shapes of records that more than one resource returns. */
#ifndef GX_API_RENDER_H
#define GX_API_RENDER_H

#include <jansson.h>

#include "domain/perm.h"
#include "store/accounts.h"

/* The User object of docs/API.md, with the user's permissions looked up
 * as who. Returns a new reference, NULL on storage failure. */
json_t *render_user(const struct principal *who, const struct user_rec *u);

#endif
