#include "store/custom_fields.h"
#include "store/db.h"
#include "lib/err.h"

#include <stdio.h>

#define CFIELD_COLS "id, key, label, kind, choices, applies_to, required, searchable," \
		    " enabled, sort, created_at, version"

static void cfield_from_row(sqlite3_stmt *st, void *row)
{
	struct custom_field *f = row;

	f->id = sqlite3_column_int64(st, 0);
	db_col_text(st, 1, f->key, sizeof f->key);
	db_col_text(st, 2, f->label, sizeof f->label);
	db_col_text(st, 3, f->kind, sizeof f->kind);
	db_col_text(st, 4, f->choices, sizeof f->choices);
	db_col_text(st, 5, f->applies_to, sizeof f->applies_to);
	f->required = sqlite3_column_int(st, 6);
	f->searchable = sqlite3_column_int(st, 7);
	f->enabled = sqlite3_column_int(st, 8);
	f->sort = sqlite3_column_int(st, 9);
	f->created_at = sqlite3_column_int64(st, 10);
	f->version = sqlite3_column_int64(st, 11);
}

int store_cfield_list(struct db *db, struct custom_field *out, int max, int *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " CFIELD_COLS " FROM custom_fields"
				   " ORDER BY sort, id");

	*n = 0;
	if (!st)
		return GX_EDB;
	return db_rows(st, cfield_from_row, out, sizeof *out, max, n);
}

int store_cfield_get(struct db *db, int64_t id, struct custom_field *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " CFIELD_COLS " FROM custom_fields WHERE id = ?");

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, id);
	return db_row(st, cfield_from_row, out);
}

static void bind_def(sqlite3_stmt *st, const struct custom_field *f)
{
	db_bind_text(st, 1, f->label);
	db_bind_text(st, 2, f->kind);
	db_bind_text(st, 3, f->choices);
	db_bind_text(st, 4, f->applies_to);
	sqlite3_bind_int(st, 5, f->required);
	sqlite3_bind_int(st, 6, f->searchable);
	sqlite3_bind_int(st, 7, f->enabled);
	sqlite3_bind_int(st, 8, f->sort);
}

int store_cfield_insert(struct db *db, struct custom_field *f)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO custom_fields (label, kind, choices,"
				   " applies_to, required, searchable, enabled, sort, key,"
				   " created_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)");
	int rc;

	if (!st)
		return GX_EDB;
	bind_def(st, f);
	db_bind_text(st, 9, f->key);
	sqlite3_bind_int64(st, 10, f->created_at);
	if ((rc = db_step_done(db, st)) != 0)
		return rc;
	f->id = db_last_id(db);
	f->version = 1;
	return 0;
}

int store_cfield_update(struct db *db, struct custom_field *f)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE custom_fields SET label = ?, kind = ?,"
				   " choices = ?, applies_to = ?, required = ?, searchable = ?,"
				   " enabled = ?, sort = ?, version = version + 1"
				   " WHERE id = ? AND version = ?");
	int rc;

	if (!st)
		return GX_EDB;
	bind_def(st, f);
	sqlite3_bind_int64(st, 9, f->id);
	sqlite3_bind_int64(st, 10, f->version);
	if ((rc = db_step_versioned(db, st, "SELECT 1 FROM custom_fields WHERE id = ?", f->id)) != 0)
		return rc;
	f->version++;
	return 0;
}

int store_cfield_reindex(struct db *db, const char *key, bool searchable)
{
	sqlite3_stmt *st = db_stmt(db, "DELETE FROM customer_ext_index WHERE field = ?");
	char path[CFIELD_KEY_LEN + 8];
	int rc;

	if (!st)
		return GX_EDB;
	db_bind_text(st, 1, key);
	if ((rc = db_step_done(db, st)) != 0 || !searchable)
		return rc;
	snprintf(path, sizeof path, "$.\"%s\"", key);
	if (!(st = db_stmt(db, "INSERT OR IGNORE INTO customer_ext_index (field, value,"
			   " customer_id) SELECT ?1, CAST(json_extract(ext, ?2) AS TEXT), id"
			   " FROM customers WHERE deleted_at IS NULL"
			   " AND json_extract(ext, ?2) IS NOT NULL")))
		return GX_EDB;
	db_bind_text(st, 1, key);
	db_bind_text(st, 2, path);
	return db_step_done(db, st);
}
