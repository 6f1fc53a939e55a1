#include "domain/cc_outbound.h"
#include "domain/fields.h"
#include "domain/customers.h"
#include "lib/clock.h"
#include "lib/cnid.h"
#include "lib/evt.h"
#include "lib/mask.h"
#include "lib/strset.h"
#include "lib/utf8.h"
#include "store/cc_config.h"
#include "store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MINUTE_MS (60LL * 1000)
#define DAY_MS (24LL * 60 * MINUTE_MS)
#define CHINA_OFFSET_MS (8LL * 60 * MINUTE_MS)
#define NAME_MAX_CHARS 100
#define NOTE_MAX_CHARS 500
#define CALLBACK_MAX_MS (90LL * DAY_MS) /* how far ahead a callback may be booked */

static const char *const kinds[] = {"callback", "survey", "telemarketing", "arrears", "outage",
				     NULL};
static const char *const list_states[] = {"active", "paused", "closed", NULL};

int64_t ob_window_next(int64_t t, int from, int to)
{
	int64_t local = t + CHINA_OFFSET_MS;
	int64_t day = local / DAY_MS * DAY_MS;
	int64_t minute = (local - day) / MINUTE_MS;

	if (minute >= from && minute < to)
		return t;
	if (minute < from)
		return day + from * MINUTE_MS - CHINA_OFFSET_MS;
	return day + DAY_MS + from * MINUTE_MS - CHINA_OFFSET_MS;
}

static int minute_of_day(int64_t t)
{
	return (int)((t + CHINA_OFFSET_MS) % DAY_MS / MINUTE_MS);
}

static bool supervises(const struct principal *who)
{
	return principal_can(who, PERM_CC_SUPERVISE) || principal_can(who, PERM_CC_MANAGE);
}

/* The connection for one who supervises lists (cc.manage or cc.supervise). */
static struct db *supervisor_db(const struct principal *who, int *rc)
{
	return principal_db(who, principal_can(who, PERM_CC_MANAGE) ? PERM_CC_MANAGE
								     : PERM_CC_SUPERVISE, rc);
}

/* The connection for anyone who may look at lists: supervisors, agents. */
static struct db *reader_db(const struct principal *who, int *rc)
{
	return supervises(who) ? supervisor_db(who, rc) : principal_db(who, PERM_CC_AGENT, rc);
}

/* The team filter of a reader: supervisors see every list. */
static int64_t team_of(const struct principal *who)
{
	return supervises(who) ? 0 : (who->team_id ? who->team_id : -1);
}

static bool agent_sees(const struct principal *who, const struct ob_list *l)
{
	return supervises(who) || (strcmp(l->state, "closed") != 0 &&
				   (!l->team_id || l->team_id == who->team_id));
}

/* Lists one works (claims from): open ones of one's team or of none,
 * supervisors' too. */
static bool may_work(const struct principal *who, const struct ob_list *l)
{
	return strcmp(l->state, "closed") != 0 && (!l->team_id || l->team_id == who->team_id);
}

static void mask_entries(const struct principal *who, struct ob_entry *e, int n)
{
	char masked[OB_PHONE_LEN];

	if (principal_can(who, PERM_CUSTOMER_READ_SENSITIVE))
		return;
	for (int i = 0; i < n; i++) {
		mask_phone(e[i].phone, masked, sizeof masked);
		snprintf(e[i].phone, sizeof e[i].phone, "%s", masked);
	}
}

/* ---- lists ----------------------------------------------------------- */

static void apply_int(json_t *val, const char *field, int min, int max, int *dst,
		      struct verr *v)
{
	json_int_t n = json_integer_value(val);

	if (!json_is_integer(val) || n < min || n > max)
		verr_add(v, field, "应为 %d 到 %d 之间的整数", min, max);
	else
		*dst = (int)n;
}

/* "HH:MM" (00:00 to 24:00) into minutes after midnight. */
static void apply_clock(json_t *val, const char *field, int *dst, struct verr *v)
{
	const char *s = json_string_value(val);
	int h, m;

	if (!s || strlen(s) != 5 || s[2] != ':' || s[0] < '0' || s[0] > '2' || s[1] < '0' ||
	    s[1] > '9' || s[3] < '0' || s[3] > '5' || s[4] < '0' || s[4] > '9') {
		verr_add(v, field, "应为 HH:MM 格式的时间，如 09:00");
		return;
	}
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	if (h > 24 || (h == 24 && m != 0))
		verr_add(v, field, "应为 00:00 到 24:00 之间的时间");
	else
		*dst = h * 60 + m;
}

static void apply_team(struct db *db, json_t *val, struct ob_list *l, struct verr *v)
{
	struct team_rec t;

	l->team_id = json_integer_value(val);
	l->team_name[0] = '\0';
	if (!l->team_id)
		return;
	if (store_team_get(db, l->team_id, &t) != 0)
		verr_add(v, "team_id", "班组不存在");
	else
		snprintf(l->team_name, sizeof l->team_name, "%s", t.name);
}

static void apply_list(struct db *db, json_t *fields, struct ob_list *l, struct verr *v)
{
	json_t *val;

	if ((val = json_object_get(fields, "name")))
		field_text(val, "name", NAME_MAX_CHARS, false, l->name, sizeof l->name, v);
	if ((val = json_object_get(fields, "kind")))
		field_choice(val, "kind", kinds, l->kind, sizeof l->kind, v);
	if ((val = json_object_get(fields, "description")))
		field_text(val, "description", NOTE_MAX_CHARS, true, l->description,
			   sizeof l->description, v);
	if ((val = json_object_get(fields, "team_id")))
		apply_team(db, val, l, v);
	if ((val = json_object_get(fields, "max_attempts")))
		apply_int(val, "max_attempts", 1, 10, &l->max_attempts, v);
	if ((val = json_object_get(fields, "retry_minutes")))
		apply_int(val, "retry_minutes", 1, 10080, &l->retry_minutes, v);
	if ((val = json_object_get(fields, "call_from")))
		apply_clock(val, "call_from", &l->call_from, v);
	if ((val = json_object_get(fields, "call_to")))
		apply_clock(val, "call_to", &l->call_to, v);
	if ((val = json_object_get(fields, "state")))
		field_choice(val, "state", list_states, l->state, sizeof l->state, v);
	if (l->call_from >= l->call_to)
		verr_add(v, "call_to", "结束时间应晚于开始时间");
}

/* Reads list id back with its counts. */
static int reload(struct db *db, int64_t id, struct ob_list *out, struct ob_counts *counts)
{
	int rc = store_ob_list_get(db, id, out);

	return rc ? rc : store_ob_counts(db, id, counts);
}

int ob_list_create(const struct principal *who, json_t *fields, struct ob_list *out,
		   struct ob_counts *counts, struct verr *v)
{
	struct db *db;
	int rc;

	if (!(db = supervisor_db(who, &rc)))
		return rc;
	memset(out, 0, sizeof *out);
	out->max_attempts = 3;
	out->retry_minutes = 120;
	out->call_from = 9 * 60;
	out->call_to = 20 * 60;
	snprintf(out->state, sizeof out->state, "active");
	if (!json_object_get(fields, "name"))
		verr_add(v, "name", "必填");
	if (!json_object_get(fields, "kind"))
		verr_add(v, "kind", "必填");
	apply_list(db, fields, out, v);
	if (v->n)
		return GX_EINVAL;
	out->created_by = who->user_id;
	out->created_at = clock_now_ms();
	if ((rc = db_begin(db, true)) != 0)
		return rc;
	if ((rc = store_ob_list_insert(db, out)) != 0 || (rc = db_commit(db)) != 0) {
		db_rollback(db);
		return rc;
	}
	return reload(db, out->id, out, counts);
}

int ob_list_update(const struct principal *who, int64_t id, int64_t version, json_t *fields,
		   struct ob_list *out, struct ob_counts *counts, struct verr *v)
{
	struct db *db;
	int rc;

	if (!(db = supervisor_db(who, &rc)) || (rc = store_ob_list_get(db, id, out)) != 0)
		return rc;
	apply_list(db, fields, out, v);
	if (v->n)
		return GX_EINVAL;
	out->version = version;
	if ((rc = db_begin(db, true)) != 0)
		return rc;
	if ((rc = store_ob_list_update(db, out, clock_now_ms())) != 0 ||
	    (rc = db_commit(db)) != 0) {
		db_rollback(db);
		return rc;
	}
	return reload(db, id, out, counts);
}

int ob_list_get(const struct principal *who, int64_t id, struct ob_list *out,
		struct ob_counts *counts)
{
	struct db *db;
	int rc;

	if (!(db = reader_db(who, &rc)) || (rc = store_ob_list_get(db, id, out)) != 0)
		return rc;
	if (!agent_sees(who, out))
		return GX_ENOTFOUND;
	return store_ob_counts(db, id, counts);
}

int ob_lists(const struct principal *who, const char *state, int64_t after_id, int limit,
	     struct ob_list *out, struct ob_counts *counts, int *n, struct verr *v)
{
	struct db *db;
	int rc;

	*n = 0;
	if (!(db = reader_db(who, &rc)))
		return rc;
	if (state && !strset_has(list_states, state))
		return verr_add(v, "state", "应为 active、paused 或 closed");
	if ((rc = store_ob_lists(db, team_of(who), state, !supervises(who), after_id, limit, out,
				 n)) != 0)
		return rc;
	for (int i = 0; i < *n; i++)
		if ((rc = store_ob_counts(db, out[i].id, &counts[i])) != 0)
			return rc;
	return 0;
}

int ob_shift_history(const struct principal *who, int64_t id, int64_t delta_ms)
{
	struct db *db;
	int rc;

	if (!(db = principal_db(who, PERM_CC_MANAGE, &rc)) || (rc = db_begin(db, true)) != 0)
		return rc;
	if ((rc = store_ob_shift(db, id, delta_ms)) != 0 || (rc = db_commit(db)) != 0)
		db_rollback(db);
	return rc;
}

/* ---- adding entries ------------------------------------------------- */

static void import_error(struct ob_import *out, int line, int64_t customer_id,
			 const char *message)
{
	if (out->nerrors == OB_ERRORS_MAX) {
		out->more_errors = true;
		return;
	}
	out->errors[out->nerrors].line = line;
	out->errors[out->nerrors].customer_id = customer_id;
	snprintf(out->errors[out->nerrors].message, sizeof out->errors[0].message, "%s", message);
	out->nerrors++;
}

/* Inserts one checked entry; a phone the list has already is counted as
 * a duplicate. */
static int insert_entry(struct db *db, struct ob_entry *e, struct ob_import *out)
{
	int rc = store_ob_entry_insert(db, e);

	if (rc == GX_ECONFLICT) {
		out->duplicates++;
		return 0;
	}
	if (rc == 0)
		out->added++;
	return rc;
}

/* The text between s and end without surrounding spaces, into dst. */
static void trimmed(const char *s, const char *end, char *dst, size_t cap)
{
	size_t len;

	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		end--;
	len = (size_t)(end - s);
	if (len >= cap) {
		/* Cut at a character's start, so a long name stays valid UTF-8. */
		len = cap - 1;
		while (len && ((unsigned char)s[len] & 0xC0) == 0x80)
			len--;
	}
	memcpy(dst, s, len);
	dst[len] = '\0';
}

/* The separator of "name,phone": a comma, a full-width comma or a tab;
 * *width its length in bytes. NULL if the line has none. */
static const char *separator(const char *s, const char *end, size_t *width)
{
	for (const char *p = s; p < end; p++) {
		if (*p == ',' || *p == '\t') {
			*width = 1;
			return p;
		}
		if (end - p >= 3 && !memcmp(p, "\xef\xbc\x8c", 3)) {
			*width = 3;
			return p;
		}
	}
	return NULL;
}

/* Checks one pasted line into e; NULL if it is good, else why not. */
static const char *parse_line(const char *s, const char *end, struct ob_entry *e)
{
	char name[OB_NAME_LEN * 2], phone[64];
	const char *sep;
	size_t width = 0;

	if (!(sep = separator(s, end, &width)))
		return "应为“姓名,电话”";
	trimmed(s, sep, name, sizeof name);
	trimmed(sep + width, end, phone, sizeof phone);
	if (!name[0])
		return "缺少姓名";
	if (!utf8_valid(name, strlen(name)) || !utf8_text_ok(name, false))
		return "姓名含有无效字符";
	if (utf8_len(name) > NAME_MAX_CHARS)
		return "姓名不能超过 100 个字符";
	if (!phone[0])
		return "缺少电话";
	if (!cnid_phone(phone, e->phone, sizeof e->phone))
		return "不是有效的手机号或固定电话";
	utf8_copy(e->name, sizeof e->name, name);
	return NULL;
}

static bool blank(const char *s, const char *end)
{
	for (; s < end; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r')
			return false;
	return true;
}

static int add_lines(struct db *db, const char *text, struct ob_entry *e,
		     struct ob_import *out, struct verr *v)
{
	const char *s = text;
	int line = 0, rc;

	while (*s) {
		const char *end = strchr(s, '\n'), *why;
		if (!end)
			end = s + strlen(s);
		line++;
		if (line > OB_LINES_MAX)
			return verr_add(v, "lines", "一次最多粘贴 %d 行", OB_LINES_MAX);
		if (blank(s, end))
			;
		else if ((why = parse_line(s, end, e)) != NULL)
			import_error(out, line, 0, why);
		else if ((rc = insert_entry(db, e, out)) != 0)
			return rc;
		s = *end ? end + 1 : end;
	}
	if (!line)
		return verr_add(v, "lines", "不能为空");
	return 0;
}

static int add_customers(struct db *db, const struct principal *who, json_t *ids,
			 struct ob_entry *e, struct ob_import *out)
{
	struct customer_rec *c = malloc(sizeof *c);
	size_t i;
	json_t *id;
	int rc = 0;

	if (!c)
		return GX_ENOMEM;
	json_array_foreach(ids, i, id) {
		e->customer_id = json_integer_value(id);
		rc = principal_can(who, PERM_CUSTOMER_READ)
			? customers_load_scoped(db, who, e->customer_id, c) : GX_ENOTFOUND;
		if (rc == GX_ENOTFOUND) {
			import_error(out, 0, e->customer_id, "客户不存在或不在您的客户范围内");
		} else if (rc != 0) {
			break;
		} else if (!c->nphones || !cnid_phone(c->phones[0], e->phone, sizeof e->phone)) {
			import_error(out, 0, e->customer_id, "客户没有有效的电话号码");
		} else {
			snprintf(e->name, sizeof e->name, "%s", c->name);
			if ((rc = insert_entry(db, e, out)) != 0)
				break;
		}
		rc = 0;
	}
	free(c);
	return rc;
}

int ob_add_entries(const struct principal *who, int64_t list_id, json_t *body,
		   struct ob_import *out, struct verr *v)
{
	json_t *ids = json_object_get(body, "customer_ids");
	json_t *lines = json_object_get(body, "lines");
	struct ob_list *l = malloc(sizeof *l);
	struct ob_entry *e = calloc(1, sizeof *e);
	struct db *db;
	int rc;

	memset(out, 0, sizeof *out);
	if (!l || !e) {
		rc = GX_ENOMEM;
		goto out;
	}
	if (!(db = supervisor_db(who, &rc)) || (rc = store_ob_list_get(db, list_id, l)) != 0)
		goto out;
	if (!ids == !lines) {
		rc = verr_add(v, ids ? "lines" : "customer_ids", "customer_ids 与 lines 二选一");
		goto out;
	}
	if (!strcmp(l->state, "closed")) {
		rc = GX_ECONFLICT;
		goto out;
	}
	e->list_id = list_id;
	e->created_at = clock_now_ms();
	if ((rc = db_begin(db, true)) != 0)
		goto out;
	rc = ids ? add_customers(db, who, ids, e, out)
		 : add_lines(db, json_string_value(lines), e, out, v);
	if (rc != 0 || (rc = db_commit(db)) != 0) {
		db_rollback(db);
		out->added = out->duplicates = 0;
	}
out:
	free(l);
	free(e);
	return rc;
}

int ob_entries(const struct principal *who, int64_t list_id, const char *state,
	       const char *result, int64_t after_id, int limit, struct ob_entry *out, int *n,
	       struct verr *v)
{
	struct ob_list *l = malloc(sizeof *l);
	struct db *db;
	int rc;

	*n = 0;
	if (!l)
		return GX_ENOMEM;
	if (!(db = supervisor_db(who, &rc)) || (rc = store_ob_list_get(db, list_id, l)) != 0)
		goto out;
	if (state && !strset_has(ob_states, state))
		verr_add(v, "state", "应为 pending、claimed、retry、done 或 failed");
	if (result && !strset_has(ob_results, result))
		verr_add(v, "result", "取值无效");
	if (v->n) {
		rc = GX_EINVAL;
		goto out;
	}
	if ((rc = store_ob_entries(db, list_id, state, result, after_id, limit, out, n)) == 0)
		mask_entries(who, out, *n);
out:
	free(l);
	return rc;
}

int ob_entry_get(const struct principal *who, int64_t id, struct ob_entry *out,
		 struct ob_attempt *attempts, int *nattempts)
{
	struct db *db;
	int rc;

	*nattempts = 0;
	if (!(db = reader_db(who, &rc)) || (rc = store_ob_entry_get(db, id, out)) != 0)
		return rc;
	if (!supervises(who) && !(out->agent_id == who->user_id && !strcmp(out->state, "claimed")))
		return GX_ENOTFOUND;
	if ((rc = store_ob_attempts(db, id, attempts, OB_ATTEMPTS_MAX, nattempts)) == 0)
		mask_entries(who, out, 1);
	return rc;
}

/* ---- working the lists ---------------------------------------------- */

static void pick_of(const struct principal *who, int64_t list_id, struct ob_pick *p)
{
	p->list_id = list_id;
	p->team = who->team_id ? who->team_id : -1;
	p->now = clock_now_ms();
	p->minute = minute_of_day(p->now);
	p->stale = p->now - OB_CLAIM_STALE_MS;
}

/* Why nothing could be claimed for p. */
static int explain(struct db *db, const struct ob_pick *p, struct ob_none *why)
{
	struct ob_list *l = malloc(sizeof *l);
	int64_t outside, open, earliest;
	const char *reason;
	int rc, n = 0;

	memset(why, 0, sizeof *why);
	if (!l)
		return GX_ENOMEM;
	if ((rc = store_ob_outlook(db, p, &outside, &open, &earliest)) != 0)
		goto out;
	if (outside) {
		snprintf(why->reason, sizeof why->reason, "outside_hours");
		if (p->list_id && (rc = store_ob_list_get(db, p->list_id, l)) == 0)
			why->next_at = ob_window_next(p->now, l->call_from, l->call_to);
	} else if (open) {
		snprintf(why->reason, sizeof why->reason, "not_due");
		why->next_at = earliest;
	} else if (p->list_id) {
		if ((rc = store_ob_list_get(db, p->list_id, l)) == 0)
			snprintf(why->reason, sizeof why->reason, "%s",
				 !strcmp(l->state, "active") ? "all_done" : "paused");
	} else if ((rc = store_ob_lists(db, p->team, "active", true, 0, 1, l, &n)) == 0) {
		reason = n ? "all_done" : "no_lists";
		snprintf(why->reason, sizeof why->reason, "%s", reason);
	}
out:
	free(l);
	return rc;
}

/* The claim, inside the caller's write transaction: the entry the agent
 * holds in any list (one at a time, so no entry stays locked to an agent
 * who moved to another list), or the earliest claimable one of the list
 * asked for. *got false when there is none. */
static int claim(struct db *db, const struct principal *who, const struct ob_pick *p,
		 struct ob_entry *out, bool *got)
{
	struct ob_pick any = *p;
	int64_t id = 0;
	int rc;

	*got = false;
	any.list_id = 0;
	if ((rc = store_ob_held(db, who->user_id, &any, out)) != GX_ENOTFOUND) {
		*got = rc == 0;
		return rc;
	}
	if ((rc = store_ob_next(db, p, &id)) != 0 || !id)
		return rc;
	if ((rc = store_ob_claim(db, id, who->user_id, p)) != 0 ||
	    (rc = store_ob_entry_get(db, id, out)) != 0)
		return rc;
	*got = true;
	return 0;
}

int ob_next(const struct principal *who, int64_t list_id, struct ob_entry *out,
	    struct ob_none *why, struct verr *v)
{
	struct ob_list *l = malloc(sizeof *l);
	struct ob_pick p;
	struct db *db;
	bool got = false;
	int rc;

	memset(out, 0, sizeof *out);
	memset(why, 0, sizeof *why);
	if (!l)
		return GX_ENOMEM;
	if (!(db = principal_db(who, PERM_CC_AGENT, &rc)))
		goto out;
	if (list_id && (store_ob_list_get(db, list_id, l) != 0 || !may_work(who, l))) {
		rc = verr_add(v, "list_id", "名单不存在或不属于您的班组");
		goto out;
	}
	pick_of(who, list_id, &p);
	if ((rc = db_begin(db, true)) != 0)
		goto out;
	if ((rc = claim(db, who, &p, out, &got)) != 0 || (rc = db_commit(db)) != 0) {
		db_rollback(db);
		goto out;
	}
	if (got)
		mask_entries(who, out, 1);
	else
		rc = explain(db, &p, why);
out:
	free(l);
	return rc;
}

int ob_current(const struct principal *who, struct ob_entry *out)
{
	struct ob_pick p;
	struct db *db;
	int rc;

	memset(out, 0, sizeof *out);
	if (!(db = principal_db(who, PERM_CC_AGENT, &rc)))
		return rc;
	pick_of(who, 0, &p);
	rc = store_ob_held(db, who->user_id, &p, out);
	if (rc == GX_ENOTFOUND) {
		out->id = 0;
		return 0;
	}
	if (rc == 0)
		mask_entries(who, out, 1);
	return rc;
}

static int result_index(const char *s)
{
	return s ? strset_index(ob_results, s) : -1;
}

/* The result fields into e (the held entry) and a: note, callback_at. */
static void apply_result(json_t *fields, int64_t now, struct ob_attempt *a, struct verr *v)
{
	json_t *val;
	int64_t ms;
	int r = result_index(json_string_value(json_object_get(fields, "result")));

	if (r < 0)
		verr_add(v, "result", "应为 success、refused、no_answer、busy、unreachable、"
				      "wrong_number 或 callback_later");
	if ((val = json_object_get(fields, "note")))
		field_text(val, "note", NOTE_MAX_CHARS, true, a->note, sizeof a->note, v);
	val = json_object_get(fields, "callback_at");
	if (r == OBR_CALLBACK_LATER && (!val || json_is_null(val)))
		verr_add(v, "callback_at", "预约回拨需要回拨时间");
	else if (r == OBR_CALLBACK_LATER &&
		 (!json_is_string(val) || clock_parse_rfc3339(json_string_value(val), &ms) != 0))
		verr_add(v, "callback_at", "应为带时区的日期时间，如 2026-11-22T18:00:00+08:00");
	else if (r == OBR_CALLBACK_LATER && (ms <= now || ms > now + CALLBACK_MAX_MS))
		verr_add(v, "callback_at", "回拨时间应在现在之后的 90 天内");
	else if (r == OBR_CALLBACK_LATER)
		a->callback_at = ms;
	else if (val && !json_is_null(val))
		verr_add(v, "callback_at", "只有预约回拨才填回拨时间");
	if (r >= 0)
		snprintf(a->result, sizeof a->result, "%s", ob_results[r]);
}

/* The retry rule: the entry's state and next time after attempt a. */
static void apply_rule(const struct ob_list *l, int64_t now, const struct ob_attempt *a,
		       struct ob_entry *e)
{
	int r = result_index(a->result);
	const char *state = "done";

	e->attempts++;
	e->next_at = now;
	e->callback_at = a->callback_at;
	snprintf(e->result, sizeof e->result, "%s", a->result);
	snprintf(e->note, sizeof e->note, "%s", a->note);
	if (r == OBR_CALLBACK_LATER) {
		state = "retry";
		e->next_at = ob_window_next(a->callback_at, l->call_from, l->call_to);
	} else if (r == OBR_NO_ANSWER || r == OBR_BUSY || r == OBR_UNREACHABLE) {
		state = e->attempts < l->max_attempts ? "retry" : "failed";
		if (e->attempts < l->max_attempts)
			e->next_at = ob_window_next(now + l->retry_minutes * MINUTE_MS,
						    l->call_from, l->call_to);
	}
	snprintf(e->state, sizeof e->state, "%s", state);
}

/* The entry id if who holds it (GX_ECONFLICT if not), and its list. */
static int held(struct db *db, const struct principal *who, int64_t id, struct ob_entry *e,
		struct ob_list *l)
{
	int rc = store_ob_entry_get(db, id, e);

	if (rc != 0)
		return rc;
	if (strcmp(e->state, "claimed") != 0 || e->agent_id != who->user_id)
		return GX_ECONFLICT;
	return store_ob_list_get(db, e->list_id, l);
}

int ob_result(const struct principal *who, int64_t id, json_t *fields, struct ob_entry *out,
	      struct verr *v)
{
	struct ob_list *l = malloc(sizeof *l);
	struct ob_attempt *a = calloc(1, sizeof *a);
	struct db *db;
	int64_t now = clock_now_ms(), since;
	int rc;

	if (!l || !a) {
		rc = GX_ENOMEM;
		goto out;
	}
	if (!(db = principal_db(who, PERM_CC_AGENT, &rc)))
		goto out;
	apply_result(fields, now, a, v);
	if (v->n) {
		rc = GX_EINVAL;
		goto out;
	}
	if ((rc = db_begin(db, true)) != 0)
		goto out;
	if ((rc = held(db, who, id, out, l)) != 0)
		goto fail;
	since = out->claimed_at;
	apply_rule(l, now, a, out);
	a->entry_id = id;
	a->agent_id = who->user_id;
	a->at = now;
	if ((rc = store_ob_entry_record(db, out, now)) != 0 ||
	    (rc = store_ob_attempt_insert(db, a, since)) != 0 || (rc = db_commit(db)) != 0)
		goto fail;
	if ((rc = store_ob_entry_get(db, id, out)) == 0)
		mask_entries(who, out, 1);
	goto out;
fail:
	db_rollback(db);
out:
	free(l);
	free(a);
	return rc;
}

int ob_release(const struct principal *who, int64_t id, struct ob_entry *out)
{
	struct ob_list *l = malloc(sizeof *l);
	struct db *db;
	int rc;

	if (!l)
		return GX_ENOMEM;
	if (!(db = principal_db(who, PERM_CC_AGENT, &rc)))
		goto out;
	if ((rc = db_begin(db, true)) != 0)
		goto out;
	if ((rc = held(db, who, id, out, l)) != 0 ||
	    (rc = store_ob_release(db, id, who->user_id, clock_now_ms())) != 0 ||
	    (rc = db_commit(db)) != 0) {
		db_rollback(db);
		goto out;
	}
	if ((rc = store_ob_entry_get(db, id, out)) == 0)
		mask_entries(who, out, 1);
out:
	free(l);
	return rc;
}

int ob_dial(const struct principal *who, int64_t id, int64_t *request_id, char *ext,
	    size_t cap, bool *not_agent)
{
	struct ob_list *l = malloc(sizeof *l);
	struct ob_entry *e = malloc(sizeof *e);
	struct cc_agent *agent = malloc(sizeof *agent);
	struct db *db;
	int rc;

	*not_agent = false;
	*request_id = 0;
	if (!l || !e || !agent) {
		rc = GX_ENOMEM;
		goto out;
	}
	if (!(db = principal_db(who, PERM_CC_AGENT, &rc)))
		goto out;
	if ((rc = db_begin(db, true)) != 0)
		goto out;
	if ((rc = held(db, who, id, e, l)) != 0)
		goto fail;
	if ((rc = store_cc_agent_get(db, who->user_id, agent)) == GX_ENOTFOUND) {
		*not_agent = true;
		rc = GX_ECONFLICT;
	}
	if (rc == 0)
		snprintf(ext, cap, "%s", agent->extension);
	if (rc != 0 ||
	    (rc = store_ob_dial_insert(db, who->user_id, ext, e->phone, id, clock_now_ms(),
				       request_id)) != 0 ||
	    (rc = db_after_commit(db, evt_publish, EVT_CTI)) != 0 || (rc = db_commit(db)) != 0)
		goto fail;
	goto out;
fail:
	db_rollback(db);
out:
	free(l);
	free(e);
	free(agent);
	return rc;
}
