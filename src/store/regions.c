#include "store/regions.h"
#include "store/db.h"
#include "lib/err.h"
#include "lib/log.h"

#include <jansson.h>
#include <string.h>

#define REGION_COLS                                                          \
	"r.code, r.name, coalesce(r.parent_code, ''), r.level, r.full_name,"  \
	" (SELECT count(*) FROM regions c WHERE c.parent_code = r.code) "

static int64_t region_count(struct db *db)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM regions");
	int64_t n = -1;

	if (st && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	if (st)
		sqlite3_reset(st);
	return n;
}

static int insert_all(struct db *db)
{
	sqlite3_stmt *st;
	int rc;

	if (db_exec(db, "DELETE FROM regions") != 0)
		return GX_EDB;
	for (size_t i = 0; i < regions_data_count; i++) {
		const struct region_row *r = &regions_data[i];
		if (!(st = db_stmt(db, "INSERT INTO regions (code, name, parent_code, level,"
				       " full_name) VALUES (?, ?, ?, ?, ?)")))
			return GX_EDB;
		db_bind_text(st, 1, r->code);
		db_bind_text(st, 2, r->name);
		db_bind_text(st, 3, r->parent[0] ? r->parent : NULL);
		sqlite3_bind_int(st, 4, r->level);
		db_bind_text(st, 5, r->full_name);
		if ((rc = db_step_done(db, st)) != 0)
			return rc;
	}
	return 0;
}

int store_regions_sync(struct db *db)
{
	int64_t have = region_count(db);
	int rc;

	if (have < 0)
		return GX_EDB;
	if (have == (int64_t)regions_data_count)
		return 0;
	if ((rc = db_begin(db, true)) != 0)
		return rc;
	if ((rc = insert_all(db)) != 0 || (rc = db_commit(db)) != 0) {
		db_rollback(db);
		return rc;
	}
	log_info("regions_loaded", "{s:I}", "rows", (json_int_t)regions_data_count);
	return 0;
}

static void region_from_row(sqlite3_stmt *st, void *row)
{
	struct region_rec *r = row;

	memset(r, 0, sizeof *r);
	db_col_text(st, 0, r->code, sizeof r->code);
	db_col_text(st, 1, r->name, sizeof r->name);
	db_col_text(st, 2, r->parent_code, sizeof r->parent_code);
	r->level = sqlite3_column_int(st, 3);
	db_col_text(st, 4, r->full_name, sizeof r->full_name);
	r->children = sqlite3_column_int(st, 5);
}

int store_region_get(struct db *db, const char *code, struct region_rec *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " REGION_COLS "FROM regions r WHERE r.code = ?");

	if (!st)
		return GX_EDB;
	db_bind_text(st, 1, code);
	return db_row(st, region_from_row, out);
}

int store_region_children(struct db *db, const char *parent, struct region_rec *out,
			  int max, int *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " REGION_COLS
		"FROM regions r WHERE r.parent_code IS ? ORDER BY r.code");

	*n = 0;
	if (!st)
		return GX_EDB;
	db_bind_text(st, 1, parent && *parent ? parent : NULL);
	return db_rows(st, region_from_row, out, sizeof *out, max, n);
}
