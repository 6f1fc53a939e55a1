#include "domain/tickets.h"
#include "domain/ticket_sla.h"
#include "domain/customers.h"
#include "domain/dictionaries.h"
#include "lib/strset.h"
#include "lib/clock.h"
#include "lib/filetype.h"
#include "lib/utf8.h"
#include "store/blobs.h"
#include "store/contacts.h"
#include "store/db.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TITLE_MAX 100
#define DESC_MAX 4000
#define SHORT_MAX 100
#define NOTE_MAX 500
#define RESOLUTION_MAX 2000
#define COMMENT_MAX 5000
#define FILENAME_MAX_CHARS 200
#define Q_MAX 50
#define FUTURE_SLACK_MS (5 * 60 * 1000) /* clocks of browsers drift */

static const char *const types[] = {"complaint", "repair", "inquiry", "service",
				    "suggestion", "event", NULL};
static const char *const channels[] = {"phone", "web", "email", "wechat", "sms", "visit",
				       "app", NULL};
static const char *const priorities[] = {"urgent", "high", "normal", "low", NULL};

/* ---- scope --------------------------------------------------------- */

#define TEAM_DEPTH_MAX 8 /* a team tree deeper than this is a loop */

/* True if team is below ancestor in the team tree: an order escalated
 * from a team goes to the teams above it, whose people must open it. */
static bool team_below(struct db *db, int64_t team, int64_t ancestor)
{
	struct team_rec rec;

	for (int depth = 0; team && depth < TEAM_DEPTH_MAX; depth++) {
		if (store_team_get(db, team, &rec) != 0)
			return false;
		team = rec.parent_id;
		if (team == ancestor)
			return true;
	}
	return false;
}

static bool can_see(struct db *db, const struct principal *who, const struct ticket_rec *t)
{
	char name[8];

	if (principal_can(who, PERM_TICKET_MANAGE))
		return true;
	if ((who->team_id && t->team_id == who->team_id) ||
	    (who->user_id && (t->assignee_id == who->user_id || t->created_by == who->user_id)))
		return true;
	if (who->team_id && t->escalation_level >= 2 && team_below(db, t->team_id, who->team_id))
		return true;
	return customers_visible(who, t->customer_id, name, sizeof name) == 0;
}

/* The order if who may see it. */
static int load(struct db *db, const struct principal *who, int64_t id, struct ticket_rec *out)
{
	int rc = store_ticket_get(db, id, out);

	if (rc == 0 && !can_see(db, who, out))
		return GX_ENOTFOUND;
	return rc == 0 ? tsla_view(db, out, clock_now_ms()) : rc;
}

/* ---- fields -------------------------------------------------------- */

static void apply_text(json_t *fields, const char *field, size_t max, bool multiline,
		       bool required, char *dst, size_t cap, struct verr *v)
{
	json_t *val = json_object_get(fields, field);
	const char *s = json_string_value(val);

	if (!val)
		return;
	if (!s)
		verr_add(v, field, "应为字符串");
	else if (utf8_len(s) > max)
		verr_add(v, field, "不能超过 %zu 个字符", max);
	else if (!utf8_text_ok(s, multiline))
		verr_add(v, field, "不能包含控制字符");
	else if (required && s[strspn(s, " \t\r\n")] == '\0')
		verr_add(v, field, "不能为空");
	else
		snprintf(dst, cap, "%s", s);
}

static void apply_choice(json_t *fields, const char *field, const char *const *choices,
			 char *dst, size_t cap, struct verr *v)
{
	json_t *val = json_object_get(fields, field);

	if (!val)
		return;
	if (!strset_has(choices, json_string_value(val)))
		verr_add(v, field, "取值无效");
	else
		snprintf(dst, cap, "%s", json_string_value(val));
}

/* A past moment (RFC 3339) or null into *ms. */
static void apply_time(json_t *fields, const char *field, int64_t *ms, struct verr *v)
{
	json_t *val = json_object_get(fields, field);
	int64_t t;

	if (!val)
		return;
	if (json_is_null(val))
		*ms = 0;
	else if (!json_is_string(val) || clock_parse_rfc3339(json_string_value(val), &t) != 0 ||
		 t <= 0)
		verr_add(v, field, "应为带时区的日期时间，如 2026-11-22T18:00:00+08:00");
	else if (t > clock_now_ms() + FUTURE_SLACK_MS)
		verr_add(v, field, "不能晚于现在");
	else
		*ms = t;
}

static void apply_category(struct db *db, json_t *fields, struct ticket_rec *t,
			   struct verr *v)
{
	json_t *val = json_object_get(fields, "category");
	struct dict_item it;
	const char *code = json_string_value(val);

	if (!val)
		return;
	if (json_is_null(val) || (code && !*code)) {
		t->category[0] = '\0';
		return;
	}
	/* An order keeps a category that was disabled later; a new choice
	 * must be one the administrators offer. */
	if (code && !strcmp(code, t->category))
		return;
	if (!code || strlen(code) >= sizeof t->category ||
	    store_dict_get(db, "ticket_category", code, &it) != 0 || !it.enabled)
		verr_add(v, "category", "分类不存在或已停用");
	else
		snprintf(t->category, sizeof t->category, "%s", code);
}

static void apply_contact(struct db *db, json_t *fields, struct ticket_rec *t, struct verr *v)
{
	json_t *val = json_object_get(fields, "contact_id");
	struct contact_rec *c;

	if (!val)
		return;
	if (json_is_null(val) || json_integer_value(val) == 0) {
		t->contact_id = 0;
		return;
	}
	if (!(c = malloc(sizeof *c))) {
		verr_add(v, "contact_id", "暂时无法检查该联系人");
		return;
	}
	if (store_contact_get(db, json_integer_value(val), c) != 0 ||
	    c->customer_id != t->customer_id)
		verr_add(v, "contact_id", "联系人不存在或不属于该客户");
	else
		t->contact_id = c->id;
	free(c);
}

static void apply_team(struct db *db, json_t *fields, const char *field, int64_t *team,
		       struct verr *v)
{
	json_t *val = json_object_get(fields, field);
	struct team_rec tr;

	if (!val)
		return;
	if (json_is_null(val)) {
		*team = 0;
		return;
	}
	if (store_team_get(db, json_integer_value(val), &tr) != 0)
		verr_add(v, field, "团队不存在");
	else
		*team = tr.id;
}

/* The dispatch target: a team, a person (and their team unless one is
 * named), or both. A person alone leaves no one else assigned. */
static void apply_target(struct db *db, json_t *fields, struct ticket_rec *t, struct verr *v)
{
	json_t *val = json_object_get(fields, "assignee_id");
	struct user_rec *u;

	if (json_object_get(fields, "team_id")) {
		apply_team(db, fields, "team_id", &t->team_id, v);
		t->assignee_id = 0;
	}
	if (!val || json_is_null(val))
		return;
	if (!(u = malloc(sizeof *u))) {
		verr_add(v, "assignee_id", "暂时无法检查该用户");
		return;
	}
	if (store_user_get(db, json_integer_value(val), u) != 0 || u->disabled)
		verr_add(v, "assignee_id", "用户不存在或已停用，不能派单");
	else {
		t->assignee_id = u->id;
		if (!json_object_get(fields, "team_id") && u->team_id)
			t->team_id = u->team_id;
	}
	free(u);
}

static void apply_rating(json_t *fields, struct ticket_rec *t, struct verr *v)
{
	json_t *val = json_object_get(fields, "rating");

	if (val) {
		if (!json_is_integer(val) || json_integer_value(val) < 1 ||
		    json_integer_value(val) > 5)
			verr_add(v, "rating", "应为 1 到 5 的整数");
		else {
			t->rating = (int)json_integer_value(val);
			t->rated_at = clock_now_ms();
		}
	}
	apply_text(fields, "rating_comment", NOTE_MAX, true, false, t->rating_comment,
		   sizeof t->rating_comment, v);
}

/* The descriptive fields every create and change takes. */
static void apply_common(struct db *db, json_t *fields, struct ticket_rec *t, struct verr *v)
{
	apply_text(fields, "title", TITLE_MAX, false, true, t->title, sizeof t->title, v);
	apply_text(fields, "description", DESC_MAX, true, false, t->description,
		   sizeof t->description, v);
	apply_choice(fields, "type", types, t->type, sizeof t->type, v);
	apply_choice(fields, "channel", channels, t->channel, sizeof t->channel, v);
	apply_choice(fields, "priority", priorities, t->priority, sizeof t->priority, v);
	apply_category(db, fields, t, v);
	apply_contact(db, fields, t, v);
	apply_text(fields, "fault_location", SHORT_MAX, false, false, t->fault_location,
		   sizeof t->fault_location, v);
	apply_text(fields, "fault_nature", SHORT_MAX, false, false, t->fault_nature,
		   sizeof t->fault_nature, v);
}

/* ---- events -------------------------------------------------------- */

int tkt_event_record(struct db *db, int64_t actor_id, const struct ticket_rec *t,
		     const char *action, const char *from, const char *note, int64_t now)
{
	struct ticket_event *e = calloc(1, sizeof *e);
	int rc;

	if (!e)
		return GX_ENOMEM;
	e->ticket_id = t->id;
	e->customer_id = t->customer_id;
	e->actor_id = actor_id;
	e->at = now;
	snprintf(e->action, sizeof e->action, "%s", action);
	snprintf(e->from_state, sizeof e->from_state, "%s", from ? from : "");
	snprintf(e->to_state, sizeof e->to_state, "%s", t->state);
	utf8_copy(e->note, sizeof e->note, note ? note : "");
	rc = store_ticket_event_insert(db, e);
	free(e);
	return rc;
}

/* Writes t (a new order when id is 0, else at t->version) with its event
 * at now in one transaction, then reads it back into t. now is the
 * instant the change's effects were computed at, so that a pause's
 * events bound exactly the time it moved the deadlines by. */
static int save(struct db *db, const struct principal *who, struct ticket_rec *t,
		const char *action, const char *from, const char *note, int64_t now)
{
	int rc;

	if ((rc = db_begin(db, true)) != 0)
		return rc;
	if (t->id)
		rc = store_ticket_update(db, t, now);
	else {
		t->created_at = now;
		t->created_by = who->user_id;
		rc = store_ticket_insert(db, t);
	}
	if (rc == 0)
		rc = tkt_event_record(db, who->user_id, t, action, from, note, now);
	if (rc != 0 || (rc = db_commit(db)) != 0) {
		db_rollback(db);
		return rc;
	}
	if ((rc = store_ticket_get(db, t->id, t)) != 0)
		return rc;
	return tsla_view(db, t, now);
}

/* ---- create, read, change ------------------------------------------ */

int tkt_create(const struct principal *who, json_t *fields, struct ticket_rec *out,
	       struct verr *v)
{
	json_t *cust = json_object_get(fields, "customer_id");
	int64_t now = clock_now_ms();
	struct db *db;
	int rc;

	if (!(db = principal_db(who, PERM_TICKET_WRITE, &rc)))
		return rc;
	memset(out, 0, sizeof *out);
	snprintf(out->channel, sizeof out->channel, "phone");
	snprintf(out->priority, sizeof out->priority, "normal");
	snprintf(out->state, sizeof out->state, "new");
	out->team_id = who->team_id;
	for (const char *const *f = (const char *const[]){"type", "customer_id", "title", NULL};
	     *f; f++)
		if (!json_object_get(fields, *f))
			verr_add(v, *f, "必填");
	if (cust) {
		out->customer_id = json_integer_value(cust);
		if (customers_visible(who, out->customer_id, out->customer_name,
				      sizeof out->customer_name) != 0)
			verr_add(v, "customer_id", "客户不存在或不在您的客户范围内");
	}
	apply_common(db, fields, out, v);
	if (v->n)
		return GX_EINVAL;
	if ((rc = tsla_start(db, out, now)) != 0)
		return rc;
	return save(db, who, out, "create", NULL, "", now);
}

int tkt_get(const struct principal *who, int64_t id, struct ticket_rec *out)
{
	struct db *db;
	int rc;

	if (!(db = principal_db(who, PERM_TICKET_READ, &rc)))
		return rc;
	return load(db, who, id, out);
}

int tkt_of_customer(struct db *db, int64_t id, int64_t customer_id)
{
	struct ticket_rec *t = malloc(sizeof *t);
	int rc = t ? store_ticket_get(db, id, t) : GX_ENOMEM;

	if (rc == 0 && t->customer_id != customer_id)
		rc = GX_ENOTFOUND;
	free(t);
	return rc;
}

static int closed_conflict(struct verr *v)
{
	verr_add(v, "state", "工单已关闭，不能修改；如需继续处理请先重开");
	return GX_ECONFLICT;
}

static const char *priority_label(const char *p)
{
	static const char *const labels[] = {"紧急", "高", "普通", "低"};
	int i = strset_index(priorities, p);

	return i >= 0 ? labels[i] : p;
}

/* "优先级 普通→紧急" style notes name what a change touched. */
static void describe_change(const struct ticket_rec *before, const struct ticket_rec *after,
			    char *note, size_t cap)
{
	static const struct {
		const char *label;
		size_t off, len;
	} texts[] = {
#define TXT(f, l) {l, offsetof(struct ticket_rec, f), sizeof ((struct ticket_rec *)0)->f}
		TXT(title, "标题"), TXT(description, "描述"), TXT(type, "类型"),
		TXT(channel, "渠道"), TXT(category, "分类"),
		TXT(fault_location, "故障地点"), TXT(fault_nature, "故障性质"),
#undef TXT
	};
	size_t len = 0;

	note[0] = '\0';
	if (strcmp(before->priority, after->priority) != 0)
		len += (size_t)snprintf(note + len, cap - len, "优先级 %s→%s",
					priority_label(before->priority),
					priority_label(after->priority));
	for (size_t i = 0; i < sizeof texts / sizeof *texts && len < cap; i++)
		if (strncmp((const char *)before + texts[i].off,
			    (const char *)after + texts[i].off, texts[i].len) != 0)
			len += (size_t)snprintf(note + len, cap - len, "%s%s", len ? "、" : "",
						texts[i].label);
	if (len < cap && (before->contact_id != after->contact_id ||
			  before->repair_team_id != after->repair_team_id ||
			  before->restored_at != after->restored_at ||
			  before->customer_notified_at != after->customer_notified_at))
		snprintf(note + len, cap - len, "%s%s", len ? "、" : "", "报修与联系人信息");
}

/* A new type or priority takes the time limits of its policy (SVC-3);
 * the change's note says so. */
static int repolicy(struct db *db, const struct ticket_rec *before, struct ticket_rec *t,
		    int64_t now, char *note, size_t cap)
{
	size_t len = strlen(note);
	int rc;

	if (!strcmp(before->type, t->type) && !strcmp(before->priority, t->priority))
		return 0;
	if ((rc = tsla_repolicy(db, t, now)) != 0)
		return rc;
	if (before->due_resolve_at != t->due_resolve_at ||
	    before->due_response_at != t->due_response_at)
		snprintf(note + len, cap - len, "；时限已按新的类型和优先级重算");
	return 0;
}

int tkt_update(const struct principal *who, int64_t id, int64_t version, json_t *fields,
	       struct ticket_rec *out, struct verr *v)
{
	struct ticket_rec *before = malloc(sizeof *before);
	int64_t now = clock_now_ms();
	char note[NOTE_MAX];
	struct db *db;
	int rc;

	if (!before)
		return GX_ENOMEM;
	if (!(db = principal_db(who, PERM_TICKET_WRITE, &rc)) || (rc = load(db, who, id, out)) != 0)
		goto out;
	if (out->version != version) {
		rc = GX_EVERSION;
		goto out;
	}
	if (!strcmp(out->state, "closed")) {
		rc = closed_conflict(v);
		goto out;
	}
	*before = *out;
	apply_common(db, fields, out, v);
	apply_team(db, fields, "repair_team_id", &out->repair_team_id, v);
	apply_time(fields, "restored_at", &out->restored_at, v);
	apply_time(fields, "customer_notified_at", &out->customer_notified_at, v);
	if (v->n) {
		rc = GX_EINVAL;
		goto out;
	}
	describe_change(before, out, note, sizeof note);
	if ((rc = repolicy(db, before, out, now, note, sizeof note)) == 0)
		rc = save(db, who, out, "update", out->state, note, now);
out:
	free(before);
	return rc;
}

/* ---- moves --------------------------------------------------------- */

/* A reopen from closed is possible for TKT_REOPEN_WINDOW_MS after closing. */
static bool within_window(const struct ticket_rec *t, int64_t now)
{
	return strcmp(t->state, "closed") != 0 || now - t->closed_at <= TKT_REOPEN_WINDOW_MS;
}

int tkt_moves(const struct principal *who, const struct ticket_rec *t,
	      const struct tkt_move **out)
{
	const struct tkt_move *m;
	int n = 0;

	if (!within_window(t, clock_now_ms()))
		return 0;
	for (size_t i = 0; (m = tkt_flow_at(i)) && n < TKT_MOVES_MAX; i++)
		if (!strcmp(m->from, t->state) && principal_can(who, m->perm))
			out[n++] = m;
	return n;
}

static bool has_group(json_t *fields, enum tkt_fields g)
{
	for (const char *const *f = tkt_flow_field_names(g); *f; f++)
		if (json_object_get(fields, *f) && !json_is_null(json_object_get(fields, *f)))
			return true;
	return false;
}

/* The fields of the request against the move's columns. */
static void check_move_fields(const struct tkt_move *m, const struct ticket_rec *t,
			      json_t *fields, struct verr *v)
{
	const char *key;
	json_t *val;

	json_object_foreach(fields, key, val) {
		bool ok = !strcmp(key, "to") || !strcmp(key, "version");
		for (unsigned g = 1; g <= TF_NOTIFIED && !ok; g <<= 1)
			for (const char *const *f = tkt_flow_field_names(g); *f && !ok; f++)
				ok = (m->allowed & g) && !strcmp(*f, key);
		if (!ok)
			verr_add(v, key, "“%s”操作不需要此字段", m->label);
	}
	if ((m->required & TF_NOTE) && !has_group(fields, TF_NOTE))
		verr_add(v, "note", "请填写原因或说明");
	if ((m->required & TF_TARGET) && !has_group(fields, TF_TARGET))
		verr_add(v, "team_id", "请选择派往的团队或处理人");
	if ((m->required & TF_RESOLUTION) && !has_group(fields, TF_RESOLUTION))
		verr_add(v, "resolution", "请填写处理结果");
	if ((m->required & TF_RATING) && !json_object_get(fields, "rating"))
		verr_add(v, "rating", "请记录客户的评价（1–5 分）");
	if (strcmp(t->type, "repair") != 0)
		return;
	/* A repair order must have these, given now or earlier. */
	if ((m->repair_required & TF_FAULT) &&
	    !json_object_get(fields, "fault_location") && !t->fault_location[0])
		verr_add(v, "fault_location", "报修工单派单前须填写故障地点");
	if ((m->repair_required & TF_FAULT) &&
	    !json_object_get(fields, "fault_nature") && !t->fault_nature[0])
		verr_add(v, "fault_nature", "报修工单派单前须填写故障性质");
	if ((m->repair_required & TF_RESTORED) &&
	    !json_object_get(fields, "restored_at") && !t->restored_at)
		verr_add(v, "restored_at", "报修工单办结时须填写恢复时间");
}

/* What the move does to the order beyond its fields. */
static void apply_effects(const struct principal *who, const struct tkt_move *m,
			  struct ticket_rec *t, int64_t now)
{
	bool take = !strcmp(m->action, "accept") || !strcmp(m->action, "start") ||
		    (!strcmp(m->action, "reopen") && !strcmp(m->to, "in_progress"));

	if (take && !t->assignee_id && who->user_id) {
		t->assignee_id = who->user_id;
		if (!t->team_id)
			t->team_id = who->team_id;
	}
	if (!strcmp(m->from, "new") && strcmp(m->to, "closed") != 0 && !t->responded_at)
		t->responded_at = now;
	if (!strcmp(m->from, "waiting") && t->paused_at) {
		t->paused_ms += now - t->paused_at;
		t->paused_at = 0;
	}
	if (!strcmp(m->to, "waiting"))
		t->paused_at = now;
	if (!strcmp(m->action, "dispatch") && !strcmp(t->type, "repair") && !t->repair_team_id)
		t->repair_team_id = t->team_id;
	if (!strcmp(m->action, "resolve"))
		t->resolved_at = now;
	if (!strcmp(m->action, "callback") && !t->customer_notified_at)
		t->customer_notified_at = now;
	if (!strcmp(m->action, "close"))
		t->closed_at = now;
	if (!strcmp(m->action, "reopen")) {
		t->reopen_count++;
		t->closed_at = 0;
		t->resolved_at = 0;
	}
	snprintf(t->state, sizeof t->state, "%s", m->to);
}

/* "派至 客服一组 / 张三：note" for a dispatch; the note otherwise. */
static void move_note(struct db *db, const struct tkt_move *m, const struct ticket_rec *t,
		      json_t *fields, char *note, size_t cap)
{
	const char *given = json_string_value(json_object_get(fields, "note"));
	struct team_rec team = {0};
	size_t len = 0;

	note[0] = '\0';
	if (!strcmp(m->action, "dispatch") || (!strcmp(m->action, "reopen") &&
					       !strcmp(m->to, "dispatched"))) {
		if (t->team_id)
			store_team_get(db, t->team_id, &team);
		len = (size_t)snprintf(note, cap, "派至 %s", team.name[0] ? team.name : "—");
	}
	if (given && *given && len < cap)
		snprintf(note + len, cap - len, "%s%s", len ? "：" : "", given);
}

/* The move to on the loaded order t; v names what is wrong. */
static int move(struct db *db, const struct principal *who, struct ticket_rec *t,
		const char *to, json_t *fields, struct verr *v)
{
	const struct tkt_move *m;
	char from[TKT_WORD_LEN], note[TKT_NOTE_LEN];
	int64_t now = clock_now_ms(), paused_from;
	int rc;

	if (!tkt_state_valid(to))
		return verr_add(v, "to", "状态无效");
	if (!(m = tkt_flow_find(t->state, to))) {
		verr_add(v, "to", "工单当前为“%s”，不能转为“%s”", tkt_state_label(t->state),
			 tkt_state_label(to));
		return GX_ECONFLICT;
	}
	if (!principal_can(who, m->perm))
		return GX_EPERM;
	if (!within_window(t, now)) {
		verr_add(v, "reopen", "工单关闭已超过 7 天，不能重开，请新建工单");
		return GX_ECONFLICT;
	}
	check_move_fields(m, t, fields, v);
	if (m->allowed & TF_TARGET)
		apply_target(db, fields, t, v);
	apply_text(fields, "resolution", RESOLUTION_MAX, true, true, t->resolution,
		   sizeof t->resolution, v);
	apply_rating(fields, t, v);
	apply_text(fields, "fault_location", SHORT_MAX, false, false, t->fault_location,
		   sizeof t->fault_location, v);
	apply_text(fields, "fault_nature", SHORT_MAX, false, false, t->fault_nature,
		   sizeof t->fault_nature, v);
	apply_team(db, fields, "repair_team_id", &t->repair_team_id, v);
	apply_time(fields, "restored_at", &t->restored_at, v);
	apply_time(fields, "customer_notified_at", &t->customer_notified_at, v);
	/* The note is checked like every other text; move_note writes the
	 * event's note into the buffer afterwards. */
	apply_text(fields, "note", NOTE_MAX, true, false, note, sizeof note, v);
	if (v->n)
		return GX_EINVAL;
	snprintf(from, sizeof from, "%s", t->state);
	paused_from = t->paused_at;
	apply_effects(who, m, t, now);
	if ((rc = tsla_after_move(db, t, from, t->paused_at ? 0 : paused_from, now)) != 0)
		return rc;
	move_note(db, m, t, fields, note, sizeof note);
	return save(db, who, t, m->action, from, note, now);
}

int tkt_transition(const struct principal *who, int64_t id, int64_t version, const char *to,
		   json_t *fields, struct ticket_rec *out, struct verr *v)
{
	struct db *db;
	int rc;

	if (!(db = principal_db(who, PERM_TICKET_READ, &rc)) || (rc = load(db, who, id, out)) != 0)
		return rc;
	if (v->n)
		return GX_EINVAL;
	if (out->version != version)
		return GX_EVERSION;
	return move(db, who, out, to, fields, v);
}

/* ---- time limits and history --------------------------------------- */

/* db with a write transaction open if who holds ticket.manage. */
static struct db *manage_begin(const struct principal *who, int *rc)
{
	struct db *db = principal_db(who, PERM_TICKET_MANAGE, rc);

	if (db && (*rc = db_begin(db, true)) != 0)
		db = NULL;
	return db;
}

static int manage_end(struct db *db, int rc)
{
	if (rc == 0 && (rc = db_commit(db)) == 0)
		return 0;
	db_rollback(db);
	return rc;
}

int tkt_set_deadlines(const struct principal *who, int64_t id, int64_t due_response,
		      int64_t due_resolve)
{
	struct db *db;
	int rc;

	if (!(db = manage_begin(who, &rc)))
		return rc;
	rc = store_ticket_set_deadlines(db, id, due_response, due_resolve);
	return manage_end(db, rc ? rc : tsla_reschedule(db, id));
}

int tkt_shift_history(const struct principal *who, int64_t id, int64_t delta_ms)
{
	struct db *db;
	int rc;

	if (!(db = manage_begin(who, &rc)))
		return rc;
	rc = store_ticket_shift(db, id, delta_ms);
	return manage_end(db, rc ? rc : tsla_reschedule(db, id));
}

/* ---- lists --------------------------------------------------------- */

/* The JSON array of code and every category below it. */
static int category_set(struct db *db, const char *code, char **json, struct verr *v)
{
	struct dict_item *items = calloc(DICT_ITEMS_MAX, sizeof *items);
	json_t *set = json_array();
	bool grew = true, found = false;
	int n = 0, rc;

	*json = NULL;
	if (!items || !set) {
		rc = GX_ENOMEM;
		goto out;
	}
	if ((rc = store_dict_items(db, "ticket_category", true, items, DICT_ITEMS_MAX, &n)) != 0)
		goto out;
	for (int i = 0; i < n; i++)
		found |= !strcmp(items[i].code, code);
	if (!found) {
		rc = verr_add(v, "category", "分类不存在");
		goto out;
	}
	json_array_append_new(set, json_string(code));
	/* The tree is shallow; each round adds the next level. */
	while (grew) {
		grew = false;
		for (int i = 0; i < n; i++) {
			bool in = false, parent_in = false;
			size_t k;
			json_t *c;
			json_array_foreach(set, k, c) {
				in |= !strcmp(json_string_value(c), items[i].code);
				parent_in |= !strcmp(json_string_value(c), items[i].parent_code);
			}
			if (parent_in && !in) {
				json_array_append_new(set, json_string(items[i].code));
				grew = true;
			}
		}
	}
	if (!(*json = json_dumps(set, JSON_COMPACT)))
		rc = GX_ENOMEM;
out:
	json_decref(set);
	free(items);
	return rc;
}

static const struct {
	const char *name;
	enum ticket_view view;
} views[] = {
	{"my_open", TKV_MY_OPEN},       {"team", TKV_TEAM},       {"unassigned", TKV_UNASSIGNED},
	{"overdue", TKV_OVERDUE},       {"callback", TKV_CALLBACK}, {"all", TKV_ALL},
	{"customer", TKV_CUSTOMER},
};

/* The view and scope of a search. */
static int plan(const struct principal *who, const struct tkt_search *s,
		struct ticket_query *q, struct verr *v)
{
	const char *view = s->view && *s->view ? s->view : "my_open";
	bool manage = principal_can(who, PERM_TICKET_MANAGE), found = false;
	char name[8];

	for (size_t i = 0; i < sizeof views / sizeof *views; i++)
		if (!strcmp(views[i].name, view)) {
			q->view = views[i].view;
			found = true;
		}
	if (!found)
		verr_add(v, "view", "应为 my_open、team、unassigned、overdue、callback、all 或 customer");
	/* Whoever may read every customer reads every customer's orders
	 * (can_see), so the lists show them all too. */
	q->all_teams = (manage || principal_can(who, PERM_CUSTOMER_SCOPE_ALL)) && !s->team_id;
	q->user_id = who->user_id;
	q->team_id = s->team_id ? s->team_id : who->team_id;
	if (s->team_id && !manage)
		verr_add(v, "team_id", "只有工单管理员可以查看其他团队");
	if (found && q->view == TKV_TEAM && !q->team_id)
		verr_add(v, "view", "您不属于任何团队");
	if (found && q->view == TKV_CUSTOMER) {
		q->customer_id = s->customer_id;
		if (customers_visible(who, s->customer_id, name, sizeof name) != 0)
			return GX_ENOTFOUND;
	}
	if (s->state && *s->state && !tkt_state_valid(s->state))
		verr_add(v, "state", "状态无效");
	q->state = s->state && *s->state ? s->state : NULL;
	if (s->q && *s->q) {
		if (utf8_len(s->q) > Q_MAX)
			verr_add(v, "q", "不能超过 %d 个字符", Q_MAX);
		q->q = s->q;
		if (strspn(s->q, "0123456789") == strlen(s->q) && strlen(s->q) < 18)
			q->q_id = strtoll(s->q, NULL, 10);
	}
	/* Someone outside every team sees, in team views, nothing but theirs. */
	if (!q->all_teams && !q->team_id)
		q->team_id = -1;
	return v->n ? GX_EINVAL : 0;
}

int tkt_list(const struct principal *who, const struct tkt_search *s, struct ticket_rec *out,
	     int *n, struct verr *v)
{
	struct ticket_query q = {0};
	char *cats = NULL;
	struct db *db;
	int rc;

	*n = 0;
	if (!(db = principal_db(who, PERM_TICKET_READ, &rc)) || (rc = plan(who, s, &q, v)) != 0)
		return rc;
	if (s->category && *s->category &&
	    (rc = category_set(db, s->category, &cats, v)) != 0)
		return rc;
	q.categories = cats;
	q.after_id = s->after_id;
	q.limit = s->limit;
	rc = store_ticket_list(db, &q, out, n);
	for (int i = 0; rc == 0 && i < *n; i++)
		rc = tsla_view(db, &out[i], clock_now_ms());
	free(cats);
	return rc;
}

/* db and the order id if who holds p and sees the order. */
static struct db *open_ticket(const struct principal *who, enum perm p, int64_t id, int *rc)
{
	struct ticket_rec *t = malloc(sizeof *t);
	struct db *db;

	if (!t) {
		*rc = GX_ENOMEM;
		return NULL;
	}
	if ((db = principal_db(who, p, rc)) && (*rc = load(db, who, id, t)) != 0)
		db = NULL;
	free(t);
	return db;
}

int tkt_events(const struct principal *who, int64_t id, int64_t after_id, int limit,
	       struct ticket_event *out, int *n)
{
	struct db *db;
	int rc;

	*n = 0;
	if (!(db = open_ticket(who, PERM_TICKET_READ, id, &rc)))
		return rc;
	return store_ticket_events(db, id, after_id, limit, out, n);
}

/* ---- thread -------------------------------------------------------- */

int tkt_comment_add(const struct principal *who, int64_t id, bool internal, const char *body,
		    struct ticket_comment *out, struct verr *v)
{
	struct db *db;
	int rc;

	if (!(db = open_ticket(who, PERM_TICKET_WRITE, id, &rc)))
		return rc;
	memset(out, 0, sizeof *out);
	if (!body || body[strspn(body, " \t\r\n")] == '\0')
		verr_add(v, "body", "不能为空");
	else if (utf8_len(body) > COMMENT_MAX)
		verr_add(v, "body", "不能超过 %d 个字符", COMMENT_MAX);
	else if (!utf8_text_ok(body, true))
		verr_add(v, "body", "不能包含控制字符");
	if (v->n)
		return GX_EINVAL;
	out->ticket_id = id;
	out->internal = internal;
	snprintf(out->body, sizeof out->body, "%s", body);
	out->author_id = who->user_id;
	out->created_at = clock_now_ms();
	if ((rc = db_begin(db, true)) != 0)
		return rc;
	/* The first public reply is the first response (SVC-3). */
	if ((rc = store_ticket_comment_insert(db, out)) != 0 ||
	    (!internal && (rc = store_ticket_mark_responded(db, id, out->created_at)) != 0) ||
	    (rc = db_commit(db)) != 0) {
		db_rollback(db);
		return rc;
	}
	/* Read back for the author's display name. */
	return store_ticket_comments(db, id, out->id - 1, 1, out, &(int){0});
}

int tkt_comments(const struct principal *who, int64_t id, int64_t after_id, int limit,
		 struct ticket_comment *out, int *n)
{
	struct db *db;
	int rc;

	*n = 0;
	if (!(db = open_ticket(who, PERM_TICKET_READ, id, &rc)))
		return rc;
	return store_ticket_comments(db, id, after_id, limit, out, n);
}

/* ---- attachments --------------------------------------------------- */

static bool filename_ok(const char *s)
{
	return s && *s && utf8_len(s) <= FILENAME_MAX_CHARS && utf8_text_ok(s, false) &&
	       !strpbrk(s, "/\\\"") && s[strspn(s, " .")] != '\0';
}

int tkt_attach(const struct principal *who, int64_t id, const char *filename,
	       const void *bytes, size_t len, struct ticket_attachment *out, struct verr *v)
{
	struct ticket_attachment *list = NULL;
	const char *type;
	struct db *db;
	int rc, n = 0;

	if (!(db = open_ticket(who, PERM_TICKET_WRITE, id, &rc)))
		return rc;
	memset(out, 0, sizeof *out);
	if (!filename_ok(filename))
		return verr_add(v, "filename", "请给出文件名（不超过 %d 个字符，不含 / \\ \"）",
				FILENAME_MAX_CHARS);
	if (len == 0)
		return verr_add(v, "file", "文件是空的");
	if (len > TKT_ATTACHMENT_MAX)
		return verr_add(v, "file", "文件不能超过 %zu MiB", TKT_ATTACHMENT_MAX >> 20);
	if (!(type = filetype_detect(bytes, len, filename)))
		return verr_add(v, "file", "只接受 PDF、图片（PNG/JPEG/GIF）、Word、Excel 和文本文件，"
				"且内容须与扩展名相符");
	if (!(list = calloc(TKT_ATTACHMENTS_PER_TICKET, sizeof *list)))
		return GX_ENOMEM;
	rc = store_ticket_attachments(db, id, list, TKT_ATTACHMENTS_PER_TICKET, &n);
	free(list);
	if (rc != 0)
		return rc;
	if (n >= TKT_ATTACHMENTS_PER_TICKET)
		return verr_add(v, "file", "每张工单最多 %d 个附件", TKT_ATTACHMENTS_PER_TICKET);
	/* The file first: a row never names bytes that are not on disk. A
	 * file left without a row by a failed insert is harmless. */
	if ((rc = blob_put(bytes, len, out->sha256)) != 0)
		return rc;
	out->ticket_id = id;
	snprintf(out->filename, sizeof out->filename, "%s", filename);
	snprintf(out->content_type, sizeof out->content_type, "%s", type);
	out->size = (int64_t)len;
	out->uploaded_by = who->user_id;
	out->created_at = clock_now_ms();
	if ((rc = db_begin(db, true)) != 0)
		return rc;
	if ((rc = store_ticket_attachment_insert(db, out)) != 0 || (rc = db_commit(db)) != 0) {
		db_rollback(db);
		return rc;
	}
	return store_ticket_attachment_get(db, out->id, out);
}

int tkt_attachments(const struct principal *who, int64_t id, struct ticket_attachment *out,
		    int *n)
{
	struct db *db;
	int rc;

	*n = 0;
	if (!(db = open_ticket(who, PERM_TICKET_READ, id, &rc)))
		return rc;
	return store_ticket_attachments(db, id, out, TKT_ATTACHMENTS_PER_TICKET, n);
}

/* The attachment if who holds p and sees its order. */
static struct db *open_attachment(const struct principal *who, enum perm p, int64_t aid,
				  struct ticket_attachment *a, int *rc)
{
	struct db *db;

	if (!(db = principal_db(who, p, rc)) || (*rc = store_ticket_attachment_get(db, aid, a)) != 0)
		return NULL;
	return open_ticket(who, p, a->ticket_id, rc);
}

int tkt_attachment_open(const struct principal *who, int64_t attachment_id,
			struct ticket_attachment *meta, int *fd)
{
	int64_t size;
	int rc;

	*fd = -1;
	if (!open_attachment(who, PERM_TICKET_READ, attachment_id, meta, &rc))
		return rc;
	return blob_open(meta->sha256, fd, &size);
}

int tkt_attachment_delete(const struct principal *who, int64_t attachment_id)
{
	struct ticket_attachment a;
	struct db *db;
	int rc, uses = 0;

	if (!(db = open_attachment(who, PERM_TICKET_WRITE, attachment_id, &a, &rc)))
		return rc;
	if (a.uploaded_by != who->user_id && !principal_can(who, PERM_TICKET_MANAGE))
		return GX_EPERM;
	if ((rc = db_begin(db, true)) != 0)
		return rc;
	if ((rc = store_ticket_attachment_delete(db, a.id)) != 0 ||
	    (rc = store_ticket_attachment_uses(db, a.sha256, &uses)) != 0 ||
	    (rc = db_commit(db)) != 0) {
		db_rollback(db);
		return rc;
	}
	/* The same bytes may be attached elsewhere; the last row takes the
	 * file with it. */
	return uses ? 0 : blob_remove(a.sha256);
}

/* ---- bulk ---------------------------------------------------------- */

/* The fields one order of a bulk action gets: the move's or the change's. */
static json_t *bulk_fields(const char *action, json_t *fields, struct verr *v)
{
	json_t *out = json_object();

	if (!strcmp(action, "assign")) {
		if (!json_object_get(fields, "team_id") && !json_object_get(fields, "assignee_id"))
			verr_add(v, "team_id", "请选择派往的团队或处理人");
		if (json_object_get(fields, "team_id"))
			json_object_set(out, "team_id", json_object_get(fields, "team_id"));
		if (json_object_get(fields, "assignee_id"))
			json_object_set(out, "assignee_id", json_object_get(fields, "assignee_id"));
	} else if (!strcmp(action, "priority")) {
		if (!strset_has(priorities, json_string_value(json_object_get(fields, "priority"))))
			verr_add(v, "priority", "应为 urgent、high、normal 或 low");
		json_object_set(out, "priority", json_object_get(fields, "priority"));
	} else if (!strcmp(action, "close")) {
		const char *reason = json_string_value(json_object_get(fields, "reason"));
		if (!reason || reason[strspn(reason, " \t\r\n")] == '\0')
			verr_add(v, "reason", "批量关闭须填写原因");
		else
			json_object_set_new(out, "note", json_string(reason));
	} else {
		verr_add(v, "action", "应为 assign、priority 或 close");
	}
	return out;
}

/* One order of a bulk action; bulk assignment sends out open orders and
 * never reopens one, so only the loop's dispatch moves count. */
static int bulk_apply(struct db *db, const struct principal *who, const char *action,
		      json_t *fields, struct ticket_rec *t, struct verr *v)
{
	const struct tkt_move *m = tkt_flow_find(t->state, "dispatched");

	if (!strcmp(action, "priority"))
		return tkt_update(who, t->id, t->version, fields, t, v);
	if (!strcmp(action, "close"))
		return move(db, who, t, "closed", fields, v);
	if (!m || strcmp(m->action, "dispatch") != 0) {
		verr_add(v, "to", "工单当前为“%s”，不能派单", tkt_state_label(t->state));
		return GX_ECONFLICT;
	}
	return move(db, who, t, "dispatched", fields, v);
}

static void bulk_one(struct db *db, const struct principal *who, const char *action,
		     json_t *fields, struct ticket_rec *t, struct tkt_bulk_result *res)
{
	struct verr v = {0};
	int rc;

	if ((rc = load(db, who, res->id, t)) == 0)
		rc = bulk_apply(db, who, action, fields, t, &v);
	res->rc = rc;
	res->version = rc == 0 ? t->version : 0;
	if (rc != 0 && v.n) {
		snprintf(res->field, sizeof res->field, "%s", v.item[0].field);
		snprintf(res->message, sizeof res->message, "%s", v.item[0].message);
	}
}

int tkt_bulk(const struct principal *who, const char *action, const int64_t *ids, int n,
	     json_t *fields, struct tkt_bulk_result *out, struct verr *v)
{
	static const struct {
		const char *action;
		enum perm perm;
	} perms[] = {{"assign", PERM_TICKET_ASSIGN}, {"priority", PERM_TICKET_WRITE},
		     {"close", PERM_TICKET_CLOSE}};
	struct ticket_rec *t;
	json_t *one;
	struct db *db;
	int rc = 0;

	if (!(db = principal_db(who, PERM_TICKET_READ, &rc)))
		return rc;
	for (size_t i = 0; i < sizeof perms / sizeof *perms; i++)
		if (action && !strcmp(action, perms[i].action) && !principal_can(who, perms[i].perm))
			return GX_EPERM;
	one = bulk_fields(action ? action : "", fields, v);
	if (v->n || !(t = malloc(sizeof *t))) {
		json_decref(one);
		return v->n ? GX_EINVAL : GX_ENOMEM;
	}
	for (int i = 0; i < n; i++) {
		memset(&out[i], 0, sizeof out[i]);
		out[i].id = ids[i];
		bulk_one(db, who, action, one, t, &out[i]);
	}
	free(t);
	json_decref(one);
	return 0;
}
