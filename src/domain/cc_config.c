#include "domain/cc_config.h"
#include "domain/audit.h"
#include "lib/clock.h"
#include "lib/utf8.h"
#include "store/accounts.h"
#include "store/db.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#define NAME_MAX_CHARS 50
#define WAIT_MAX_S 3600

static const char *const strategies[] = {"longest_idle", "fewest_calls", "round_robin",
					 "skill_level"};
static const char *const tiers[] = {"vip", "key", "general", "small"};

struct db *cc_reader_db(const struct principal *who, int *rc)
{
	enum perm p = principal_can(who, PERM_CC_AGENT)	     ? PERM_CC_AGENT
		      : principal_can(who, PERM_CC_SUPERVISE) ? PERM_CC_SUPERVISE
							      : PERM_CC_MANAGE;

	return principal_db(who, p, rc);
}

bool cc_number_ok(const char *s)
{
	size_t n = strlen(s);

	return n >= 1 && n <= 32 && strspn(s, "0123456789+*#") == n;
}

static bool name_ok(const char *s)
{
	return utf8_text_ok(s, false) && !utf8_blank(s) && utf8_len(s) <= NAME_MAX_CHARS;
}

static bool in_list(const char *const *list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(list[i], s))
			return true;
	return false;
}

/* Runs write(db, arg) in a transaction with an audit row of action on
 * target. */
static int audited(const struct principal *who, struct db *db, const char *action,
		   const char *target, json_t *detail, int (*write)(struct db *, void *), void *arg)
{
	int rc;

	if ((rc = db_begin(db, true)) != 0)
		goto out;
	if ((rc = write(db, arg)) == 0 &&
	    (rc = audit_append(db, who, NULL, action, target, detail)) == 0)
		rc = db_commit(db);
	if (rc != 0)
		db_rollback(db);
out:
	json_decref(detail);
	return rc;
}

int cc_skills_list(const struct principal *who, struct cc_skill *out, int max, int *n)
{
	struct db *db;
	int rc;

	*n = 0;
	if (!(db = cc_reader_db(who, &rc)))
		return rc;
	return store_cc_skills(db, out, max, n);
}

static int skill_write(struct db *db, void *arg)
{
	struct cc_skill *s = arg;

	if (s->id)
		return store_cc_skill_rename(db, s->id, s->name);
	return store_cc_skill_insert(db, s->name, clock_now_ms(), &s->id);
}

int cc_skill_save(const struct principal *who, struct cc_skill *s, struct verr *v)
{
	char target[32];
	struct db *db;
	int rc;

	if (!(db = principal_db(who, PERM_CC_MANAGE, &rc)))
		return rc;
	if (!name_ok(s->name))
		return verr_add(v, "name", "应为 1–%d 个字符", NAME_MAX_CHARS);
	snprintf(target, sizeof target, "cc_skill:%lld", (long long)s->id);
	rc = audited(who, db, s->id ? "cc.skill.update" : "cc.skill.create", target,
		     json_pack("{s:s}", "name", s->name), skill_write, s);
	if (rc == GX_ECONFLICT) {
		verr_add(v, "name", "技能“%s”已存在", s->name);
		return GX_ECONFLICT;
	}
	return rc ? rc : store_cc_skill_get(db, s->id, s);
}

static int skill_drop(struct db *db, void *arg)
{
	struct cc_skill s;
	int rc;

	if ((rc = store_cc_skill_get(db, *(int64_t *)arg, &s)) != 0)
		return rc;
	if (s.agents || s.queues)
		return GX_ECONFLICT;
	return store_cc_skill_delete(db, s.id);
}

int cc_skill_delete(const struct principal *who, int64_t id)
{
	char target[32];
	struct db *db;
	int rc;

	if (!(db = principal_db(who, PERM_CC_MANAGE, &rc)))
		return rc;
	snprintf(target, sizeof target, "cc_skill:%lld", (long long)id);
	return audited(who, db, "cc.skill.delete", target, NULL, skill_drop, &id);
}

int cc_queues_list(const struct principal *who, struct cc_queue *out, int max, int *n)
{
	struct db *db;
	int rc;

	*n = 0;
	if (!(db = cc_reader_db(who, &rc)))
		return rc;
	return store_cc_queues(db, out, max, n);
}

int cc_queue_get(const struct principal *who, int64_t id, struct cc_queue *out)
{
	struct db *db;
	int rc;

	if (!(db = cc_reader_db(who, &rc)))
		return rc;
	return store_cc_queue_get(db, id, out);
}

/* Every item of a comma list is a customer tier; "" is none. */
static bool tiers_ok(const char *csv)
{
	char item[16];
	size_t n;

	for (const char *p = csv; *p; p += n + (p[n] == ',')) {
		n = strcspn(p, ",");
		if (n == 0 || n >= sizeof item)
			return false;
		memcpy(item, p, n);
		item[n] = '\0';
		if (!in_list(tiers, sizeof tiers / sizeof *tiers, item))
			return false;
	}
	return true;
}

static int check_queue(struct db *db, const struct cc_queue *q, struct verr *v)
{
	struct cc_skill s;
	struct cc_queue other;
	struct team_rec t;
	int rc;

	if (!name_ok(q->name))
		verr_add(v, "name", "应为 1–%d 个字符", NAME_MAX_CHARS);
	if (!in_list(strategies, sizeof strategies / sizeof *strategies, q->strategy))
		verr_add(v, "strategy", "应为 longest_idle、fewest_calls、round_robin 或 skill_level");
	if (!tiers_ok(q->priority_tiers))
		verr_add(v, "priority_tiers", "应为以逗号分隔的客户等级：vip、key、general、small");
	if (q->overflow_after_s < 0 || q->overflow_after_s > WAIT_MAX_S)
		verr_add(v, "overflow_after_s", "应为 0 到 %d 秒", WAIT_MAX_S);
	if (q->wrap_up_s < 0 || q->wrap_up_s > WAIT_MAX_S)
		verr_add(v, "wrap_up_s", "应为 0 到 %d 秒", WAIT_MAX_S);
	if (q->sl_seconds < 1 || q->sl_seconds > 600)
		verr_add(v, "sl_seconds", "应为 1 到 600 秒");
	if ((rc = store_cc_skill_get(db, q->skill_id, &s)) == GX_ENOTFOUND)
		verr_add(v, "skill_id", "技能不存在");
	else if (rc)
		return rc;
	if (q->overflow_queue_id && q->overflow_queue_id == q->id)
		verr_add(v, "overflow_queue_id", "不能溢出到本队列");
	else if (q->overflow_queue_id &&
		 (rc = store_cc_queue_get(db, q->overflow_queue_id, &other)) == GX_ENOTFOUND)
		verr_add(v, "overflow_queue_id", "溢出队列不存在");
	else if (q->overflow_queue_id && rc)
		return rc;
	if (q->team_id && (rc = store_team_get(db, q->team_id, &t)) == GX_ENOTFOUND)
		verr_add(v, "team_id", "团队不存在");
	else if (q->team_id && rc)
		return rc;
	return v->n ? GX_EINVAL : 0;
}

static int queue_write(struct db *db, void *arg)
{
	struct cc_queue *q = arg;

	q->updated_at = clock_now_ms();
	return q->id ? store_cc_queue_update(db, q) : store_cc_queue_insert(db, q);
}

int cc_queue_save(const struct principal *who, struct cc_queue *q, struct verr *v)
{
	char target[32];
	struct db *db;
	bool create = q->id == 0;
	int rc;

	if (!(db = principal_db(who, PERM_CC_MANAGE, &rc)))
		return rc;
	if ((rc = check_queue(db, q, v)) != 0)
		return rc;
	snprintf(target, sizeof target, "cc_queue:%lld", (long long)q->id);
	rc = audited(who, db, create ? "cc.queue.create" : "cc.queue.update", target,
		     json_pack("{s:s,s:s,s:I}", "name", q->name, "strategy", q->strategy,
			       "skill_id", (json_int_t)q->skill_id), queue_write, q);
	if (rc == GX_ECONFLICT) {
		verr_add(v, "name", "队列“%s”已存在", q->name);
		return GX_ECONFLICT;
	}
	return rc ? rc : store_cc_queue_get(db, q->id, q);
}

static int queue_drop(struct db *db, void *arg)
{
	int64_t id = *(int64_t *)arg;
	int uses, rc;

	if ((rc = store_cc_queue_uses(db, id, &uses)) != 0)
		return rc;
	return uses ? GX_ECONFLICT : store_cc_queue_delete(db, id);
}

int cc_queue_delete(const struct principal *who, int64_t id)
{
	char target[32];
	struct db *db;
	int rc;

	if (!(db = principal_db(who, PERM_CC_MANAGE, &rc)))
		return rc;
	snprintf(target, sizeof target, "cc_queue:%lld", (long long)id);
	return audited(who, db, "cc.queue.delete", target, NULL, queue_drop, &id);
}

int cc_numbers_list(const struct principal *who, struct cc_number *out, int max, int *n)
{
	struct db *db;
	int rc;

	*n = 0;
	if (!(db = cc_reader_db(who, &rc)))
		return rc;
	return store_cc_numbers(db, out, max, n);
}

static int number_write(struct db *db, void *arg)
{
	return store_cc_number_insert(db, arg);
}

int cc_number_add(const struct principal *who, const struct cc_number *num, struct verr *v)
{
	struct cc_queue q;
	struct db *db;
	int rc;

	if (!(db = principal_db(who, PERM_CC_MANAGE, &rc)))
		return rc;
	if (!cc_number_ok(num->number))
		verr_add(v, "number", "应为 1–32 位数字（可含 + * #）");
	if (num->label[0] && (!utf8_text_ok(num->label, false) || utf8_len(num->label) > NAME_MAX_CHARS))
		verr_add(v, "label", "最多 %d 个字符", NAME_MAX_CHARS);
	if ((rc = store_cc_queue_get(db, num->queue_id, &q)) == GX_ENOTFOUND)
		verr_add(v, "queue_id", "队列不存在");
	else if (rc)
		return rc;
	if (v->n)
		return GX_EINVAL;
	rc = audited(who, db, "cc.number.create", "cc_number",
		     json_pack("{s:s,s:I}", "number", num->number, "queue_id", (json_int_t)num->queue_id),
		     number_write, (void *)num);
	if (rc == GX_ECONFLICT)
		verr_add(v, "number", "号码 %s 已设置", num->number);
	return rc;
}

static int number_drop(struct db *db, void *arg)
{
	return store_cc_number_delete(db, arg);
}

int cc_number_delete(const struct principal *who, const char *number)
{
	struct db *db;
	int rc;

	if (!(db = principal_db(who, PERM_CC_MANAGE, &rc)))
		return rc;
	return audited(who, db, "cc.number.delete", "cc_number",
		       json_pack("{s:s}", "number", number), number_drop, (void *)number);
}

int cc_agents_list(const struct principal *who, struct cc_agent *out, int max, int *n)
{
	struct db *db;
	int rc;

	*n = 0;
	if (!(db = cc_reader_db(who, &rc)))
		return rc;
	return store_cc_agents(db, out, max, n);
}

int cc_agent_get(const struct principal *who, int64_t user_id, struct cc_agent *out)
{
	struct db *db;
	int rc;

	if (!(db = cc_reader_db(who, &rc)))
		return rc;
	return store_cc_agent_get(db, user_id, out);
}

static int check_agent(struct db *db, const struct cc_agent *a, bool create, struct verr *v)
{
	struct user_rec u;
	struct cc_skill s;
	int rc;

	if (create && (rc = store_user_get(db, a->user_id, &u)) == GX_ENOTFOUND)
		verr_add(v, "user_id", "用户不存在");
	else if (create && rc)
		return rc;
	else if (create && u.disabled)
		verr_add(v, "user_id", "该用户已停用");
	if (strlen(a->extension) < 2 || strlen(a->extension) > 16 ||
	    strspn(a->extension, "0123456789") != strlen(a->extension))
		verr_add(v, "extension", "分机号应为 2–16 位数字");
	for (int i = 0; i < a->nskills; i++) {
		char field[32];

		snprintf(field, sizeof field, "skills[%d]", i);
		if (a->skills[i].level < 1 || a->skills[i].level > 5)
			verr_add(v, field, "技能等级应为 1–5");
		else if ((rc = store_cc_skill_get(db, a->skills[i].skill_id, &s)) == GX_ENOTFOUND)
			verr_add(v, field, "技能不存在");
		else if (rc)
			return rc;
		for (int j = 0; j < i; j++)
			if (a->skills[j].skill_id == a->skills[i].skill_id)
				verr_add(v, field, "技能重复");
	}
	return v->n ? GX_EINVAL : 0;
}

struct agent_write {
	struct cc_agent *a;
	bool create;
};

static int agent_write(struct db *db, void *arg)
{
	struct agent_write *w = arg;
	int64_t now = clock_now_ms();
	int rc;

	rc = w->create ? store_cc_agent_insert(db, w->a, now)
		       : store_cc_agent_set_extension(db, w->a->user_id, w->a->extension, now);
	return rc ? rc : store_cc_agent_set_skills(db, w->a);
}

int cc_agent_save(const struct principal *who, struct cc_agent *a, bool create, struct verr *v)
{
	struct agent_write w = {a, create};
	char target[32];
	struct cc_agent old;
	struct db *db;
	int rc;

	if (!(db = principal_db(who, PERM_CC_MANAGE, &rc)))
		return rc;
	if (!create && (rc = store_cc_agent_get(db, a->user_id, &old)) != 0)
		return rc;
	if ((rc = check_agent(db, a, create, v)) != 0)
		return rc;
	snprintf(target, sizeof target, "user:%lld", (long long)a->user_id);
	rc = audited(who, db, create ? "cc.agent.create" : "cc.agent.update", target,
		     json_pack("{s:s,s:i}", "extension", a->extension, "skills", a->nskills),
		     agent_write, &w);
	if (rc == GX_ECONFLICT) {
		if (create && store_cc_agent_get(db, a->user_id, &old) == 0)
			verr_add(v, "user_id", "该用户已是坐席");
		else
			verr_add(v, "extension", "分机号 %s 已被占用", a->extension);
		return GX_ECONFLICT;
	}
	return rc ? rc : store_cc_agent_get(db, a->user_id, a);
}

static int agent_drop(struct db *db, void *arg)
{
	struct cc_agent a;
	int rc;

	if ((rc = store_cc_agent_get(db, *(int64_t *)arg, &a)) != 0)
		return rc;
	if (strcmp(a.state, "signed_out"))
		return GX_ECONFLICT;
	return store_cc_agent_delete(db, a.user_id);
}

int cc_agent_delete(const struct principal *who, int64_t user_id)
{
	char target[32];
	struct db *db;
	int rc;

	if (!(db = principal_db(who, PERM_CC_MANAGE, &rc)))
		return rc;
	snprintf(target, sizeof target, "user:%lld", (long long)user_id);
	return audited(who, db, "cc.agent.delete", target, NULL, agent_drop, &user_id);
}
