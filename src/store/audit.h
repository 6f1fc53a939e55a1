/* audit.h - storage of the append-only audit log. The hash chain itself is
 * computed and checked in domain/audit.c. */
#ifndef GX_STORE_AUDIT_H
#define GX_STORE_AUDIT_H

#include <stdint.h>

struct db;

#define AUDIT_HASH_HEX 65
#define AUDIT_DETAIL_MAX 1024

struct audit_rec {
	int64_t id, at, actor_id; /* actor_id 0: system or anonymous */
	char actor[64];
	char action[48];
	char target[128];
	char detail[AUDIT_DETAIL_MAX];
	char ip[64];
	char prev_hash[AUDIT_HASH_HEX];
	char hash[AUDIT_HASH_HEX];
};

/* Hash of the newest row into out, "" when the log is empty. Must be
 * called inside the write transaction that appends, so no row can slip in
 * between reading the last hash and appending. */
int store_audit_last_hash(struct db *db, char out[AUDIT_HASH_HEX]);

/* Appends r and sets r->id. */
int store_audit_insert(struct db *db, struct audit_rec *r);

/* Up to limit rows with id < before_id (0: from the newest), newest first. */
int store_audit_list(struct db *db, int64_t before_id, int limit,
		     struct audit_rec *out, int *n);

/* Calls fn for each row in id order until fn returns non-zero (which is
 * returned). 0 when all rows were visited, GX_EDB on storage errors. */
int store_audit_scan(struct db *db, int (*fn)(const struct audit_rec *, void *),
		     void *arg);

#endif
