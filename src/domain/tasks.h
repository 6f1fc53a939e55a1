/* tasks.h - tasks (SAL-2): work assigned to a user, with a due date and a
 * priority, linked to a customer (and later a ticket or opportunity).
 *
 * Who sees what: task.read shows the tasks assigned to or made by the
 * reader; task.manage shows and changes everyone's. task.write creates
 * tasks and changes, completes and reassigns the ones the writer sees;
 * only their author or a holder of task.manage deletes one. A task the
 * principal may not see is GX_ENOTFOUND. A linked customer must be one
 * the writer may see (domain/customers.h scope).
 *
 * Every task returned has overdue set: open, with a due time before now
 * (lib/clock.h, so tests can move it). */
#ifndef GX_DOMAIN_TASKS_H
#define GX_DOMAIN_TASKS_H

#include <jansson.h>

#include "domain/perm.h"
#include "lib/err.h"
#include "store/tasks.h"

/* fields: a JSON object of the fields to set (docs/API.md), borrowed; the
 * API has checked their JSON types. v may arrive holding the caller's
 * errors; nothing is written unless it ends empty. */
int tasks_create(const struct principal *who, json_t *fields, struct task_rec *out,
		 struct verr *v);
int tasks_update(const struct principal *who, int64_t id, int64_t version, json_t *fields,
		 struct task_rec *out, struct verr *v);
/* Marks an open task done now. GX_ECONFLICT if it is not open. */
int tasks_complete(const struct principal *who, int64_t id, struct task_rec *out);
int tasks_delete(const struct principal *who, int64_t id, int64_t version);
int tasks_get(const struct principal *who, int64_t id, struct task_rec *out);

/* view: "mine" (default: assigned to me), "created" (made by me),
 * "customer" (of customer_id), "all" (task.manage only). status: "open"
 * (default), "done", "cancelled" or "all". Ordered by due date, the
 * overdue ones therefore first, those without a due date last. */
struct task_search {
	const char *view, *status;
	int64_t customer_id;
	int64_t after_key, after_id; /* the cursor; after_id 0: first page */
	int limit;
};
int tasks_list(const struct principal *who, const struct task_search *s,
	       struct task_rec *out, int *n, struct verr *v);

/* The principal's open tasks and how many of them are overdue. */
int tasks_counts(const struct principal *who, int64_t *open, int64_t *overdue);

/* Enabled users a task can be assigned to, matching q (NULL: any; the
 * rule of users_check_query), by id after after_id; out holds max. */
int tasks_assignees(const struct principal *who, const char *q, int64_t after_id,
		    struct user_rec *out, int max, int *n, struct verr *v);

#endif
