/* accounts.h - storage of users, their roles, teams, and the permissions
 * granted to roles. Rules (who may do what, what is valid) live in
 * domain/users.c; these functions only read and write rows. */
#ifndef GX_STORE_ACCOUNTS_H
#define GX_STORE_ACCOUNTS_H

#include <stdbool.h>
#include <stdint.h>

struct db;

#define ROLE_NAME_MAX 24
#define ROLES_MAX 8
#define PERMS_MAX 64
#define PERM_NAME_MAX 40
#define USERNAME_MAX 40
#define NAME_MAX_BYTES 200

struct user_rec {
	int64_t id;
	char username[USERNAME_MAX];
	char display_name[NAME_MAX_BYTES];
	char password_hash[128];
	int64_t team_id; /* 0: none */
	char team_name[NAME_MAX_BYTES];
	int level;
	bool disabled;
	int64_t created_at, updated_at;
	int64_t version;
	int nroles;
	char roles[ROLES_MAX][ROLE_NAME_MAX];
	char permissions[1024]; /* granted through any role, comma-separated */
};

struct team_rec {
	int64_t id;
	char name[NAME_MAX_BYTES];
	int64_t parent_id; /* 0: none */
};

struct role_rec {
	char name[ROLE_NAME_MAX];
	char label[NAME_MAX_BYTES];
	char label_en[NAME_MAX_BYTES];
	int nperms;
	char perms[PERMS_MAX][PERM_NAME_MAX];
};

struct perm_rec {
	char name[PERM_NAME_MAX];
	char label[NAME_MAX_BYTES];
	char label_en[NAME_MAX_BYTES];
};

/* Users. Getters fill *out (roles, permissions and team name included) and
 * return 0, GX_ENOTFOUND or GX_EDB. */
int store_user_get(struct db *db, int64_t id, struct user_rec *out);
int store_user_by_name(struct db *db, const char *username, struct user_rec *out);

/* Inserts u (created_at/updated_at/version set by caller) and sets u->id.
 * Roles are written too. GX_ECONFLICT if the username is taken. */
int store_user_insert(struct db *db, struct user_rec *u);

/* Writes display_name, team, level, disabled and roles of u if the stored
 * version equals u->version, then bumps version and updated_at to now_ms.
 * GX_EVERSION if stale, GX_ENOTFOUND if absent. */
int store_user_update(struct db *db, struct user_rec *u, int64_t now_ms);

int store_user_set_password(struct db *db, int64_t id, const char *hash,
			    int64_t now_ms);

/* Up to limit users with id > after_id, ordered by id, optionally matching
 * q (substring of username or display name). Fills out[0..*n). */
int store_user_list(struct db *db, const char *q, int64_t after_id,
		    int limit, struct user_rec *out, int *n);

/* Roles and permissions. */
int store_role_list(struct db *db, struct role_rec *out, int max, int *n);
int store_role_get(struct db *db, const char *name, struct role_rec *out);
/* Replaces the role's grants. GX_ENOTFOUND for an unknown role. */
int store_role_set_permissions(struct db *db, const char *role,
			       char perms[][PERM_NAME_MAX], int n);
int store_perm_list(struct db *db, struct perm_rec *out, int max, int *n);
bool store_perm_exists(struct db *db, const char *name);

/* Teams. */
int store_team_list(struct db *db, struct team_rec *out, int max, int *n);
int store_team_get(struct db *db, int64_t id, struct team_rec *out);
int store_team_by_name(struct db *db, const char *name, struct team_rec *out);
/* Sets t->id. GX_ECONFLICT if the name is taken. */
int store_team_insert(struct db *db, struct team_rec *t, int64_t now_ms);

#endif
