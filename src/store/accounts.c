#include "store/accounts.h"
#include "store/db.h"
#include "lib/err.h"

#include <string.h>

/* Roles and permissions come along as comma lists so that one statement
 * reads a whole user, also for a page of users. */
#define USER_COLS                                                           \
	"u.id, u.username, u.display_name, u.password_hash, "               \
	"coalesce(u.team_id, 0), coalesce(t.name, ''), u.level, u.disabled, " \
	"u.created_at, u.updated_at, u.version, "                           \
	"(SELECT group_concat(name) FROM (SELECT r.name FROM user_roles ur" \
	" JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id"        \
	" ORDER BY r.id)), "                                                \
	"(SELECT group_concat(permission) FROM (SELECT DISTINCT"            \
	" rp.permission FROM user_roles ur JOIN role_permissions rp"        \
	" ON rp.role_id = ur.role_id WHERE ur.user_id = u.id ORDER BY 1)) "
#define USER_FROM " FROM users u LEFT JOIN teams t ON t.id = u.team_id "

static void user_split_roles(const char *csv, struct user_rec *u)
{
	u->nroles = 0;
	while (csv && *csv && u->nroles < ROLES_MAX) {
		size_t n = strcspn(csv, ",");
		if (n < ROLE_NAME_MAX) {
			memcpy(u->roles[u->nroles], csv, n);
			u->roles[u->nroles++][n] = '\0';
		}
		csv += n + (csv[n] == ',');
	}
}

static void user_from_row(sqlite3_stmt *st, struct user_rec *u)
{
	memset(u, 0, sizeof *u);
	u->id = sqlite3_column_int64(st, 0);
	db_col_text(st, 1, u->username, sizeof u->username);
	db_col_text(st, 2, u->display_name, sizeof u->display_name);
	db_col_text(st, 3, u->password_hash, sizeof u->password_hash);
	u->team_id = sqlite3_column_int64(st, 4);
	db_col_text(st, 5, u->team_name, sizeof u->team_name);
	u->level = sqlite3_column_int(st, 6);
	u->disabled = sqlite3_column_int(st, 7) != 0;
	u->created_at = sqlite3_column_int64(st, 8);
	u->updated_at = sqlite3_column_int64(st, 9);
	u->version = sqlite3_column_int64(st, 10);
	user_split_roles((const char *)sqlite3_column_text(st, 11), u);
	db_col_text(st, 12, u->permissions, sizeof u->permissions);
}

static int user_fetch_one(sqlite3_stmt *st, struct user_rec *out)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		user_from_row(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return GX_ENOTFOUND;
	return rc == SQLITE_ROW ? 0 : GX_EDB;
}

int store_user_get(struct db *db, int64_t id, struct user_rec *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " USER_COLS USER_FROM "WHERE u.id = ?");

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, id);
	return user_fetch_one(st, out);
}

int store_user_by_name(struct db *db, const char *username, struct user_rec *out)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT " USER_COLS USER_FROM "WHERE u.username = ?");

	if (!st)
		return GX_EDB;
	db_bind_text(st, 1, username);
	return user_fetch_one(st, out);
}

static int user_write_roles(struct db *db, const struct user_rec *u)
{
	sqlite3_stmt *st = db_stmt(db, "DELETE FROM user_roles WHERE user_id = ?");
	int rc;

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, u->id);
	if ((rc = db_step_done(db, st)) != 0)
		return rc;
	for (int i = 0; i < u->nroles; i++) {
		st = db_stmt(db, "INSERT OR IGNORE INTO user_roles (user_id, role_id)"
				 " SELECT ?, id FROM roles WHERE name = ?");
		if (!st)
			return GX_EDB;
		sqlite3_bind_int64(st, 1, u->id);
		db_bind_text(st, 2, u->roles[i]);
		if ((rc = db_step_done(db, st)) != 0)
			return rc;
	}
	return 0;
}

int store_user_insert(struct db *db, struct user_rec *u)
{
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO users (username, display_name, password_hash, team_id,"
		" level, disabled, created_at, updated_at, version)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	int rc;

	if (!st)
		return GX_EDB;
	db_bind_text(st, 1, u->username);
	db_bind_text(st, 2, u->display_name);
	db_bind_text(st, 3, u->password_hash);
	if (u->team_id)
		sqlite3_bind_int64(st, 4, u->team_id);
	sqlite3_bind_int(st, 5, u->level);
	sqlite3_bind_int(st, 6, u->disabled);
	sqlite3_bind_int64(st, 7, u->created_at);
	sqlite3_bind_int64(st, 8, u->updated_at);
	sqlite3_bind_int64(st, 9, u->version);
	if ((rc = db_step_done(db, st)) != 0)
		return rc;
	u->id = db_last_id(db);
	return user_write_roles(db, u);
}

int store_user_update(struct db *db, struct user_rec *u, int64_t now_ms)
{
	sqlite3_stmt *st = db_stmt(db,
		"UPDATE users SET display_name = ?, team_id = ?, level = ?,"
		" disabled = ?, updated_at = ?, version = version + 1"
		" WHERE id = ? AND version = ?");
	int rc;

	if (!st)
		return GX_EDB;
	db_bind_text(st, 1, u->display_name);
	if (u->team_id)
		sqlite3_bind_int64(st, 2, u->team_id);
	sqlite3_bind_int(st, 3, u->level);
	sqlite3_bind_int(st, 4, u->disabled);
	sqlite3_bind_int64(st, 5, now_ms);
	sqlite3_bind_int64(st, 6, u->id);
	sqlite3_bind_int64(st, 7, u->version);
	if ((rc = db_step_done(db, st)) != 0)
		return rc;
	if (db_changes(db) == 0) {
		struct user_rec cur;
		rc = store_user_get(db, u->id, &cur);
		return rc == 0 ? GX_EVERSION : rc;
	}
	u->version++;
	u->updated_at = now_ms;
	return user_write_roles(db, u);
}

int store_user_set_password(struct db *db, int64_t id, const char *hash,
			    int64_t now_ms)
{
	sqlite3_stmt *st = db_stmt(db,
		"UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?");
	int rc;

	if (!st)
		return GX_EDB;
	db_bind_text(st, 1, hash);
	sqlite3_bind_int64(st, 2, now_ms);
	sqlite3_bind_int64(st, 3, id);
	if ((rc = db_step_done(db, st)) != 0)
		return rc;
	return db_changes(db) ? 0 : GX_ENOTFOUND;
}

int store_user_list(struct db *db, const char *q, int64_t after_id,
		    int limit, struct user_rec *out, int *n)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT " USER_COLS USER_FROM
		"WHERE u.id > ?1 AND (?2 IS NULL OR instr(lower(u.username), lower(?2)) > 0"
		" OR instr(u.display_name, ?2) > 0) ORDER BY u.id LIMIT ?3");
	int rc;

	*n = 0;
	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, after_id);
	db_bind_text(st, 2, q && *q ? q : NULL);
	sqlite3_bind_int(st, 3, limit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < limit)
		user_from_row(st, &out[(*n)++]);
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : GX_EDB;
}

static int role_load_perms(struct db *db, struct role_rec *r)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT rp.permission FROM role_permissions rp JOIN roles r"
		" ON r.id = rp.role_id WHERE r.name = ? ORDER BY 1");
	int rc;

	if (!st)
		return GX_EDB;
	db_bind_text(st, 1, r->name);
	r->nperms = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && r->nperms < PERMS_MAX)
		db_col_text(st, 0, r->perms[r->nperms++], PERM_NAME_MAX);
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : GX_EDB;
}

static void role_from_row(sqlite3_stmt *st, struct role_rec *r)
{
	memset(r, 0, sizeof *r);
	db_col_text(st, 0, r->name, sizeof r->name);
	db_col_text(st, 1, r->label, sizeof r->label);
	db_col_text(st, 2, r->label_en, sizeof r->label_en);
}

int store_role_list(struct db *db, struct role_rec *out, int max, int *n)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT name, label, label_en FROM roles ORDER BY id");
	int rc;

	*n = 0;
	if (!st)
		return GX_EDB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max)
		role_from_row(st, &out[(*n)++]);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return GX_EDB;
	for (int i = 0; i < *n; i++)
		if ((rc = role_load_perms(db, &out[i])) != 0)
			return rc;
	return 0;
}

int store_role_get(struct db *db, const char *name, struct role_rec *out)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT name, label, label_en FROM roles WHERE name = ?");
	int rc;

	if (!st)
		return GX_EDB;
	db_bind_text(st, 1, name);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		role_from_row(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return GX_ENOTFOUND;
	if (rc != SQLITE_ROW)
		return GX_EDB;
	return role_load_perms(db, out);
}

int store_role_set_permissions(struct db *db, const char *role,
			       char perms[][PERM_NAME_MAX], int n)
{
	sqlite3_stmt *st = db_stmt(db,
		"DELETE FROM role_permissions WHERE role_id ="
		" (SELECT id FROM roles WHERE name = ?)");
	int rc;

	if (!st)
		return GX_EDB;
	db_bind_text(st, 1, role);
	if ((rc = db_step_done(db, st)) != 0)
		return rc;
	for (int i = 0; i < n; i++) {
		st = db_stmt(db, "INSERT OR IGNORE INTO role_permissions"
				 " (role_id, permission) SELECT id, ? FROM roles"
				 " WHERE name = ?");
		if (!st)
			return GX_EDB;
		db_bind_text(st, 1, perms[i]);
		db_bind_text(st, 2, role);
		if ((rc = db_step_done(db, st)) != 0)
			return rc;
	}
	return 0;
}

int store_perm_list(struct db *db, struct perm_rec *out, int max, int *n)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT name, label, label_en FROM permissions ORDER BY name");
	int rc;

	*n = 0;
	if (!st)
		return GX_EDB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max) {
		struct perm_rec *p = &out[(*n)++];
		db_col_text(st, 0, p->name, sizeof p->name);
		db_col_text(st, 1, p->label, sizeof p->label);
		db_col_text(st, 2, p->label_en, sizeof p->label_en);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : GX_EDB;
}

bool store_perm_exists(struct db *db, const char *name)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM permissions WHERE name = ?");
	bool found;

	if (!st)
		return false;
	db_bind_text(st, 1, name);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return found;
}

static void team_from_row(sqlite3_stmt *st, struct team_rec *t)
{
	t->id = sqlite3_column_int64(st, 0);
	db_col_text(st, 1, t->name, sizeof t->name);
	t->parent_id = sqlite3_column_int64(st, 2);
}

int store_team_list(struct db *db, struct team_rec *out, int max, int *n)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT id, name, coalesce(parent_id, 0) FROM teams ORDER BY id LIMIT ?");
	int rc;

	*n = 0;
	if (!st)
		return GX_EDB;
	sqlite3_bind_int(st, 1, max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max)
		team_from_row(st, &out[(*n)++]);
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : GX_EDB;
}

static int team_fetch_one(sqlite3_stmt *st, struct team_rec *out)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		team_from_row(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? GX_ENOTFOUND : GX_EDB;
}

int store_team_get(struct db *db, int64_t id, struct team_rec *out)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT id, name, coalesce(parent_id, 0) FROM teams WHERE id = ?");

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, id);
	return team_fetch_one(st, out);
}

int store_team_by_name(struct db *db, const char *name, struct team_rec *out)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT id, name, coalesce(parent_id, 0) FROM teams WHERE name = ?");

	if (!st)
		return GX_EDB;
	db_bind_text(st, 1, name);
	return team_fetch_one(st, out);
}

int store_team_insert(struct db *db, struct team_rec *t, int64_t now_ms)
{
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO teams (name, parent_id, created_at) VALUES (?, ?, ?)");
	int rc;

	if (!st)
		return GX_EDB;
	db_bind_text(st, 1, t->name);
	if (t->parent_id)
		sqlite3_bind_int64(st, 2, t->parent_id);
	sqlite3_bind_int64(st, 3, now_ms);
	if ((rc = db_step_done(db, st)) != 0)
		return rc;
	t->id = db_last_id(db);
	return 0;
}
