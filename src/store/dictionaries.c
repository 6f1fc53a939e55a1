#include "store/dictionaries.h"
#include "store/db.h"
#include "lib/err.h"

#include <string.h>

#define ITEM_COLS "kind, code, label, coalesce(parent_code, ''), sort, enabled, updated_at "

static void item_from_row(sqlite3_stmt *st, void *row)
{
	struct dict_item *it = row;

	memset(it, 0, sizeof *it);
	db_col_text(st, 0, it->kind, sizeof it->kind);
	db_col_text(st, 1, it->code, sizeof it->code);
	db_col_text(st, 2, it->label, sizeof it->label);
	db_col_text(st, 3, it->parent_code, sizeof it->parent_code);
	it->sort = sqlite3_column_int64(st, 4);
	it->enabled = sqlite3_column_int(st, 5) != 0;
	it->updated_at = sqlite3_column_int64(st, 6);
}

static void kind_from_row(sqlite3_stmt *st, void *row)
{
	struct dict_kind *k = row;

	memset(k, 0, sizeof *k);
	db_col_text(st, 0, k->kind, sizeof k->kind);
	db_col_text(st, 1, k->label, sizeof k->label);
	db_col_text(st, 2, k->label_en, sizeof k->label_en);
	k->tree = sqlite3_column_int(st, 3) != 0;
}

int store_dict_kinds(struct db *db, struct dict_kind *out, int max, int *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT kind, label, label_en, tree FROM dictionary_kinds"
				   " ORDER BY sort, kind");

	*n = 0;
	if (!st)
		return GX_EDB;
	return db_rows(st, kind_from_row, out, sizeof *out, max, n);
}

int store_dict_kind_get(struct db *db, const char *kind, struct dict_kind *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT kind, label, label_en, tree FROM dictionary_kinds"
				   " WHERE kind = ?");

	if (!st)
		return GX_EDB;
	db_bind_text(st, 1, kind);
	return db_row(st, kind_from_row, out);
}

int store_dict_items(struct db *db, const char *kind, bool with_disabled,
		     struct dict_item *out, int max, int *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " ITEM_COLS "FROM dictionaries"
				   " WHERE kind = ? AND (? OR enabled) ORDER BY sort, code");

	*n = 0;
	if (!st)
		return GX_EDB;
	db_bind_text(st, 1, kind);
	sqlite3_bind_int(st, 2, with_disabled);
	return db_rows(st, item_from_row, out, sizeof *out, max, n);
}

int store_dict_get(struct db *db, const char *kind, const char *code, struct dict_item *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " ITEM_COLS "FROM dictionaries"
				   " WHERE kind = ? AND code = ?");

	if (!st)
		return GX_EDB;
	db_bind_text(st, 1, kind);
	db_bind_text(st, 2, code);
	return db_row(st, item_from_row, out);
}

int store_dict_insert(struct db *db, const struct dict_item *it)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO dictionaries (kind, code, label, parent_code,"
				   " sort, enabled, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)");

	if (!st)
		return GX_EDB;
	db_bind_text(st, 1, it->kind);
	db_bind_text(st, 2, it->code);
	db_bind_text(st, 3, it->label);
	db_bind_text(st, 4, it->parent_code[0] ? it->parent_code : NULL);
	sqlite3_bind_int64(st, 5, it->sort);
	sqlite3_bind_int(st, 6, it->enabled);
	sqlite3_bind_int64(st, 7, it->updated_at);
	return db_step_done(db, st);
}

int store_dict_update(struct db *db, const struct dict_item *it)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE dictionaries SET label = ?, parent_code = ?,"
				   " sort = ?, enabled = ?, updated_at = ? WHERE kind = ? AND code = ?");
	int rc;

	if (!st)
		return GX_EDB;
	db_bind_text(st, 1, it->label);
	db_bind_text(st, 2, it->parent_code[0] ? it->parent_code : NULL);
	sqlite3_bind_int64(st, 3, it->sort);
	sqlite3_bind_int(st, 4, it->enabled);
	sqlite3_bind_int64(st, 5, it->updated_at);
	db_bind_text(st, 6, it->kind);
	db_bind_text(st, 7, it->code);
	if ((rc = db_step_done(db, st)) != 0)
		return rc;
	return db_changes(db) ? 0 : GX_ENOTFOUND;
}

int store_dict_delete(struct db *db, const char *kind, const char *code)
{
	sqlite3_stmt *st = db_stmt(db, "DELETE FROM dictionaries WHERE kind = ? AND code = ?");
	int rc;

	if (!st)
		return GX_EDB;
	db_bind_text(st, 1, kind);
	db_bind_text(st, 2, code);
	if ((rc = db_step_done(db, st)) != 0)
		return rc;
	return db_changes(db) ? 0 : GX_ENOTFOUND;
}

int store_dict_children(struct db *db, const char *kind, const char *code, int *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM dictionaries"
				   " WHERE kind = ? AND parent_code = ?");
	int rc;

	*n = 0;
	if (!st)
		return GX_EDB;
	db_bind_text(st, 1, kind);
	db_bind_text(st, 2, code);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : GX_EDB;
}

int store_dict_label_taken(struct db *db, const char *kind, const char *parent,
			   const char *label, const char *except_code, bool *taken)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM dictionaries WHERE kind = ?"
				   " AND coalesce(parent_code, '') = ? AND label = ? AND code <> ?");
	int rc;

	*taken = false;
	if (!st)
		return GX_EDB;
	db_bind_text(st, 1, kind);
	db_bind_text(st, 2, parent);
	db_bind_text(st, 3, label);
	db_bind_text(st, 4, except_code);
	rc = sqlite3_step(st);
	*taken = rc == SQLITE_ROW;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : GX_EDB;
}
