/* audit.h - the tamper-evident audit log (SYS-2).
 *
 * Each row's hash is SHA-256 over its fields and the previous row's hash,
 * so editing or deleting any row (except the newest, which nothing
 * follows) breaks the chain at a row that audit_verify names. */
#ifndef GX_DOMAIN_AUDIT_H
#define GX_DOMAIN_AUDIT_H

#include <jansson.h>
#include <stdint.h>

#include "store/audit.h"

struct db;
struct principal;

/* Appends one row inside the caller's open write transaction. who may be
 * NULL for an anonymous actor, named by actor (e.g. the username typed at
 * a failed sign-in). detail is borrowed and may be NULL. */
int audit_append(struct db *db, const struct principal *who, const char *actor,
		 const char *action, const char *target, json_t *detail);

/* Checks the whole chain. Returns 0 if intact (*rows set), 1 if a row is
 * bad (*bad_id and why (128 bytes) set), or a negative error. */
int audit_verify(struct db *db, int64_t *rows, int64_t *bad_id, char *why);

/* Newest-first page for a principal with audit.read. */
int audit_list(const struct principal *who, int64_t before_id, int limit,
	       struct audit_rec *out, int *n);

#endif
