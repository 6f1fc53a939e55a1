#include "domain/tasks.h"
#include "domain/fields.h"
#include "domain/customers.h"
#include "domain/tickets.h"
#include "domain/users.h"
#include "lib/strset.h"
#include "lib/clock.h"
#include "lib/utf8.h"
#include "store/db.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#define TITLE_MAX_CHARS 100
#define DESC_MAX_CHARS 2000

static const char *const priorities[] = {"urgent", "high", "normal", "low", NULL};
static const char *const statuses[] = {"open", "done", "cancelled", NULL};

static bool can_see(const struct principal *who, const struct task_rec *t)
{
	return principal_can(who, PERM_TASK_MANAGE) || t->assignee_id == who->user_id ||
	       (t->created_by && t->created_by == who->user_id);
}

static void mark_overdue(struct task_rec *t, int n, int64_t now)
{
	for (int i = 0; i < n; i++)
		t[i].overdue = !strcmp(t[i].status, "open") && t[i].due_at && t[i].due_at < now;
}

/* The task if who may see it. */
static int load(struct db *db, const struct principal *who, int64_t id, struct task_rec *out)
{
	int rc = store_task_get(db, id, out);

	if (rc == 0 && !can_see(who, out))
		return GX_ENOTFOUND;
	if (rc == 0)
		mark_overdue(out, 1, clock_now_ms());
	return rc;
}

static void apply_due(json_t *val, struct task_rec *t, struct verr *v)
{
	int64_t ms;

	if (json_is_null(val))
		t->due_at = 0;
	else if (!json_is_string(val) || clock_parse_rfc3339(json_string_value(val), &ms) != 0 ||
		 ms <= 0)
		verr_add(v, "due_at", "应为带时区的日期时间，如 2026-11-22T18:00:00+08:00");
	else
		t->due_at = ms;
}

static void apply_assignee(struct db *db, json_t *val, struct task_rec *t, struct verr *v)
{
	struct user_rec *u = malloc(sizeof *u);
	int rc;

	if (!u) {
		verr_add(v, "assignee_id", "暂时无法检查该用户");
		return;
	}
	t->assignee_id = json_integer_value(val);
	rc = t->assignee_id > 0 ? store_user_get(db, t->assignee_id, u) : GX_ENOTFOUND;
	if (rc != 0 || u->disabled)
		verr_add(v, "assignee_id", "用户不存在或已停用，不能分配任务");
	else
		snprintf(t->assignee_name, sizeof t->assignee_name, "%s", u->display_name);
	free(u);
}

static void apply_customer(const struct principal *who, json_t *val, struct task_rec *t,
			   struct verr *v)
{
	t->customer_id = json_integer_value(val);
	t->customer_name[0] = '\0';
	if (t->customer_id &&
	    customers_visible(who, t->customer_id, t->customer_name, sizeof t->customer_name) != 0)
		verr_add(v, "customer_id", "客户不存在或不在您的客户范围内");
}

/* Moving to done stamps completed_at; leaving done clears it. */
static void set_status(struct task_rec *t, const char *status)
{
	if (strcmp(t->status, status) != 0)
		t->completed_at = !strcmp(status, "done") ? clock_now_ms() : 0;
	snprintf(t->status, sizeof t->status, "%s", status);
}

/* A linked order must be one the writer can open (null: none). */
static void apply_ticket(const struct principal *who, json_t *val, struct task_rec *t,
			 struct verr *v)
{
	struct ticket_rec *order;

	t->ticket_id = json_integer_value(val);
	if (!t->ticket_id)
		return;
	if (!(order = malloc(sizeof *order))) {
		verr_add(v, "ticket_id", "内存不足");
		return;
	}
	if (tkt_get(who, t->ticket_id, order) != 0)
		verr_add(v, "ticket_id", "工单不存在或您无权查看");
	free(order);
}

/* Applies the fields present in the object onto t. */
static void apply_fields(struct db *db, const struct principal *who, json_t *fields,
			 struct task_rec *t, struct verr *v)
{
	json_t *val;
	char status[12] = "";

	if ((val = json_object_get(fields, "title")))
		field_text(val, "title", TITLE_MAX_CHARS, false, t->title, sizeof t->title, v);
	if ((val = json_object_get(fields, "description")))
		field_text(val, "description", DESC_MAX_CHARS, true, t->description,
			   sizeof t->description, v);
	if ((val = json_object_get(fields, "due_at")))
		apply_due(val, t, v);
	if ((val = json_object_get(fields, "priority")))
		field_choice(val, "priority", priorities, t->priority, sizeof t->priority, v);
	if ((val = json_object_get(fields, "status"))) {
		field_choice(val, "status", statuses, status, sizeof status, v);
		if (status[0])
			set_status(t, status);
	}
	if ((val = json_object_get(fields, "assignee_id")))
		apply_assignee(db, val, t, v);
	/* A link is only checked when it is set or changed: a customer that
	 * has since left the writer's scope stays linked. */
	if ((val = json_object_get(fields, "customer_id")) &&
	    json_integer_value(val) != t->customer_id)
		apply_customer(who, val, t, v);
	if ((val = json_object_get(fields, "ticket_id")) &&
	    json_integer_value(val) != t->ticket_id)
		apply_ticket(who, val, t, v);
	if ((val = json_object_get(fields, "opportunity_id")))
		t->opportunity_id = json_integer_value(val);
}

int tasks_create(const struct principal *who, json_t *fields, struct task_rec *out,
		 struct verr *v)
{
	struct db *db;
	int rc;

	if (!(db = principal_db(who, PERM_TASK_WRITE, &rc)))
		return rc;
	memset(out, 0, sizeof *out);
	snprintf(out->priority, sizeof out->priority, "normal");
	snprintf(out->status, sizeof out->status, "open");
	out->assignee_id = who->user_id;
	if (!json_object_get(fields, "title"))
		verr_add(v, "title", "必填");
	if (!json_object_get(fields, "assignee_id") && !who->user_id)
		verr_add(v, "assignee_id", "必填");
	apply_fields(db, who, fields, out, v);
	if (v->n)
		return GX_EINVAL;
	out->created_by = who->user_id;
	out->created_at = clock_now_ms();
	if ((rc = db_begin(db, true)) != 0)
		return rc;
	if ((rc = store_task_insert(db, out)) != 0 || (rc = db_commit(db)) != 0) {
		db_rollback(db);
		return rc;
	}
	if ((rc = store_task_get(db, out->id, out)) == 0)
		mark_overdue(out, 1, clock_now_ms());
	return rc;
}

/* Writes t (at version) and reads it back. */
static int save(struct db *db, struct task_rec *t)
{
	int rc;

	if ((rc = db_begin(db, true)) != 0)
		return rc;
	if ((rc = store_task_update(db, t, clock_now_ms())) != 0 || (rc = db_commit(db)) != 0) {
		db_rollback(db);
		return rc;
	}
	if ((rc = store_task_get(db, t->id, t)) == 0)
		mark_overdue(t, 1, clock_now_ms());
	return rc;
}

int tasks_update(const struct principal *who, int64_t id, int64_t version, json_t *fields,
		 struct task_rec *out, struct verr *v)
{
	struct db *db;
	int rc;

	if (!(db = principal_db(who, PERM_TASK_WRITE, &rc)) || (rc = load(db, who, id, out)) != 0)
		return rc;
	apply_fields(db, who, fields, out, v);
	if (v->n)
		return GX_EINVAL;
	out->version = version;
	return save(db, out);
}

int tasks_complete(const struct principal *who, int64_t id, struct task_rec *out)
{
	struct db *db;
	int rc;

	if (!(db = principal_db(who, PERM_TASK_WRITE, &rc)) || (rc = load(db, who, id, out)) != 0)
		return rc;
	if (strcmp(out->status, "open") != 0)
		return GX_ECONFLICT;
	set_status(out, "done");
	return save(db, out);
}

int tasks_delete(const struct principal *who, int64_t id, int64_t version)
{
	struct task_rec *t = malloc(sizeof *t);
	struct db *db;
	int rc;

	if (!t)
		return GX_ENOMEM;
	if (!(db = principal_db(who, PERM_TASK_WRITE, &rc)) || (rc = load(db, who, id, t)) != 0)
		goto out;
	/* The assignee works on a task; removing it is its author's call. */
	if (!principal_can(who, PERM_TASK_MANAGE) && t->created_by != who->user_id) {
		rc = GX_EPERM;
		goto out;
	}
	if ((rc = db_begin(db, true)) != 0)
		goto out;
	if ((rc = store_task_delete(db, id, version)) != 0 || (rc = db_commit(db)) != 0)
		db_rollback(db);
out:
	free(t);
	return rc;
}

int tasks_get(const struct principal *who, int64_t id, struct task_rec *out)
{
	struct db *db;
	int rc;

	if (!(db = principal_db(who, PERM_TASK_READ, &rc)))
		return rc;
	return load(db, who, id, out);
}

/* The view and scope of a search: who sees what, and which index. */
static int plan(const struct principal *who, const struct task_search *s,
		struct task_query *q, struct verr *v)
{
	const char *view = s->view ? s->view : "mine", *status = s->status ? s->status : "open";
	bool manage = principal_can(who, PERM_TASK_MANAGE);
	char name[8];

	q->visible_to = manage ? 0 : who->user_id;
	if (!strcmp(view, "mine")) {
		q->view = TV_ASSIGNEE;
		q->user_id = who->user_id;
	} else if (!strcmp(view, "created")) {
		q->view = TV_CREATOR;
		q->user_id = who->user_id;
	} else if (!strcmp(view, "customer")) {
		q->view = TV_CUSTOMER;
		q->customer_id = s->customer_id;
		if (!s->customer_id)
			verr_add(v, "customer_id", "按客户查看时必填");
		else if (customers_visible(who, s->customer_id, name, sizeof name) != 0)
			verr_add(v, "customer_id", "客户不存在或不在您的客户范围内");
	} else if (!strcmp(view, "all") && manage) {
		q->view = TV_ALL;
	} else {
		verr_add(v, "view", manage ? "应为 mine、created、customer 或 all"
					   : "应为 mine、created 或 customer");
	}
	if (!strcmp(status, "all")) {
		for (int i = 0; statuses[i]; i++)
			q->statuses[q->nstatuses++] = statuses[i];
	} else if (strset_has(statuses, status)) {
		q->statuses[q->nstatuses++] = status;
	} else {
		verr_add(v, "status", "应为 open、done、cancelled 或 all");
	}
	return v->n ? GX_EINVAL : 0;
}

int tasks_list(const struct principal *who, const struct task_search *s,
	       struct task_rec *out, int *n, struct verr *v)
{
	struct task_query q = {0};
	struct db *db;
	int rc;

	*n = 0;
	if (!(db = principal_db(who, PERM_TASK_READ, &rc)) || (rc = plan(who, s, &q, v)) != 0)
		return rc;
	q.after_key = s->after_key;
	q.after_id = s->after_id;
	q.limit = s->limit;
	if ((rc = store_task_list(db, &q, out, n)) == 0)
		mark_overdue(out, *n, clock_now_ms());
	return rc;
}

int tasks_counts(const struct principal *who, int64_t *open, int64_t *overdue)
{
	struct db *db;
	int rc;

	*open = *overdue = 0;
	if (!(db = principal_db(who, PERM_TASK_READ, &rc)))
		return rc;
	return store_task_counts(db, who->user_id, clock_now_ms(), open, overdue);
}

int tasks_assignees(const struct principal *who, const char *q, int64_t after_id,
		    struct user_rec *out, int max, int *n, struct verr *v)
{
	struct user_rec *page = calloc((size_t)max, sizeof *page);
	struct db *db;
	int got = max, rc = 0;

	*n = 0;
	if (!page)
		return GX_ENOMEM;
	if (!(db = principal_db(who, PERM_TASK_WRITE, &rc)) || (rc = users_check_query(q, v)) != 0)
		goto out;
	/* Disabled users are skipped, so a page may take more than one read. */
	while (*n < max && got == max) {
		if ((rc = store_user_list(db, q, after_id, max, page, &got)) != 0)
			goto out;
		for (int i = 0; i < got && *n < max; i++)
			if (!page[i].disabled)
				out[(*n)++] = page[i];
		if (got)
			after_id = page[got - 1].id;
	}
out:
	free(page);
	return rc;
}
