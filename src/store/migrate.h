/* migrate.h - numbered schema migrations, embedded in the binary from
 * src/store/migrations/NNNN_name.sql (never edited once landed). */
#ifndef GX_MIGRATE_H
#define GX_MIGRATE_H

#include <stddef.h>

struct db;

struct migration {
	int version;
	const char *name;
	const char *sql;
};

extern const struct migration migrations[];
extern const size_t migrations_count;

/* Applies every migration newer than the database's, each in its own
 * transaction, then brings the regions table up to date with the data
 * compiled in (store/regions.h). Returns the number applied (>= 0) or
 * GX_EDB. */
int migrate_apply(struct db *db);

/* The highest applied version, 0 for an empty database, or GX_EDB. */
int migrate_version(struct db *db);

#endif
