/* tasks.h - storage of tasks (SAL-2). Who sees which tasks and what is
 * valid lives in domain/tasks.c.
 *
 * Lists are ordered by due date, tasks without one last, then by id; the
 * cursor is that pair (key = due_at, or TASK_NO_DUE for none), so paging
 * needs no OFFSET and uses the indexes of migration 0004. */
#ifndef GX_STORE_TASKS_H
#define GX_STORE_TASKS_H

#include <stdbool.h>
#include <stdint.h>

#include "store/accounts.h"
#include "store/customers.h"

struct db;

#define TASK_TITLE_LEN 304  /* 100 characters of up to 3 bytes */
#define TASK_DESC_LEN 6004  /* 2000 characters */
#define TASK_NO_DUE INT64_MAX /* sort key of a task without a due date */

struct task_rec {
	int64_t id;
	char title[TASK_TITLE_LEN];
	char description[TASK_DESC_LEN];
	int64_t due_at; /* ms; 0: none */
	char priority[12], status[12];
	int64_t assignee_id;
	char assignee_name[NAME_MAX_BYTES];
	int64_t customer_id; /* 0: none */
	char customer_name[CUST_TEXT_LEN];
	int64_t ticket_id, opportunity_id; /* 0: none */
	int64_t created_by;  /* 0: the command line */
	char creator_name[NAME_MAX_BYTES];
	int64_t created_at, updated_at, completed_at, version;
	bool overdue; /* not stored: set by the domain from the clock */
};

enum task_view { TV_ASSIGNEE, TV_CREATOR, TV_CUSTOMER, TV_ALL, TV__COUNT };

struct task_query {
	enum task_view view;
	int64_t user_id;     /* TV_ASSIGNEE, TV_CREATOR */
	int64_t customer_id; /* TV_CUSTOMER */
	int64_t visible_to;  /* 0: any task; else only those assigned to or made by this user */
	const char *statuses[3]; /* 1 to 3 of open, done, cancelled */
	int nstatuses;
	int64_t after_key, after_id; /* after_id 0: from the start */
	int limit;
};

/* 0 or GX_ENOTFOUND. */
int store_task_get(struct db *db, int64_t id, struct task_rec *out);

/* Sets t->id and t->version. */
int store_task_insert(struct db *db, struct task_rec *t);

/* Writes t over the stored row if its version is still t->version, then
 * bumps version and sets updated_at. GX_EVERSION if stale, GX_ENOTFOUND
 * if absent. */
int store_task_update(struct db *db, struct task_rec *t, int64_t now_ms);

/* Deletes the task if its version is version; GX_EVERSION / GX_ENOTFOUND. */
int store_task_delete(struct db *db, int64_t id, int64_t version);

/* Up to q->limit tasks in list order after the cursor. */
int store_task_list(struct db *db, const struct task_query *q, struct task_rec *out, int *n);

/* Open tasks assigned to user, and how many of them were due before now. */
int store_task_counts(struct db *db, int64_t user_id, int64_t now_ms, int64_t *open,
		      int64_t *overdue);

#endif
