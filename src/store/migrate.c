#include "store/migrate.h"
#include "store/db.h"
#include "store/regions.h"
#include "lib/clock.h"
#include "lib/err.h"
#include "lib/log.h"

static const char *const schema_table =
	"CREATE TABLE IF NOT EXISTS schema_migrations ("
	" version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
	" applied_at INTEGER NOT NULL)";

int migrate_version(struct db *db)
{
	sqlite3_stmt *st;
	int v = 0;

	if (db_exec(db, schema_table) != 0)
		return GX_EDB;
	st = db_stmt(db, "SELECT coalesce(max(version), 0) FROM schema_migrations");
	if (!st)
		return GX_EDB;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return v;
}

int migrate_apply(struct db *db)
{
	int current = migrate_version(db), applied = 0;

	if (current < 0)
		return current;
	for (size_t i = 0; i < migrations_count; i++) {
		const struct migration *m = &migrations[i];
		sqlite3_stmt *st;

		if (m->version <= current)
			continue;
		if (db_begin(db, true) != 0 || db_exec(db, m->sql) != 0)
			goto fail;
		st = db_stmt(db, "INSERT INTO schema_migrations (version, name,"
				 " applied_at) VALUES (?, ?, ?)");
		if (!st)
			goto fail;
		sqlite3_bind_int(st, 1, m->version);
		sqlite3_bind_text(st, 2, m->name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, clock_now_ms());
		if (db_step_done(db, st) != 0 || db_commit(db) != 0)
			goto fail;
		log_info("migration_applied", "{s:i,s:s}", "version", m->version,
			 "name", m->name);
		applied++;
	}
	/* Reference data that ships with the binary rather than in a
	 * migration, so that updating it needs no new schema version. */
	if (store_regions_sync(db) != 0)
		goto fail;
	return applied;
fail:
	db_rollback(db);
	log_error("migration_failed", NULL);
	return GX_EDB;
}
