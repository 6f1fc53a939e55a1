#include "domain/sla.h"
#include "domain/audit.h"
#include "lib/strset.h"
#include "lib/clock.h"
#include "lib/utf8.h"
#include "lib/workcal.h"
#include "store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MS_MINUTE INT64_C(60000)
#define CAL_NAME_MAX_CHARS 40
#define DAY_NAME_MAX_CHARS 20
#define SPANS_PER_DAY WORKCAL_SPANS_MAX

static const char *const types[] = {"complaint", "repair", "inquiry", "service",
				    "suggestion", "event", NULL};
static const char *const priorities[] = {"urgent", "high", "normal", "low", NULL};
static const char *const tiers[] = {"vip", "key", "general", "small", NULL};
static const char *const weekday_names[] = {"周一", "周二", "周三", "周四",
					    "周五", "周六", "周日"};

/* Something visible, no control characters, at most max characters. */
static bool label_ok(const char *s, size_t max)
{
	bool visible = false;

	for (const char *p = s; *p; p++) {
		if ((unsigned char)*p < 0x20)
			return false;
		visible |= *p != ' ';
	}
	return visible && utf8_len(s) <= max;
}

/* ---- deadlines ------------------------------------------------------ */

/* The workcal of calendar c with its special days from from_day on. */
static int load_workcal(struct db *db, const struct cal_rec *c, int32_t from_day,
			struct workcal *out)
{
	struct cal_day *days;
	char from[WORKCAL_DATE_LEN];
	int n = 0, rc;

	memset(out, 0, sizeof *out);
	out->utc_offset_min = WORKCAL_BEIJING_OFFSET;
	if (!strcmp(c->kind, "24x7")) {
		out->always = true;
		return 0;
	}
	for (int i = 0; i < c->nspans; i++) {
		struct workcal_hours *h = &out->week[c->spans[i].weekday - 1];
		if (h->n < WORKCAL_SPANS_MAX)
			h->span[h->n++] = (struct workcal_span){c->spans[i].start, c->spans[i].end};
	}
	out->makeup = out->week[0];
	if (!(days = malloc(WORKCAL_DAYS_MAX * sizeof *days)))
		return GX_ENOMEM;
	workcal_format_date(from_day, from);
	rc = store_cal_days(db, c->id, from, "9999-12-31", days, WORKCAL_DAYS_MAX, &n);
	for (int i = 0; rc == 0 && i < n; i++) {
		struct workcal_special *s = &out->days[out->ndays];
		if (workcal_parse_date(days[i].date, &s->day) == 0) {
			s->working = !strcmp(days[i].kind, "workday");
			out->ndays++;
		}
	}
	free(days);
	return rc;
}

/* The work calendars last loaded on this thread: the chase and the order
 * lists ask for the same few order after order, and loading one (its row,
 * hours and special days) cost as much as the rest of the chase. An entry
 * holds while its calendar's version and creation time are the same;
 * from_day 0 when it has all the special days, else it serves that day
 * only. */
#define CAL_CACHE_SLOTS 4
struct cal_cache_slot {
	struct workcal w;
	int64_t id, version, created_at;
	int32_t from_day;
	bool valid;
};
static _Thread_local struct {
	struct cal_cache_slot slot[CAL_CACHE_SLOTS];
	unsigned next; /* the slot to fill next */
} cal_cache;

static const struct workcal round_the_clock = {.always = true,
					       .utc_offset_min = WORKCAL_BEIJING_OFFSET};

/* Calendar id loaded into a slot of the cache, all its special days if
 * they fit, else those from day on. */
static int cal_cache_load(struct db *db, int64_t id, int32_t day, struct cal_cache_slot **out)
{
	struct cal_cache_slot *s = &cal_cache.slot[cal_cache.next++ % CAL_CACHE_SLOTS];
	struct cal_rec *c = malloc(sizeof *c);
	int rc = c ? 0 : GX_ENOMEM;

	s->valid = false;
	if (rc == 0 && (rc = store_cal_get(db, id, c)) == 0 &&
	    (rc = load_workcal(db, c, 0, &s->w)) == 0 && s->w.ndays == WORKCAL_DAYS_MAX)
		rc = load_workcal(db, c, day, &s->w);
	if (rc == 0) {
		s->id = c->id;
		s->version = c->version;
		s->created_at = c->created_at;
		s->from_day = s->w.ndays < WORKCAL_DAYS_MAX ? 0 : day;
		s->valid = true;
		*out = s;
	}
	free(c);
	return rc;
}

/* The calendar of the policy for type, priority and tier, with special
 * days from the day of from_ms on; round the clock when no policy
 * applies. *out is borrowed: valid until the next call on this thread. */
static int policy_workcal(struct db *db, const char *type, const char *priority,
			  const char *tier, int64_t from_ms, const struct workcal **out)
{
	int32_t day = workcal_day_of(from_ms, WORKCAL_BEIJING_OFFSET);
	int64_t version, created_at;
	struct cal_cache_slot *s;
	struct sla_policy p;
	int rc;

	*out = &round_the_clock;
	if ((rc = store_sla_match(db, type, priority, tier, &p)) != 0)
		return rc == GX_ENOTFOUND ? 0 : rc;
	if ((rc = store_cal_stamp(db, p.calendar_id, &version, &created_at)) != 0)
		return rc;
	for (int i = 0; i < CAL_CACHE_SLOTS; i++) {
		s = &cal_cache.slot[i];
		if (s->valid && s->id == p.calendar_id && s->version == version &&
		    s->created_at == created_at && (s->from_day == 0 || s->from_day == day)) {
			*out = &s->w;
			return 0;
		}
	}
	if ((rc = cal_cache_load(db, p.calendar_id, day, &s)) == 0)
		*out = &s->w;
	return rc;
}

/* Deadlines of policy p from start_ms. */
static int due_of(struct db *db, const struct sla_policy *p, int64_t start_ms,
		  int64_t *due_response, int64_t *due_resolve)
{
	struct workcal *w = malloc(sizeof *w);
	struct cal_rec *c = malloc(sizeof *c);
	int rc = GX_ENOMEM;

	if (w && c && (rc = store_cal_get(db, p->calendar_id, c)) == 0 &&
	    (rc = load_workcal(db, c, workcal_day_of(start_ms, WORKCAL_BEIJING_OFFSET), w)) == 0) {
		*due_response = workcal_add(w, start_ms, p->response_minutes * MS_MINUTE);
		*due_resolve = workcal_add(w, start_ms, p->resolve_minutes * MS_MINUTE);
	}
	free(w);
	free(c);
	return rc;
}

int sla_due(struct db *db, const char *type, const char *priority, const char *tier,
	    int64_t start_ms, int64_t *due_response, int64_t *due_resolve)
{
	struct sla_policy p;
	int rc = store_sla_match(db, type, priority, tier, &p);

	*due_response = *due_resolve = -1;
	if (rc == GX_ENOTFOUND)
		return 0;
	return rc ? rc : due_of(db, &p, start_ms, due_response, due_resolve);
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

int sla_extend(struct db *db, const char *type, const char *priority, const char *tier,
	       int64_t due_ms, int64_t paused_from_ms, int64_t paused_to_ms,
	       int64_t *new_due_ms)
{
	const struct workcal *w;
	int rc;

	*new_due_ms = due_ms;
	if (paused_to_ms <= paused_from_ms)
		return 0;
	/* Special days from the earlier of the two: a pause may begin after
	 * the deadline has passed. */
	rc = policy_workcal(db, type, priority, tier, min64(due_ms, paused_from_ms), &w);
	if (rc != 0)
		return rc;
	*new_due_ms = workcal_add(w, due_ms, workcal_between(w, paused_from_ms, paused_to_ms));
	return 0;
}

int sla_mark(struct db *db, const char *type, const char *priority, const char *tier,
	     int64_t start_ms, int64_t due_ms, int permille, int64_t *mark_ms)
{
	const struct workcal *w;
	int rc;

	*mark_ms = start_ms;
	if (permille < 0 || permille > 1000)
		return GX_EINVAL;
	if ((rc = policy_workcal(db, type, priority, tier, start_ms, &w)) != 0)
		return rc;
	*mark_ms = workcal_add(w, start_ms, workcal_between(w, start_ms, due_ms) * permille / 1000);
	return 0;
}

int sla_left(struct db *db, const char *type, const char *priority, const char *tier,
	     int64_t now_ms, int64_t due_ms, int64_t *left_ms)
{
	const struct workcal *w;
	int rc;

	*left_ms = 0;
	rc = policy_workcal(db, type, priority, tier, min64(now_ms, due_ms), &w);
	if (rc != 0)
		return rc;
	*left_ms = now_ms <= due_ms ? workcal_between(w, now_ms, due_ms)
				    : -workcal_between(w, due_ms, now_ms);
	return 0;
}

/* ---- calendars ------------------------------------------------------ */

/* "HH:MM" into minutes; "24:00" only when end. -1 if malformed. */
static int parse_hhmm(const char *s, bool end)
{
	if (!s || strlen(s) != 5 || s[2] != ':')
		return -1;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return -1;
	int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
	if (m > 59 || h > 24 || (h == 24 && (m != 0 || !end)))
		return -1;
	return h * 60 + m;
}

static int cmp_span(const void *a, const void *b)
{
	const struct cal_span *x = a, *y = b;

	return x->weekday != y->weekday ? x->weekday - y->weekday : x->start - y->start;
}

/* One item of "hours" into *s; false with an error in v. */
static bool read_span(json_t *item, size_t i, struct cal_span *s, struct verr *v)
{
	json_t *w = json_object_get(item, "weekday");

	if (!json_is_object(item) || json_object_size(item) != 3 || !json_is_integer(w) ||
	    json_integer_value(w) < 1 || json_integer_value(w) > 7) {
		verr_add(v, "hours", "第 %zu 个时段应为 {\"weekday\":1–7,\"start\":\"09:00\","
			 "\"end\":\"12:00\"}", i + 1);
		return false;
	}
	s->weekday = (int)json_integer_value(w);
	s->start = parse_hhmm(json_string_value(json_object_get(item, "start")), false);
	s->end = parse_hhmm(json_string_value(json_object_get(item, "end")), true);
	if (s->start < 0 || s->end < 0) {
		verr_add(v, "hours", "第 %zu 个时段的时间应为 00:00–24:00 之间的“时:分”", i + 1);
		return false;
	}
	if (s->end <= s->start) {
		verr_add(v, "hours", "第 %zu 个时段的结束时间应晚于开始时间", i + 1);
		return false;
	}
	return true;
}

/* Sorted spans: at most SPANS_PER_DAY a day, none overlapping. */
static void check_spans(const struct cal_rec *c, struct verr *v)
{
	int per_day = 0;

	for (int i = 0; i < c->nspans; i++) {
		const struct cal_span *s = &c->spans[i], *prev = i ? &c->spans[i - 1] : NULL;
		bool same_day = prev && prev->weekday == s->weekday;

		per_day = same_day ? per_day + 1 : 1;
		if (per_day > SPANS_PER_DAY) {
			verr_add(v, "hours", "%s最多 %d 个时段", weekday_names[s->weekday - 1],
				 SPANS_PER_DAY);
			return;
		}
		if (same_day && s->start < prev->end) {
			verr_add(v, "hours", "%s的时段 %02d:%02d–%02d:%02d 与 %02d:%02d–%02d:%02d 重叠",
				 weekday_names[s->weekday - 1], prev->start / 60, prev->start % 60,
				 prev->end / 60, prev->end % 60, s->start / 60, s->start % 60,
				 s->end / 60, s->end % 60);
			return;
		}
	}
}

static void apply_hours(json_t *val, struct cal_rec *c, struct verr *v)
{
	size_t i;
	json_t *item;

	if (json_array_size(val) > CAL_SPANS_MAX) {
		verr_add(v, "hours", "最多 %d 个时段", CAL_SPANS_MAX);
		return;
	}
	c->nspans = 0;
	json_array_foreach(val, i, item)
		if (!read_span(item, i, &c->spans[c->nspans++], v))
			return;
	qsort(c->spans, (size_t)c->nspans, sizeof c->spans[0], cmp_span);
	check_spans(c, v);
}

/* Applies the fields present onto c. */
static void apply_cal_fields(json_t *fields, struct cal_rec *c, struct verr *v)
{
	const char *kind = json_string_value(json_object_get(fields, "kind"));
	const char *name = json_string_value(json_object_get(fields, "name"));
	json_t *hours = json_object_get(fields, "hours");

	if (name && !label_ok(name, CAL_NAME_MAX_CHARS))
		verr_add(v, "name", "应为 1–%d 个字符，不能只有空格或含控制字符",
			 CAL_NAME_MAX_CHARS);
	else if (name)
		snprintf(c->name, sizeof c->name, "%s", name);
	if (kind && strcmp(kind, "24x7") && strcmp(kind, "business"))
		verr_add(v, "kind", "应为 24x7（全天候）或 business（工作时间）");
	else if (kind)
		snprintf(c->kind, sizeof c->kind, "%s", kind);
	if (hours)
		apply_hours(hours, c, v);
	if (!strcmp(c->kind, "24x7")) {
		if (hours && json_array_size(hours))
			verr_add(v, "hours", "全天候日历不设工作时段");
		c->nspans = 0;
	} else if (!strcmp(c->kind, "business") && !c->nspans) {
		verr_add(v, "hours", "工作时间日历至少要有一个工作时段");
	}
}

static json_t *describe_cal(const void *arg, char *target, size_t cap)
{
	const struct cal_rec *c = arg;

	snprintf(target, cap, "sla_calendar:%lld", (long long)c->id);
	return json_pack("{s:s,s:s,s:i}", "name", c->name, "kind", c->kind, "spans", c->nspans);
}

/* One change: write(db, arg) in a write transaction with one audit row,
 * whose target and detail describe(arg) gives once written (so that a
 * new record's id is known). */
struct change {
	const char *action;
	int (*write)(struct db *db, void *arg);
	json_t *(*describe)(const void *arg, char *target, size_t cap);
	void *arg;
};

static int save(struct db *db, const struct principal *who, const struct change *ch)
{
	json_t *detail = NULL;
	char target[48];
	int rc;

	if ((rc = db_begin(db, true)) != 0)
		return rc;
	if ((rc = ch->write(db, ch->arg)) == 0) {
		detail = ch->describe(ch->arg, target, sizeof target);
		rc = audit_append(db, who, NULL, ch->action, target, detail);
	}
	if (rc == 0)
		rc = db_commit(db);
	if (rc != 0)
		db_rollback(db);
	json_decref(detail);
	return rc;
}

static int write_cal_insert(struct db *db, void *arg)
{
	return store_cal_insert(db, arg);
}

static int write_cal_update(struct db *db, void *arg)
{
	return store_cal_update(db, arg, clock_now_ms());
}

int cal_list(const struct principal *who, struct cal_rec *out, int max, int *n)
{
	struct db *db;
	int rc;

	*n = 0;
	if (!(db = principal_db(who, PERM_SLA_READ, &rc)))
		return rc;
	return store_cal_list(db, out, max, n);
}

int cal_get(const struct principal *who, int64_t id, struct cal_rec *out)
{
	struct db *db;
	int rc;

	if (!(db = principal_db(who, PERM_SLA_READ, &rc)))
		return rc;
	return store_cal_get(db, id, out);
}

/* A taken name is a conflict on the field. */
static int name_conflict(int rc, const struct cal_rec *c, struct verr *v)
{
	if (rc == GX_ECONFLICT)
		verr_add(v, "name", "已有名为“%s”的日历", c->name);
	return rc;
}

int cal_create(const struct principal *who, json_t *fields, struct cal_rec *out,
	       struct verr *v)
{
	struct db *db;
	int64_t count;
	int rc;

	if (!(db = principal_db(who, PERM_SLA_MANAGE, &rc)))
		return rc;
	memset(out, 0, sizeof *out);
	if (!json_object_get(fields, "name"))
		verr_add(v, "name", "必填");
	if (!json_object_get(fields, "kind"))
		verr_add(v, "kind", "必填");
	apply_cal_fields(fields, out, v);
	if ((rc = store_cal_count(db, &count)) != 0)
		return rc;
	if (count >= CAL_LIST_MAX)
		verr_add(v, "name", "最多 %d 个日历，请先删除不用的日历", CAL_LIST_MAX);
	if (v->n)
		return GX_EINVAL;
	out->created_at = clock_now_ms();
	rc = save(db, who, &(struct change){"sla.calendar.create", write_cal_insert,
					    describe_cal, out});
	if (rc != 0)
		return name_conflict(rc, out, v);
	return store_cal_get(db, out->id, out);
}

int cal_update(const struct principal *who, int64_t id, int64_t version, json_t *fields,
	       struct cal_rec *out, struct verr *v)
{
	struct db *db;
	int rc;

	if (!(db = principal_db(who, PERM_SLA_MANAGE, &rc)) ||
	    (rc = store_cal_get(db, id, out)) != 0)
		return rc;
	apply_cal_fields(fields, out, v);
	if (v->n)
		return GX_EINVAL;
	out->version = version;
	rc = save(db, who, &(struct change){"sla.calendar.update", write_cal_update,
					    describe_cal, out});
	if (rc != 0)
		return name_conflict(rc, out, v);
	return store_cal_get(db, id, out);
}

/* Inside the transaction, so that no policy can take the calendar up
 * between the check and the delete. arg: the calendar, its version the
 * one the deletion is based on. */
static int write_cal_delete(struct db *db, void *arg)
{
	struct cal_rec *c = arg;
	int64_t version = c->version;
	int rc = store_cal_get(db, c->id, c);

	if (rc != 0)
		return rc;
	return c->policies ? GX_ECONFLICT : store_cal_delete(db, c->id, version);
}

int cal_delete(const struct principal *who, int64_t id, int64_t version)
{
	struct cal_rec *c = calloc(1, sizeof *c);
	struct db *db;
	int rc = GX_ENOMEM;

	if (c && (db = principal_db(who, PERM_SLA_MANAGE, &rc))) {
		c->id = id;
		c->version = version;
		rc = save(db, who, &(struct change){"sla.calendar.delete", write_cal_delete,
						    describe_cal, c});
	}
	free(c);
	return rc;
}

static bool year_ok(int year, struct verr *v)
{
	if (year >= CAL_YEAR_MIN && year <= CAL_YEAR_MAX)
		return true;
	verr_add(v, "year", "应为 %d 到 %d 之间的年份", CAL_YEAR_MIN, CAL_YEAR_MAX);
	return false;
}

static void year_bounds(int year, char *from, char *to)
{
	snprintf(from, WORKCAL_DATE_LEN, "%04u-01-01", (unsigned)year % 10000);
	snprintf(to, WORKCAL_DATE_LEN, "%04u-12-31", (unsigned)year % 10000);
}

int cal_days_get(const struct principal *who, int64_t id, int year, struct cal_day *out,
		 int *n, struct verr *v)
{
	char from[WORKCAL_DATE_LEN], to[WORKCAL_DATE_LEN];
	struct cal_rec *c = malloc(sizeof *c);
	struct db *db;
	int rc = GX_ENOMEM;

	*n = 0;
	if (!c)
		return rc;
	if ((db = principal_db(who, PERM_SLA_READ, &rc)) && (rc = store_cal_get(db, id, c)) == 0) {
		if (!year_ok(year, v)) {
			rc = GX_EINVAL;
		} else {
			year_bounds(year, from, to);
			rc = store_cal_days(db, id, from, to, out, CAL_YEAR_DAYS_MAX, n);
		}
	}
	free(c);
	return rc;
}

static int cmp_day(const void *a, const void *b)
{
	return strcmp(((const struct cal_day *)a)->date, ((const struct cal_day *)b)->date);
}

/* One item of "days" into *d; false with an error in v. */
static bool read_day(json_t *item, size_t i, int year, struct cal_day *d, struct verr *v)
{
	const char *date = json_string_value(json_object_get(item, "date"));
	const char *kind = json_string_value(json_object_get(item, "kind"));
	json_t *name = json_object_get(item, "name");
	size_t known = 2 + (name != NULL);
	char prefix[8];
	int32_t day;

	if (!json_is_object(item) || json_object_size(item) != known || !date || !kind ||
	    (name && !json_is_string(name))) {
		verr_add(v, "days", "第 %zu 项应为 {\"date\":\"%d-01-01\",\"kind\":\"holiday\","
			 "\"name\":\"元旦\"}", i + 1, year);
		return false;
	}
	snprintf(prefix, sizeof prefix, "%04u-", (unsigned)year % 10000);
	if (workcal_parse_date(date, &day) != 0 || strncmp(date, prefix, 5) != 0) {
		verr_add(v, "days", "第 %zu 项的日期应为 %d 年内的“年-月-日”", i + 1, year);
		return false;
	}
	if (strcmp(kind, "holiday") && strcmp(kind, "workday")) {
		verr_add(v, "days", "第 %zu 项的类型应为 holiday（节假日）或 workday（调休上班）",
			 i + 1);
		return false;
	}
	if (name && json_string_length(name) && !label_ok(json_string_value(name),
							    DAY_NAME_MAX_CHARS)) {
		verr_add(v, "days", "第 %zu 项的名称不能超过 %d 个字符，不能含控制字符", i + 1,
			 DAY_NAME_MAX_CHARS);
		return false;
	}
	snprintf(d->date, sizeof d->date, "%s", date);
	snprintf(d->kind, sizeof d->kind, "%s", kind);
	snprintf(d->name, sizeof d->name, "%s", name ? json_string_value(name) : "");
	return true;
}

/* The special days of one year, checked and sorted; n set. */
static void read_days(json_t *days, int year, struct cal_day *out, int *n, struct verr *v)
{
	size_t i;
	json_t *item;

	*n = 0;
	if (json_array_size(days) > CAL_YEAR_DAYS_MAX) {
		verr_add(v, "days", "一年最多 %d 个特殊日期", CAL_YEAR_DAYS_MAX);
		return;
	}
	json_array_foreach(days, i, item)
		if (!read_day(item, i, year, &out[(*n)++], v))
			return;
	qsort(out, (size_t)*n, sizeof *out, cmp_day);
	for (int k = 1; k < *n; k++)
		if (!strcmp(out[k].date, out[k - 1].date)) {
			verr_add(v, "days", "日期 %s 出现了不止一次", out[k].date);
			return;
		}
}

struct days_write {
	struct cal_rec *c;
	const struct cal_day *days;
	int n, year;
};

static int write_days(struct db *db, void *arg)
{
	struct days_write *w = arg;
	char from[WORKCAL_DATE_LEN], to[WORKCAL_DATE_LEN];
	int rc;

	year_bounds(w->year, from, to);
	/* The version guards the days too: bumping it first refuses a
	 * change based on a stale view of them. */
	if ((rc = store_cal_update(db, w->c, clock_now_ms())) != 0)
		return rc;
	return store_cal_days_replace(db, w->c->id, from, to, w->days, w->n);
}

static json_t *describe_days(const void *arg, char *target, size_t cap)
{
	const struct days_write *w = arg;

	snprintf(target, cap, "sla_calendar:%lld", (long long)w->c->id);
	return json_pack("{s:i,s:i}", "year", w->year, "days", w->n);
}

int cal_days_put(const struct principal *who, int64_t id, int64_t version, int year,
		 json_t *days, struct cal_rec *out, struct verr *v)
{
	struct cal_day *list = calloc(CAL_YEAR_DAYS_MAX, sizeof *list);
	struct days_write w = {.c = out, .days = list, .year = year};
	struct db *db;
	int rc = GX_ENOMEM;

	if (!list)
		return rc;
	if (!(db = principal_db(who, PERM_SLA_MANAGE, &rc)) ||
	    (rc = store_cal_get(db, id, out)) != 0)
		goto out;
	if (year_ok(year, v) && !strcmp(out->kind, "24x7"))
		verr_add(v, "days", "全天候日历没有节假日和调休");
	else if (!v->n)
		read_days(days, year, list, &w.n, v);
	if (v->n) {
		rc = GX_EINVAL;
		goto out;
	}
	out->version = version;
	rc = save(db, who, &(struct change){"sla.days.replace", write_days, describe_days, &w});
	if (rc == 0)
		rc = store_cal_get(db, id, out);
out:
	free(list);
	return rc;
}

int cal_deadline(const struct principal *who, int64_t id, int64_t start_ms, int64_t minutes,
		 int64_t *due_ms, struct verr *v)
{
	struct workcal *w = malloc(sizeof *w);
	struct cal_rec *c = malloc(sizeof *c);
	struct db *db;
	int rc = GX_ENOMEM;

	*due_ms = -1;
	if (w && c && (db = principal_db(who, PERM_SLA_READ, &rc)) &&
	    (rc = store_cal_get(db, id, c)) == 0) {
		if (minutes < 0 || minutes > SLA_MINUTES_MAX) {
			rc = verr_add(v, "minutes", "应在 0 到 %d 之间", SLA_MINUTES_MAX);
		} else if ((rc = load_workcal(db, c, workcal_day_of(start_ms, WORKCAL_BEIJING_OFFSET),
					      w)) == 0) {
			*due_ms = workcal_add(w, start_ms, minutes * MS_MINUTE);
		}
	}
	free(w);
	free(c);
	return rc;
}

/* ---- policies ------------------------------------------------------- */

static void apply_choice(json_t *fields, const char *field, const char *const *choices,
			 const char *hint, char *dst, size_t cap, struct verr *v)
{
	json_t *val = json_object_get(fields, field);

	if (!val)
		return;
	if (!strset_has(choices, json_string_value(val)))
		verr_add(v, field, "应为 %s 之一", hint);
	else
		snprintf(dst, cap, "%s", json_string_value(val));
}

static void apply_policy_fields(struct db *db, json_t *fields, struct sla_policy *p,
				struct verr *v)
{
	json_t *tier = json_object_get(fields, "tier"), *val;
	struct cal_rec *c;

	apply_choice(fields, "type", types,
		     "complaint、repair、inquiry、service、suggestion、event", p->type,
		     sizeof p->type, v);
	apply_choice(fields, "priority", priorities, "urgent、high、normal、low", p->priority,
		     sizeof p->priority, v);
	if (json_is_null(tier))
		p->tier[0] = '\0';
	else
		apply_choice(fields, "tier", tiers, "vip、key、general、small（或 null 表示任意等级）",
			     p->tier, sizeof p->tier, v);
	if ((val = json_object_get(fields, "response_minutes")))
		p->response_minutes = json_integer_value(val);
	if ((val = json_object_get(fields, "resolve_minutes")))
		p->resolve_minutes = json_integer_value(val);
	if (p->resolve_minutes < p->response_minutes)
		verr_add(v, "resolve_minutes", "解决时限不能短于首次响应时限");
	if (!(val = json_object_get(fields, "calendar_id")))
		return;
	p->calendar_id = json_integer_value(val);
	if (!(c = malloc(sizeof *c)) || store_cal_get(db, p->calendar_id, c) != 0)
		verr_add(v, "calendar_id", "日历不存在");
	free(c);
}

static json_t *describe_policy(const void *arg, char *target, size_t cap)
{
	const struct sla_policy *p = arg;

	snprintf(target, cap, "sla_policy:%lld", (long long)p->id);
	return json_pack("{s:I,s:s,s:s,s:s,s:I,s:I,s:I}", "id", (json_int_t)p->id,
			 "type", p->type, "priority", p->priority, "tier", p->tier,
			 "calendar_id", (json_int_t)p->calendar_id,
			 "response_minutes", (json_int_t)p->response_minutes,
			 "resolve_minutes", (json_int_t)p->resolve_minutes);
}

static int write_policy_insert(struct db *db, void *arg)
{
	return store_sla_policy_insert(db, arg);
}

static int write_policy_update(struct db *db, void *arg)
{
	return store_sla_policy_update(db, arg, clock_now_ms());
}

static int key_conflict(int rc, struct verr *v)
{
	if (rc == GX_ECONFLICT)
		verr_add(v, "tier", "这个类型和优先级已有适用于该客户等级的时限");
	return rc;
}

int sla_policy_list(const struct principal *who, struct sla_policy *out, int *n)
{
	struct db *db;
	int rc;

	*n = 0;
	if (!(db = principal_db(who, PERM_SLA_READ, &rc)))
		return rc;
	return store_sla_policy_list(db, out, SLA_POLICIES_MAX, n);
}

int sla_policy_get(const struct principal *who, int64_t id, struct sla_policy *out)
{
	struct db *db;
	int rc;

	if (!(db = principal_db(who, PERM_SLA_READ, &rc)))
		return rc;
	return store_sla_policy_get(db, id, out);
}

int sla_policy_create(const struct principal *who, json_t *fields, struct sla_policy *out,
		      struct verr *v)
{
	static const char *const required[] = {"type", "priority", "calendar_id",
					       "response_minutes", "resolve_minutes", NULL};
	struct db *db;
	int rc;

	if (!(db = principal_db(who, PERM_SLA_MANAGE, &rc)))
		return rc;
	memset(out, 0, sizeof *out);
	for (int i = 0; required[i]; i++)
		if (!json_object_get(fields, required[i]))
			verr_add(v, required[i], "必填");
	apply_policy_fields(db, fields, out, v);
	if (v->n)
		return GX_EINVAL;
	out->created_at = clock_now_ms();
	rc = save(db, who, &(struct change){"sla.policy.create", write_policy_insert,
					    describe_policy, out});
	if (rc != 0)
		return key_conflict(rc, v);
	return store_sla_policy_get(db, out->id, out);
}

int sla_policy_update(const struct principal *who, int64_t id, int64_t version,
		      json_t *fields, struct sla_policy *out, struct verr *v)
{
	struct db *db;
	int rc;

	if (!(db = principal_db(who, PERM_SLA_MANAGE, &rc)) ||
	    (rc = store_sla_policy_get(db, id, out)) != 0)
		return rc;
	apply_policy_fields(db, fields, out, v);
	if (v->n)
		return GX_EINVAL;
	out->version = version;
	rc = save(db, who, &(struct change){"sla.policy.update", write_policy_update,
					    describe_policy, out});
	if (rc != 0)
		return key_conflict(rc, v);
	return store_sla_policy_get(db, id, out);
}

/* arg: the policy as read, its version the one the deletion is based on. */
static int write_policy_delete(struct db *db, void *arg)
{
	const struct sla_policy *p = arg;

	return store_sla_policy_delete(db, p->id, p->version);
}

int sla_policy_delete(const struct principal *who, int64_t id, int64_t version)
{
	struct sla_policy p;
	struct db *db;
	int rc;

	if (!(db = principal_db(who, PERM_SLA_MANAGE, &rc)) ||
	    (rc = store_sla_policy_get(db, id, &p)) != 0)
		return rc;
	p.version = version;
	return save(db, who, &(struct change){"sla.policy.delete", write_policy_delete,
					      describe_policy, &p});
}

int sla_preview(const struct principal *who, const char *type, const char *priority,
		const char *tier, int64_t start_ms, struct sla_preview *out, struct verr *v)
{
	struct db *db;
	int rc;

	memset(out, 0, sizeof *out);
	out->due_response = out->due_resolve = -1;
	if (!(db = principal_db(who, PERM_SLA_READ, &rc)))
		return rc;
	if (!strset_has(types, type))
		verr_add(v, "type", "应为 complaint、repair、inquiry、service、suggestion、event 之一");
	if (!strset_has(priorities, priority))
		verr_add(v, "priority", "应为 urgent、high、normal、low 之一");
	if (tier && *tier && !strset_has(tiers, tier))
		verr_add(v, "tier", "应为 vip、key、general、small 之一");
	if (v->n)
		return GX_EINVAL;
	rc = store_sla_match(db, type, priority, tier, &out->policy);
	if (rc == GX_ENOTFOUND)
		return 0;
	if (rc != 0)
		return rc;
	out->found = true;
	return due_of(db, &out->policy, start_ms, &out->due_response, &out->due_resolve);
}
