#include "domain/notifications.h"
#include "domain/audit.h"
#include "lib/clock.h"
#include "lib/evt.h"
#include "lib/log.h"
#include "lib/utf8.h"
#include "store/accounts.h"
#include "store/db.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME_MAX_CHARS 40
#define LINK_MAX_CHARS 500
#define PURGE_BATCH 1000

/* 1 to NAME_MAX_CHARS of the characters in allowed. */
static bool name_ok(const char *s, const char *allowed)
{
	size_t n = s ? strlen(s) : 0;

	return n >= 1 && n <= NAME_MAX_CHARS && strspn(s, allowed) == n;
}

/* A path inside the app: it starts with one "/" (not "//", which a
 * browser would take for another host) and is printable ASCII, so a
 * notification can never send the user off the site or run a script. */
static bool link_ok(const char *s)
{
	size_t n = strlen(s);

	if (n < 1 || n > LINK_MAX_CHARS || s[0] != '/' || s[1] == '/' || s[1] == '\\')
		return false;
	for (; *s; s++)
		if (*s <= 0x20 || *s >= 0x7f || *s == '\\')
			return false;
	return true;
}

static void check_title(const char *title, struct verr *v)
{
	if (!title || !*title || strspn(title, " ") == strlen(title))
		verr_add(v, "title", "必填");
	else if (utf8_len(title) > NTF_TITLE_MAX_CHARS)
		verr_add(v, "title", "不能超过 %d 个字符", NTF_TITLE_MAX_CHARS);
	else if (!utf8_text_ok(title, false))
		verr_add(v, "title", "不能包含换行或控制字符");
}

static void check_body_link(const char *body, const char *link, struct verr *v)
{
	if (body && utf8_len(body) > NTF_BODY_MAX_CHARS)
		verr_add(v, "body", "不能超过 %d 个字符", NTF_BODY_MAX_CHARS);
	else if (body && !utf8_text_ok(body, true))
		verr_add(v, "body", "不能包含控制字符");
	if (link && *link && !link_ok(link))
		verr_add(v, "link", "应为本系统内的路径，以 / 开头，如 /tickets/42");
}

/* The message as a row, or GX_EINVAL (logged) when it breaks the rules:
 * messages come from code, so a bad one is a bug to see in the log. */
static int prepare(const struct ntf_msg *m, struct ntf_rec *n)
{
	struct verr v = {0};

	if (!name_ok(m->kind, "abcdefghijklmnopqrstuvwxyz0123456789_."))
		verr_add(&v, "kind", "invalid");
	check_title(m->title, &v);
	check_body_link(m->body, m->link, &v);
	if (m->ref_type && !(name_ok(m->ref_type, "abcdefghijklmnopqrstuvwxyz_") && m->ref_id > 0))
		verr_add(&v, "ref_type", "invalid");
	if (v.n) {
		log_error("notification_invalid", "{s:s,s:s,s:s}", "kind", m->kind ? m->kind : "",
			  "field", v.item[0].field, "message", v.item[0].message);
		return GX_EINVAL;
	}
	memset(n, 0, sizeof *n);
	snprintf(n->kind, sizeof n->kind, "%s", m->kind);
	snprintf(n->title, sizeof n->title, "%s", m->title);
	snprintf(n->body, sizeof n->body, "%s", m->body ? m->body : "");
	snprintf(n->link, sizeof n->link, "%s", m->link ? m->link : "");
	snprintf(n->ref_type, sizeof n->ref_type, "%s", m->ref_type ? m->ref_type : "");
	n->ref_id = m->ref_type ? m->ref_id : 0;
	n->created_at = clock_now_ms();
	return 0;
}

struct announce {
	struct db *db;
	int rc;
};

/* Each new row wakes its user's live streams once the write commits. */
static void announce_row(int64_t user_id, void *arg)
{
	struct announce *a = arg;

	if (a->rc == 0)
		a->rc = db_after_commit(a->db, evt_publish, user_id);
}

static int send_to(struct db *db, const struct ntf_audience *to, const struct ntf_msg *m,
		   int *sent)
{
	struct ntf_rec *n = malloc(sizeof *n);
	struct announce a = {db, 0};
	int count = 0, rc;

	if (!n)
		return GX_ENOMEM;
	if ((rc = prepare(m, n)) == 0)
		rc = store_ntf_insert(db, n, to, announce_row, &a, &count);
	free(n);
	if (sent)
		*sent = rc == 0 ? count : 0;
	return rc ? rc : a.rc;
}

int ntf_send(struct db *db, int64_t user_id, const struct ntf_msg *m, int *sent)
{
	struct ntf_audience to = {.user_id = user_id};

	if (user_id <= 0) {
		log_error("notification_invalid", "{s:s,s:s}", "kind", m->kind ? m->kind : "",
			  "field", "user_id");
		return GX_EINVAL;
	}
	return send_to(db, &to, m, sent);
}

int ntf_send_perm_in_team(struct db *db, int64_t team_id, enum perm p,
			  const struct ntf_msg *m, int *sent)
{
	struct ntf_audience to = {.team_id = team_id, .perm = perm_name(p)};

	if (team_id <= 0) {
		log_error("notification_invalid", "{s:s,s:s}", "kind", m->kind ? m->kind : "",
			  "field", "team_id");
		return GX_EINVAL;
	}
	return send_to(db, &to, m, sent);
}

int ntf_send_perm_across(struct db *db, enum perm p, enum perm across,
			 const struct ntf_msg *m, int *sent)
{
	struct ntf_audience to = {.perm = perm_name(p), .perm_also = perm_name(across)};

	return send_to(db, &to, m, sent);
}

/* Notifications are everyone's own: any signed-in user, none for the
 * command line's operator. */
static struct db *own_db(const struct principal *who, int *rc)
{
	struct db *db;

	if (!who || who->user_id <= 0) {
		*rc = GX_EPERM;
		return NULL;
	}
	if (!(db = db_get()))
		*rc = GX_EDB;
	return db;
}

int ntf_list(const struct principal *who, bool unread_only, int64_t before,
	     struct ntf_rec *out, int max, int *n)
{
	struct db *db;
	int rc;

	*n = 0;
	if (!(db = own_db(who, &rc)))
		return rc;
	return store_ntf_list(db, who->user_id, unread_only, before, out, max, n);
}

int ntf_since(const struct principal *who, int64_t after, struct ntf_rec *out, int max,
	      int *n)
{
	struct db *db;
	int rc;

	*n = 0;
	if (!(db = own_db(who, &rc)))
		return rc;
	return store_ntf_since(db, who->user_id, after, out, max, n);
}

int ntf_counts(const struct principal *who, int64_t *unread, int64_t *latest_id)
{
	struct db *db;
	int rc;

	if (!(db = own_db(who, &rc)))
		return rc;
	return store_ntf_counts(db, who->user_id, unread, latest_id);
}

int ntf_mark_read(const struct principal *who, int64_t id, struct ntf_rec *out)
{
	struct db *db;
	int changed = 0, rc;

	if (!(db = own_db(who, &rc)))
		return rc;
	if ((rc = store_ntf_mark_read(db, who->user_id, id, clock_now_ms(), &changed)) != 0)
		return rc;
	/* The user's other tabs show the new unread count. */
	if (changed)
		evt_publish(who->user_id);
	return store_ntf_get(db, who->user_id, id, out);
}

int ntf_mark_all_read(const struct principal *who, int *changed)
{
	struct db *db;
	int rc;

	*changed = 0;
	if (!(db = own_db(who, &rc)))
		return rc;
	if ((rc = store_ntf_mark_all_read(db, who->user_id, clock_now_ms(), changed)) == 0 &&
	    *changed)
		evt_publish(who->user_id);
	return rc;
}

/* The broadcast's fields; team and role must exist. */
static void check_broadcast(struct db *db, const struct ntf_broadcast *b, struct verr *v)
{
	struct team_rec team;
	struct role_rec *role;

	check_title(b->title, v);
	check_body_link(b->body, b->link, v);
	if (b->team_id && store_team_get(db, b->team_id, &team) != 0)
		verr_add(v, "team_id", "班组不存在");
	if (!b->role)
		return;
	role = malloc(sizeof *role);
	if (!role || store_role_get(db, b->role, role) != 0)
		verr_add(v, "role", "角色不存在");
	free(role);
}

int ntf_broadcast(const struct principal *who, const struct ntf_broadcast *b, int *sent,
		  struct verr *v)
{
	struct ntf_audience to = {.team_id = b->team_id, .role = b->role};
	struct ntf_msg m = {.kind = "broadcast", .title = b->title, .body = b->body,
			    .link = b->link && *b->link ? b->link : NULL};
	struct db *db;
	json_t *detail;
	int rc;

	*sent = 0;
	if (!(db = principal_db(who, PERM_NOTIFY_BROADCAST, &rc)))
		return rc;
	check_broadcast(db, b, v);
	if (v->n)
		return GX_EINVAL;
	if ((rc = db_begin(db, true)) != 0)
		return rc;
	detail = json_pack("{s:s,s:I,s:s?}", "title", b->title, "team_id",
			   (json_int_t)b->team_id, "role", b->role);
	if ((rc = send_to(db, &to, &m, sent)) != 0 ||
	    (rc = audit_append(db, who, NULL, "notification.broadcast", b->title, detail)) != 0 ||
	    (rc = db_commit(db)) != 0) {
		db_rollback(db);
		*sent = 0;
	}
	json_decref(detail);
	return rc;
}

int ntf_purge(struct db *db, int64_t now_ms)
{
	int deleted, rc;

	/* Batches keep each write short beside the requests being served. */
	do {
		rc = store_ntf_purge_read(db, now_ms - NTF_KEEP_READ_MS, PURGE_BATCH, &deleted);
	} while (rc == 0 && deleted == PURGE_BATCH);
	return rc;
}
