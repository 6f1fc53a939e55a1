/* users.h - user accounts, roles and teams (SYS-1): validation, permission
 * checks and audit of every change. Who may do what:
 *
 *   - read users, roles, permissions: user.read (anyone may read themself);
 *   - create or change users, teams, reset tokens: user.manage;
 *   - change what a role grants: role.manage.
 *
 * The principal from perm.h is always the first argument. */
#ifndef GX_USERS_H
#define GX_USERS_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/perm.h"
#include "lib/err.h"
#include "store/accounts.h"

/* Input for create (all required but team and level) and update (only the
 * has_* fields change; version is required). Strings are borrowed. */
struct user_input {
	const char *username, *display_name, *password;
	bool has_display_name;
	bool has_roles;
	int nroles;
	const char *roles[ROLES_MAX];
	bool has_team;
	int64_t team_id; /* 0: no team */
	bool has_level;
	int level;
	bool has_disabled;
	bool disabled;
	int64_t version;
};

int users_get(const struct principal *who, int64_t id, struct user_rec *out);
int users_find(const struct principal *who, const char *username,
	       struct user_rec *out);
/* Users whose name or display name holds q (NULL: all); a q longer
 * than USERS_QUERY_MAX characters is GX_EINVAL with a message on "q". */
int users_list(const struct principal *who, const char *q, int64_t after_id,
	       int limit, struct user_rec *out, int *n, struct verr *v);
#define USERS_QUERY_MAX 50
/* The rule above on its own, for other searches of users: 0 or GX_EINVAL. */
int users_check_query(const char *q, struct verr *v);
/* Create and update add what is wrong with in to v, which may already hold
 * errors the caller found; nothing is written unless v ends up empty. */
int users_create(const struct principal *who, const struct user_input *in,
		 struct user_rec *out, struct verr *v);
int users_update(const struct principal *who, int64_t id,
		 const struct user_input *in, struct user_rec *out, struct verr *v);

int roles_list(const struct principal *who, struct role_rec *out, int max, int *n);
int roles_set_permissions(const struct principal *who, const char *role,
			  const char **perms, int n, struct role_rec *out,
			  struct verr *v);
int perms_list(const struct principal *who, struct perm_rec *out, int max, int *n);

int teams_list(const struct principal *who, struct team_rec *out, int max, int *n);
int teams_create(const struct principal *who, const char *name,
		 int64_t parent_id, struct team_rec *out, struct verr *v);
/* The team of that name, created if missing (CLI and demo data). */
int teams_ensure(const struct principal *who, const char *name, struct team_rec *out);

#endif
