/* tasks.c - /api/v1/tasks: create, list (my tasks first by due date),
 * read, change, complete and delete tasks; the counts for the home page
 * and the users a task can be assigned to. */
#include "api/api.h"
#include "domain/tasks.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ASSIGNEES_MAX 50

static const struct api_field task_fields[] = {
	{"version", FT_INT, false, 1, INT64_MAX},
	{"title", FT_STRING, false, 1, 100},
	{"description", FT_STRING, false, 0, 2000},
	{"due_at", FT_STRING_OR_NULL, false, 0, 40},
	{"priority", FT_STRING, false, 1, 20},
	{"status", FT_STRING, false, 1, 20},
	{"assignee_id", FT_INT, false, 1, INT64_MAX},
	{"customer_id", FT_INT_OR_NULL, false, 1, INT64_MAX},
	{"ticket_id", FT_INT_OR_NULL, false, 1, INT64_MAX},
	{"opportunity_id", FT_INT_OR_NULL, false, 1, INT64_MAX},
	{0},
};

static json_t *id_or_null(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

static json_t *person(int64_t id, const char *name)
{
	return id ? json_pack("{s:I,s:s}", "id", (json_int_t)id, "display_name", name)
		  : json_null();
}

static json_t *task_json(const struct task_rec *t)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(t->id));
	json_object_set_new(o, "title", json_string(t->title));
	json_object_set_new(o, "description", json_string(t->description));
	json_object_set_new(o, "due_at", api_time(t->due_at));
	json_object_set_new(o, "priority", json_string(t->priority));
	json_object_set_new(o, "status", json_string(t->status));
	json_object_set_new(o, "overdue", json_boolean(t->overdue));
	json_object_set_new(o, "assignee", person(t->assignee_id, t->assignee_name));
	json_object_set_new(o, "customer", t->customer_id
		? json_pack("{s:I,s:s}", "id", (json_int_t)t->customer_id, "name", t->customer_name)
		: json_null());
	json_object_set_new(o, "ticket_id", id_or_null(t->ticket_id));
	json_object_set_new(o, "opportunity_id", id_or_null(t->opportunity_id));
	json_object_set_new(o, "created_by", person(t->created_by, t->creator_name));
	json_object_set_new(o, "created_at", api_time(t->created_at));
	json_object_set_new(o, "updated_at", api_time(t->updated_at));
	json_object_set_new(o, "completed_at", api_time(t->completed_at));
	json_object_set_new(o, "version", json_integer(t->version));
	return o;
}

static int respond_one(struct api_req *r, int status, int rc, struct task_rec *t,
		       const struct verr *v)
{
	if (rc == 0)
		api_json(r, status, task_json(t));
	else if (rc == GX_ECONFLICT)
		api_error(r, 409, "task_closed", "任务已完成或已取消");
	else
		api_fail(r, rc, v);
	free(t);
	return 0;
}

static int tasks_post(struct api_req *r)
{
	struct task_rec *t = calloc(1, sizeof *t);
	struct verr v = {0};

	if (!t)
		return api_fail(r, GX_ENOMEM, NULL);
	api_check_create(r, task_fields, &v);
	if (api_has(r, "status"))
		verr_add(&v, "status", "新建的任务总是待办");
	return respond_one(r, 201, tasks_create(&r->who, r->json, t, &v), t, &v);
}

static int tasks_patch(struct api_req *r)
{
	struct task_rec *t = calloc(1, sizeof *t);
	struct verr v = {0};

	if (!t)
		return api_fail(r, GX_ENOMEM, NULL);
	api_check_update(r, task_fields, &v);
	return respond_one(r, 200, tasks_update(&r->who, r->id, api_int(r, "version"), r->json,
						t, &v), t, &v);
}

static int tasks_get_one(struct api_req *r)
{
	struct task_rec *t = calloc(1, sizeof *t);

	if (!t)
		return api_fail(r, GX_ENOMEM, NULL);
	return respond_one(r, 200, tasks_get(&r->who, r->id, t), t, NULL);
}

static int tasks_complete_post(struct api_req *r)
{
	struct task_rec *t = calloc(1, sizeof *t);

	if (!t)
		return api_fail(r, GX_ENOMEM, NULL);
	return respond_one(r, 200, tasks_complete(&r->who, r->id, t), t, NULL);
}

static int tasks_delete_one(struct api_req *r)
{
	struct verr v = {0};
	int64_t version = 0;
	int rc;

	if (api_query_version(r, &version, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	rc = tasks_delete(&r->who, r->id, version);
	return rc ? api_fail(r, rc, NULL) : api_empty(r, 204);
}

/* The cursor "KEY_ID": the last task's sort key (due time, or the largest
 * integer for none) and id. */
static int parse_cursor(const char *s, int64_t *key, int64_t *id)
{
	char *end;
	long long k, i;

	if (!s || !*s)
		return 0;
	if (*s < '0' || *s > '9')
		return GX_EINVAL;
	errno = 0;
	k = strtoll(s, &end, 10);
	if (errno || *end != '_' || end[1] < '0' || end[1] > '9')
		return GX_EINVAL;
	i = strtoll(end + 1, &end, 10);
	if (errno || *end || i <= 0)
		return GX_EINVAL;
	*key = k;
	*id = i;
	return 0;
}

static int tasks_list_get(struct api_req *r)
{
	struct task_search s = {0};
	struct task_rec *rows;
	struct verr v = {0};
	int64_t limit = API_LIMIT_DEFAULT;
	json_t *items, *next = json_null();
	int n = 0, rc;

	api_query_int(r, "limit", 1, API_LIMIT_MAX, &limit, &v);
	api_query_int(r, "customer_id", 1, INT64_MAX, &s.customer_id, &v);
	if (parse_cursor(api_query(r, "after"), &s.after_key, &s.after_id) != 0)
		verr_add(&v, "after", "不是本接口给出的翻页位置");
	if (v.n)
		return api_fail(r, GX_EINVAL, &v);
	s.view = api_query(r, "view");
	s.status = api_query(r, "status");
	/* One extra row tells whether a next page exists. */
	s.limit = (int)limit + 1;
	if (!(rows = calloc((size_t)s.limit, sizeof *rows)))
		return api_fail(r, GX_ENOMEM, NULL);
	if ((rc = tasks_list(&r->who, &s, rows, &n, &v)) != 0) {
		free(rows);
		return api_fail(r, rc, &v);
	}
	items = json_array();
	for (int i = 0; i < n && i < limit; i++)
		json_array_append_new(items, task_json(&rows[i]));
	if (n > limit) {
		const struct task_rec *last = &rows[limit - 1];
		char cursor[48];
		snprintf(cursor, sizeof cursor, "%lld_%lld",
			 (long long)(last->due_at ? last->due_at : TASK_NO_DUE), (long long)last->id);
		json_decref(next);
		next = json_string(cursor);
	}
	free(rows);
	return api_json(r, 200, json_pack("{s:o,s:o}", "items", items, "next", next));
}

static int tasks_summary_get(struct api_req *r)
{
	int64_t open, overdue;
	int rc = tasks_counts(&r->who, &open, &overdue);

	if (rc != 0)
		return api_fail(r, rc, NULL);
	return api_json(r, 200, json_pack("{s:I,s:I}", "open", (json_int_t)open,
					  "overdue", (json_int_t)overdue));
}

static int tasks_assignees_get(struct api_req *r)
{
	struct user_rec *users = calloc(ASSIGNEES_MAX, sizeof *users);
	struct verr v = {0};
	int64_t after = 0;
	json_t *items;
	int n = 0, rc;

	if (!users)
		return api_fail(r, GX_ENOMEM, NULL);
	if (api_query_int(r, "after", 0, INT64_MAX, &after, &v) != 0) {
		free(users);
		return api_fail(r, GX_EINVAL, &v);
	}
	if ((rc = tasks_assignees(&r->who, api_query(r, "q"), after, users, ASSIGNEES_MAX,
				  &n, &v)) != 0) {
		free(users);
		return api_fail(r, rc, &v);
	}
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:I,s:s,s:s,s:o}",
			"id", (json_int_t)users[i].id, "username", users[i].username,
			"display_name", users[i].display_name, "team", users[i].team_id
			? json_pack("{s:I,s:s}", "id", (json_int_t)users[i].team_id,
				    "name", users[i].team_name) : json_null()));
	int64_t cursor = n == ASSIGNEES_MAX ? users[n - 1].id : 0;
	free(users);
	return api_page(r, items, cursor != 0, cursor);
}

const struct api_route api_tasks_routes[] = {
	{"POST", "/api/v1/tasks", tasks_post, ROUTE_JSON, 0},
	{"GET", "/api/v1/tasks", tasks_list_get, 0, 0},
	{"GET", "/api/v1/tasks/summary", tasks_summary_get, 0, 0},
	{"GET", "/api/v1/tasks/assignees", tasks_assignees_get, 0, 0},
	{"GET", "/api/v1/tasks/{id}", tasks_get_one, 0, 0},
	{"PATCH", "/api/v1/tasks/{id}", tasks_patch, ROUTE_JSON, 0},
	{"DELETE", "/api/v1/tasks/{id}", tasks_delete_one, 0, 0},
	{"POST", "/api/v1/tasks/{id}/complete", tasks_complete_post, 0, 0},
	{0},
};
