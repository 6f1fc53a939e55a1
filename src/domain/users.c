#include "domain/users.h"
#include "domain/audit.h"
#include "lib/clock.h"
#include "lib/password.h"
#include "lib/utf8.h"
#include "domain/auth.h"
#include "store/db.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#define USERNAME_MIN 2
#define USERNAME_MAX_CHARS 32
#define DISPLAY_NAME_MAX_CHARS 50
#define TEAM_NAME_MAX_CHARS 50
#define LEVEL_MIN 1
#define LEVEL_MAX 9

static bool can_read_user(const struct principal *who, int64_t id)
{
	return principal_can(who, PERM_USER_READ) || (who && who->user_id == id);
}

int users_get(const struct principal *who, int64_t id, struct user_rec *out)
{
	struct db *db = db_get();

	if (!can_read_user(who, id))
		return GX_EPERM;
	if (!db)
		return GX_EDB;
	return store_user_get(db, id, out);
}

int users_find(const struct principal *who, const char *username,
	       struct user_rec *out)
{
	struct db *db;
	int rc;

	if (!(db = principal_db(who, PERM_USER_READ, &rc)))
		return rc;
	return store_user_by_name(db, username, out);
}

int users_check_query(const char *q, struct verr *v)
{
	if (q && utf8_len(q) > USERS_QUERY_MAX)
		return verr_add(v, "q", "不能超过 %d 个字符", USERS_QUERY_MAX);
	return 0;
}

int users_list(const struct principal *who, const char *q, int64_t after_id,
	       int limit, struct user_rec *out, int *n, struct verr *v)
{
	struct db *db;
	int rc;

	*n = 0;
	if (!(db = principal_db(who, PERM_USER_READ, &rc)) || (rc = users_check_query(q, v)) != 0)
		return rc;
	return store_user_list(db, q, after_id, limit, out, n);
}

static bool username_ok(const char *s)
{
	size_t n = strlen(s);

	if (n < USERNAME_MIN || n > USERNAME_MAX_CHARS)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_' || *s == '.' || *s == '-'))
			return false;
	return true;
}

static int check_text(struct verr *v, const char *field, const char *s, size_t max)
{
	size_t n = utf8_len(s);
	const char *p = s;

	while (*p == ' ')
		p++;
	if (!*p)
		return verr_add(v, field, "不能为空");
	if (n > max)
		return verr_add(v, field, "不能超过 %zu 个字符", max);
	for (; *s; s++)
		if ((unsigned char)*s < 0x20)
			return verr_add(v, field, "不能包含控制字符");
	return 0;
}

/* Checks the parts of in that are present and copies them into u. */
static void apply_input(struct db *db, const struct user_input *in,
			struct user_rec *u, struct verr *v)
{
	if (in->has_display_name &&
	    check_text(v, "display_name", in->display_name, DISPLAY_NAME_MAX_CHARS) == 0)
		snprintf(u->display_name, sizeof u->display_name, "%s", in->display_name);
	if (in->has_level) {
		if (in->level < LEVEL_MIN || in->level > LEVEL_MAX)
			verr_add(v, "level", "级别应在 %d 到 %d 之间", LEVEL_MIN, LEVEL_MAX);
		else
			u->level = in->level;
	}
	if (in->has_team) {
		struct team_rec t;
		if (in->team_id && store_team_get(db, in->team_id, &t) != 0)
			verr_add(v, "team_id", "班组不存在");
		else
			u->team_id = in->team_id;
	}
	if (in->has_disabled)
		u->disabled = in->disabled;
	if (!in->has_roles)
		return;
	if (in->nroles < 1)
		verr_add(v, "roles", "至少选择一个角色");
	u->nroles = 0;
	for (int i = 0; i < in->nroles; i++) {
		struct role_rec r;
		bool dup = false;
		if (store_role_get(db, in->roles[i], &r) != 0) {
			verr_add(v, "roles", "未知角色：%.40s", in->roles[i]);
			continue;
		}
		for (int k = 0; k < u->nroles; k++)
			dup |= !strcmp(u->roles[k], r.name);
		if (!dup && u->nroles < ROLES_MAX)
			snprintf(u->roles[u->nroles++], ROLE_NAME_MAX, "%s", r.name);
	}
}

static json_t *user_change_detail(const struct user_rec *u)
{
	json_t *roles = json_array();

	for (int i = 0; i < u->nroles; i++)
		json_array_append_new(roles, json_string(u->roles[i]));
	return json_pack("{s:s,s:o,s:I,s:i,s:b}", "display_name", u->display_name,
			 "roles", roles, "team_id", (json_int_t)u->team_id,
			 "level", u->level, "disabled", u->disabled);
}

int users_create(const struct principal *who, const struct user_input *in,
		 struct user_rec *out, struct verr *v)
{
	struct db *db;
	struct user_input all = *in;
	json_t *detail = NULL;
	int rc;

	if (!(db = principal_db(who, PERM_USER_MANAGE, &rc)))
		return rc;
	memset(out, 0, sizeof *out);
	out->level = LEVEL_MIN;
	if (!username_ok(in->username))
		verr_add(v, "username", "用户名为 %d–%d 个字母、数字或 _ . -",
			 USERNAME_MIN, USERNAME_MAX_CHARS);
	snprintf(out->username, sizeof out->username, "%s", in->username);
	all.has_display_name = all.has_roles = true;
	apply_input(db, &all, out, v);
	auth_password_policy("password", in->password, v);
	if (v->n)
		return GX_EINVAL;
	if ((rc = password_hash(in->password, out->password_hash)) != 0)
		return rc;
	out->created_at = out->updated_at = clock_now_ms();
	out->version = 1;
	if ((rc = db_begin(db, true)) != 0)
		return rc;
	detail = user_change_detail(out);
	rc = store_user_insert(db, out);
	if (rc == GX_ECONFLICT)
		verr_add(v, "username", "用户名已存在");
	if (rc != 0 ||
	    (rc = audit_append(db, who, NULL, "user.create", out->username, detail)) != 0 ||
	    (rc = db_commit(db)) != 0)
		goto fail;
	json_decref(detail);
	return store_user_get(db, out->id, out);
fail:
	db_rollback(db);
	json_decref(detail);
	return rc;
}

int users_update(const struct principal *who, int64_t id,
		 const struct user_input *in, struct user_rec *out, struct verr *v)
{
	struct db *db;
	json_t *detail = NULL;
	int rc;

	if (!(db = principal_db(who, PERM_USER_MANAGE, &rc)))
		return rc;
	if ((rc = store_user_get(db, id, out)) != 0)
		return rc;
	apply_input(db, in, out, v);
	if (in->has_disabled && in->disabled && id == who->user_id)
		verr_add(v, "disabled", "不能停用自己的账户");
	if (v->n)
		return GX_EINVAL;
	out->version = in->version;
	if ((rc = db_begin(db, true)) != 0)
		return rc;
	detail = user_change_detail(out);
	if ((rc = store_user_update(db, out, clock_now_ms())) != 0)
		goto fail;
	/* A disabled user's sessions end now, not at their next expiry. */
	if (out->disabled && (rc = store_session_delete_user(db, id, NULL)) != 0)
		goto fail;
	if ((rc = audit_append(db, who, NULL, "user.update", out->username, detail)) != 0 ||
	    (rc = db_commit(db)) != 0)
		goto fail;
	json_decref(detail);
	return store_user_get(db, id, out);
fail:
	db_rollback(db);
	json_decref(detail);
	return rc;
}

int roles_list(const struct principal *who, struct role_rec *out, int max, int *n)
{
	struct db *db;
	int rc;

	if (!(db = principal_db(who, PERM_USER_READ, &rc)))
		return rc;
	return store_role_list(db, out, max, n);
}

int roles_set_permissions(const struct principal *who, const char *role,
			  const char **perms, int n, struct role_rec *out,
			  struct verr *v)
{
	struct db *db;
	char names[PERMS_MAX][PERM_NAME_MAX];
	json_t *detail = NULL, *list;
	int rc;

	if (!(db = principal_db(who, PERM_ROLE_MANAGE, &rc)))
		return rc;
	if ((rc = store_role_get(db, role, out)) != 0)
		return rc;
	if (n > PERMS_MAX)
		return verr_add(v, "permissions", "权限过多");
	for (int i = 0; i < n; i++) {
		if (!store_perm_exists(db, perms[i]))
			return verr_add(v, "permissions", "未知权限：%.40s", perms[i]);
		snprintf(names[i], PERM_NAME_MAX, "%s", perms[i]);
	}
	list = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(list, json_string(names[i]));
	detail = json_pack("{s:o}", "permissions", list);
	if ((rc = db_begin(db, true)) != 0)
		goto out;
	if ((rc = store_role_set_permissions(db, role, names, n)) != 0 ||
	    (rc = audit_append(db, who, NULL, "role.permissions", role, detail)) != 0 ||
	    (rc = db_commit(db)) != 0) {
		db_rollback(db);
		goto out;
	}
	rc = store_role_get(db, role, out);
out:
	json_decref(detail);
	return rc;
}

int perms_list(const struct principal *who, struct perm_rec *out, int max, int *n)
{
	struct db *db;
	int rc;

	if (!(db = principal_db(who, PERM_USER_READ, &rc)))
		return rc;
	return store_perm_list(db, out, max, n);
}

int teams_list(const struct principal *who, struct team_rec *out, int max, int *n)
{
	struct db *db = db_get();

	if (!who)
		return GX_EPERM;
	if (!db)
		return GX_EDB;
	return store_team_list(db, out, max, n);
}

int teams_create(const struct principal *who, const char *name,
		 int64_t parent_id, struct team_rec *out, struct verr *v)
{
	struct db *db;
	struct team_rec parent;
	int rc;

	if (!(db = principal_db(who, PERM_USER_MANAGE, &rc)))
		return rc;
	check_text(v, "name", name, TEAM_NAME_MAX_CHARS);
	if (parent_id && store_team_get(db, parent_id, &parent) != 0)
		verr_add(v, "parent_id", "上级班组不存在");
	if (v->n)
		return GX_EINVAL;
	memset(out, 0, sizeof *out);
	snprintf(out->name, sizeof out->name, "%s", name);
	out->parent_id = parent_id;
	if ((rc = db_begin(db, true)) != 0)
		return rc;
	rc = store_team_insert(db, out, clock_now_ms());
	if (rc == GX_ECONFLICT)
		verr_add(v, "name", "班组名称已存在");
	if (rc != 0 ||
	    (rc = audit_append(db, who, NULL, "team.create", out->name, NULL)) != 0 ||
	    (rc = db_commit(db)) != 0)
		db_rollback(db);
	return rc;
}

int teams_ensure(const struct principal *who, const char *name, struct team_rec *out)
{
	struct db *db = db_get();
	struct verr v = {0};
	int rc;

	if (!db)
		return GX_EDB;
	rc = store_team_by_name(db, name, out);
	if (rc != GX_ENOTFOUND)
		return rc;
	return teams_create(who, name, 0, out, &v);
}
