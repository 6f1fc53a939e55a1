/* cc.c - the contact centre's set-up (CC-3, CC-9): /api/v1/cc/skills,
 * /api/v1/cc/queues, /api/v1/cc/numbers and /api/v1/cc/agents. */
#include "api/api.h"
#include "domain/acd.h"
#include "domain/cc_config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *skill_json(const struct cc_skill *s)
{
	return json_pack("{s:I,s:s,s:i,s:i}", "id", (json_int_t)s->id, "name", s->name,
			 "agents", s->agents, "queues", s->queues);
}

static json_t *id_or_null(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

static json_t *queue_json(const struct cc_queue *q)
{
	json_t *o = json_pack("{s:I,s:s,s:I,s:s,s:s,s:o,s:i,s:i,s:i,s:o,s:I}", "id",
		(json_int_t)q->id, "name", q->name, "skill_id", (json_int_t)q->skill_id,
		"strategy", q->strategy, "priority_tiers", q->priority_tiers,
		"overflow_queue_id", id_or_null(q->overflow_queue_id),
		"overflow_after_s", q->overflow_after_s, "wrap_up_s", q->wrap_up_s,
		"sl_seconds", q->sl_seconds, "team_id", id_or_null(q->team_id),
		"version", (json_int_t)q->version);

	json_object_set_new(o, "updated_at", api_time(q->updated_at));
	return o;
}

static json_t *agent_json(const struct cc_agent *a)
{
	json_t *skills = json_array();
	json_t *o;

	for (int i = 0; i < a->nskills; i++)
		json_array_append_new(skills, json_pack("{s:I,s:i}", "skill_id",
			(json_int_t)a->skills[i].skill_id, "level", a->skills[i].level));
	o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:o,s:i,s:o}", "user_id", (json_int_t)a->user_id,
		"username", a->username, "display_name", a->display_name,
		"extension", a->extension, "state", a->state, "reason", a->reason,
		"call_id", id_or_null(a->call_id), "calls_today", a->calls_today, "skills", skills);
	json_object_set_new(o, "state_since", api_time(a->state_since));
	json_object_set_new(o, "wrap_until", api_time(a->wrap_until));
	json_object_set_new(o, "team_id", id_or_null(a->team_id));
	return o;
}

/* Answers a list read by list(who, out, max, n) as {"items": [...]}. */
#define LIST_HANDLER(fname, type, list, to_json)                                  \
	static int fname(struct api_req *r)                                        \
	{                                                                          \
		type *rows = calloc(CC_LIST_MAX, sizeof *rows);                    \
		json_t *items;                                                     \
		int n, rc;                                                         \
		if (!rows)                                                         \
			return api_fail(r, GX_ENOMEM, NULL);                       \
		if ((rc = list(&r->who, rows, CC_LIST_MAX, &n)) != 0) {            \
			free(rows);                                                \
			return api_fail(r, rc, NULL);                              \
		}                                                                  \
		items = json_array();                                              \
		for (int i = 0; i < n; i++)                                        \
			json_array_append_new(items, to_json(&rows[i]));           \
		free(rows);                                                        \
		return api_json(r, 200, json_pack("{s:o}", "items", items));       \
	}

LIST_HANDLER(skills_get, struct cc_skill, cc_skills_list, skill_json)
LIST_HANDLER(queues_get, struct cc_queue, cc_queues_list, queue_json)
LIST_HANDLER(agents_get, struct cc_agent, cc_agents_list, agent_json)

static json_t *number_json(const struct cc_number *n)
{
	return json_pack("{s:s,s:I,s:s}", "number", n->number, "queue_id",
			 (json_int_t)n->queue_id, "label", n->label);
}

LIST_HANDLER(numbers_get, struct cc_number, cc_numbers_list, number_json)

static const struct api_field skill_fields[] = {
	{"name", FT_STRING, true, 1, 50},
	{0},
};

static int skill_save(struct api_req *r, int64_t id)
{
	struct cc_skill s = {.id = id};
	struct verr v = {0};
	int rc;

	if (api_check_body(r, skill_fields, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	snprintf(s.name, sizeof s.name, "%s", api_str(r, "name"));
	if ((rc = cc_skill_save(&r->who, &s, &v)) != 0)
		return api_fail(r, rc, &v);
	return api_json(r, id ? 200 : 201, skill_json(&s));
}

static int skills_post(struct api_req *r)
{
	return skill_save(r, 0);
}

static int skill_patch(struct api_req *r)
{
	return skill_save(r, r->id);
}

static int skill_delete(struct api_req *r)
{
	struct verr v = {0};
	int rc = cc_skill_delete(&r->who, r->id);

	if (rc == GX_ECONFLICT)
		verr_add(&v, "id", "仍有坐席或队列使用该技能");
	return rc ? api_fail(r, rc, &v) : api_empty(r, 204);
}

static const struct api_field queue_fields[] = {
	{"name", FT_STRING, false, 1, 50},
	{"skill_id", FT_INT, false, 1, INT64_MAX},
	{"strategy", FT_STRING, false, 1, 16},
	{"priority_tiers", FT_STRING, false, 0, 60},
	{"overflow_queue_id", FT_INT_OR_NULL, false, 1, INT64_MAX},
	{"overflow_after_s", FT_INT, false, 0, 3600},
	{"wrap_up_s", FT_INT, false, 0, 3600},
	{"sl_seconds", FT_INT, false, 1, 600},
	{"team_id", FT_INT_OR_NULL, false, 1, INT64_MAX},
	{"version", FT_INT, false, 1, INT64_MAX},
	{0},
};

/* The fields the body has, onto q. */
static void queue_apply(const struct api_req *r, struct cc_queue *q)
{
	static const struct {
		const char *name;
		size_t off;
	} ints[] = {
		{"overflow_after_s", offsetof(struct cc_queue, overflow_after_s)},
		{"wrap_up_s", offsetof(struct cc_queue, wrap_up_s)},
		{"sl_seconds", offsetof(struct cc_queue, sl_seconds)},
	};

	if (api_has(r, "name"))
		snprintf(q->name, sizeof q->name, "%s", api_str(r, "name"));
	if (api_has(r, "strategy"))
		snprintf(q->strategy, sizeof q->strategy, "%s", api_str(r, "strategy"));
	if (api_has(r, "priority_tiers"))
		snprintf(q->priority_tiers, sizeof q->priority_tiers, "%s",
			 api_str(r, "priority_tiers"));
	if (api_has(r, "skill_id"))
		q->skill_id = api_int(r, "skill_id");
	if (api_has(r, "overflow_queue_id"))
		q->overflow_queue_id = api_int(r, "overflow_queue_id");
	if (api_has(r, "team_id"))
		q->team_id = api_int(r, "team_id");
	for (size_t i = 0; i < sizeof ints / sizeof *ints; i++)
		if (api_has(r, ints[i].name))
			*(int *)((char *)q + ints[i].off) = (int)api_int(r, ints[i].name);
}

static int queues_post(struct api_req *r)
{
	struct cc_queue q = {.strategy = "longest_idle", .priority_tiers = "vip", .wrap_up_s = 15,
			     .sl_seconds = 20};
	struct verr v = {0};
	int rc;

	if (api_check_create(r, queue_fields, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	if (!api_has(r, "name"))
		verr_add(&v, "name", "必填");
	if (!api_has(r, "skill_id"))
		verr_add(&v, "skill_id", "必填");
	if (v.n)
		return api_fail(r, GX_EINVAL, &v);
	queue_apply(r, &q);
	if ((rc = cc_queue_save(&r->who, &q, &v)) != 0)
		return api_fail(r, rc, &v);
	return api_json(r, 201, queue_json(&q));
}

static int queue_get(struct api_req *r)
{
	struct cc_queue q;
	int rc = cc_queue_get(&r->who, r->id, &q);

	return rc ? api_fail(r, rc, NULL) : api_json(r, 200, queue_json(&q));
}

static int queue_patch(struct api_req *r)
{
	struct cc_queue q;
	struct verr v = {0};
	int rc;

	if (api_check_update(r, queue_fields, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	if ((rc = cc_queue_get(&r->who, r->id, &q)) != 0)
		return api_fail(r, rc, NULL);
	queue_apply(r, &q);
	q.version = api_int(r, "version");
	if ((rc = cc_queue_save(&r->who, &q, &v)) != 0)
		return api_fail(r, rc, &v);
	return api_json(r, 200, queue_json(&q));
}

static int queue_delete(struct api_req *r)
{
	struct verr v = {0};
	int rc = cc_queue_delete(&r->who, r->id);

	if (rc == GX_ECONFLICT)
		verr_add(&v, "id", "队列已有号码、溢出设置或通话记录引用，不能删除");
	return rc ? api_fail(r, rc, &v) : api_empty(r, 204);
}

static const struct api_field number_fields[] = {
	{"number", FT_STRING, true, 1, 32},
	{"queue_id", FT_INT, true, 1, INT64_MAX},
	{"label", FT_STRING, false, 0, 50},
	{0},
};

static int numbers_post(struct api_req *r)
{
	struct cc_number num = {0};
	struct verr v = {0};
	int rc;

	if (api_check_body(r, number_fields, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	snprintf(num.number, sizeof num.number, "%s", api_str(r, "number"));
	num.queue_id = api_int(r, "queue_id");
	if (api_has(r, "label"))
		snprintf(num.label, sizeof num.label, "%s", api_str(r, "label"));
	if ((rc = cc_number_add(&r->who, &num, &v)) != 0)
		return api_fail(r, rc, &v);
	return api_json(r, 201, number_json(&num));
}

static int number_delete(struct api_req *r)
{
	int rc = cc_number_delete(&r->who, r->name);

	return rc ? api_fail(r, rc, NULL) : api_empty(r, 204);
}

static const struct api_field agent_fields[] = {
	{"user_id", FT_INT, false, 1, INT64_MAX},
	{"extension", FT_STRING, false, 1, 16},
	{"skills", FT_ARRAY, false, 0, CC_AGENT_SKILLS_MAX},
	{0},
};

/* "skills": [{"skill_id": 1, "level": 3}, ...] onto a. */
static int agent_skills(const struct api_req *r, struct cc_agent *a, struct verr *v)
{
	json_t *items = json_object_get(r->json, "skills"), *it;
	size_t i;

	if (!items)
		return 0;
	a->nskills = 0;
	json_array_foreach(items, i, it) {
		json_t *id = json_object_get(it, "skill_id"), *level = json_object_get(it, "level");
		char field[32];

		snprintf(field, sizeof field, "skills[%zu]", i);
		if (!json_is_object(it) || !json_is_integer(id) ||
		    (level && !json_is_integer(level)))
			verr_add(v, field, "应为 {\"skill_id\": 技能编号, \"level\": 1–5}");
		else
			a->skills[a->nskills++] = (struct cc_agent_skill){
				json_integer_value(id), level ? (int)json_integer_value(level) : 1};
	}
	return v->n ? GX_EINVAL : 0;
}

static int agent_save(struct api_req *r, bool create)
{
	struct cc_agent a = {0};
	struct verr v = {0};
	int rc;

	if (api_check_body(r, agent_fields, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	if (!create && (rc = cc_agent_get(&r->who, r->id, &a)) != 0)
		return api_fail(r, rc, NULL);
	if (create && !api_has(r, "user_id"))
		verr_add(&v, "user_id", "必填");
	if (create && !api_has(r, "extension"))
		verr_add(&v, "extension", "必填");
	if (v.n || agent_skills(r, &a, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	if (create)
		a.user_id = api_int(r, "user_id");
	if (api_has(r, "extension"))
		snprintf(a.extension, sizeof a.extension, "%s", api_str(r, "extension"));
	if ((rc = cc_agent_save(&r->who, &a, create, &v)) != 0)
		return api_fail(r, rc, &v);
	return api_json(r, create ? 201 : 200, agent_json(&a));
}

static int agents_post(struct api_req *r)
{
	return agent_save(r, true);
}

static int agent_patch(struct api_req *r)
{
	return agent_save(r, false);
}

static int agent_get(struct api_req *r)
{
	struct cc_agent a;
	int rc = cc_agent_get(&r->who, r->id, &a);

	return rc ? api_fail(r, rc, NULL) : api_json(r, 200, agent_json(&a));
}

static int agent_delete(struct api_req *r)
{
	struct verr v = {0};
	int rc = cc_agent_delete(&r->who, r->id);

	if (rc == GX_ECONFLICT)
		verr_add(&v, "id", "坐席签出后才能移除");
	return rc ? api_fail(r, rc, &v) : api_empty(r, 204);
}

/* The signed-in agent: its set-up and state. 404 for a user who is not
 * an agent. */
static int me_get(struct api_req *r)
{
	struct cc_agent a;
	int rc = cc_agent_get(&r->who, r->who.user_id, &a);

	return rc ? api_fail(r, rc, NULL) : api_json(r, 200, agent_json(&a));
}

static const struct api_field state_fields[] = {
	{"state", FT_STRING, true, 1, 16},
	{"reason", FT_STRING, false, 0, 20},
	{0},
};

static int set_state(struct api_req *r, int64_t user_id)
{
	struct cc_agent a;
	struct verr v = {0};
	int rc;

	if (api_check_body(r, state_fields, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	rc = acd_set_state(&r->who, user_id, api_str(r, "state"), api_str(r, "reason"), &a, &v);
	if (rc == GX_ECONFLICT && !v.n)
		verr_add(&v, "state", "振铃或通话中不能切换状态");
	return rc ? api_fail(r, rc, &v) : api_json(r, 200, agent_json(&a));
}

static int me_state_post(struct api_req *r)
{
	return set_state(r, r->who.user_id);
}

static int agent_state_post(struct api_req *r)
{
	return set_state(r, r->id);
}

const struct api_route api_cc_routes[] = {
	{"GET", "/api/v1/cc/skills", skills_get, 0, 0},
	{"POST", "/api/v1/cc/skills", skills_post, ROUTE_JSON, 0},
	{"PATCH", "/api/v1/cc/skills/{id}", skill_patch, ROUTE_JSON, 0},
	{"DELETE", "/api/v1/cc/skills/{id}", skill_delete, 0, 0},
	{"GET", "/api/v1/cc/queues", queues_get, 0, 0},
	{"POST", "/api/v1/cc/queues", queues_post, ROUTE_JSON, 0},
	{"GET", "/api/v1/cc/queues/{id}", queue_get, 0, 0},
	{"PATCH", "/api/v1/cc/queues/{id}", queue_patch, ROUTE_JSON, 0},
	{"DELETE", "/api/v1/cc/queues/{id}", queue_delete, 0, 0},
	{"GET", "/api/v1/cc/numbers", numbers_get, 0, 0},
	{"POST", "/api/v1/cc/numbers", numbers_post, ROUTE_JSON, 0},
	{"DELETE", "/api/v1/cc/numbers/{name}", number_delete, 0, 0},
	{"GET", "/api/v1/cc/agents", agents_get, 0, 0},
	{"POST", "/api/v1/cc/agents", agents_post, ROUTE_JSON, 0},
	{"GET", "/api/v1/cc/agents/{id}", agent_get, 0, 0},
	{"PATCH", "/api/v1/cc/agents/{id}", agent_patch, ROUTE_JSON, 0},
	{"DELETE", "/api/v1/cc/agents/{id}", agent_delete, 0, 0},
	{"POST", "/api/v1/cc/agents/{id}/state", agent_state_post, ROUTE_JSON, 0},
	{"GET", "/api/v1/cc/me", me_get, 0, 0},
	{"POST", "/api/v1/cc/me/state", me_state_post, ROUTE_JSON, 0},
	{0},
};
