/* respond.c - response helpers shared by every handler: the error body
 * format, domain-error mapping, paging and time rendering. */
#include "api/api.h"
#include "domain/auth.h"
#include "lib/utf8.h"
#include "lib/clock.h"
#include "lib/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int api_json(struct api_req *r, int status, json_t *body)
{
	json_decref(r->resp);
	free(r->out);
	r->out = NULL;
	r->resp = body;
	r->status = status;
	return 0;
}

int api_body(struct api_req *r, int status, const char *content_type,
	     const char *bytes, size_t len, const char *filename)
{
	char *copy = malloc(len ? len : 1);

	if (!copy)
		return api_fail(r, GX_ENOMEM, NULL);
	memcpy(copy, bytes, len);
	api_json(r, status, NULL);
	free(r->out);
	r->out = copy;
	r->out_len = len;
	snprintf(r->out_type, sizeof r->out_type, "%s", content_type);
	utf8_copy(r->out_filename, sizeof r->out_filename, filename ? filename : "");
	return 0;
}

int api_stream(struct api_req *r, const char *content_type, const char *filename,
	       ssize_t (*read)(void *ctx, char *buf, size_t cap), void (*done)(void *ctx),
	       void *ctx)
{
	api_json(r, 200, NULL);
	r->stream.read = read;
	r->stream.done = done;
	r->stream.ctx = ctx;
	snprintf(r->stream.content_type, sizeof r->stream.content_type, "%s", content_type);
	utf8_copy(r->stream.filename, sizeof r->stream.filename, filename ? filename : "");
	return 0;
}

int api_events(struct api_req *r, int64_t user_id, int (*pull)(void *ctx, char **out, size_t *len),
	       void (*done)(void *ctx), void *ctx)
{
	api_json(r, 200, NULL);
	r->events = (struct api_events){user_id, pull, done, ctx};
	return 0;
}

int api_empty(struct api_req *r, int status)
{
	return api_json(r, status, NULL);
}

int api_page(struct api_req *r, json_t *items, bool more, int64_t cursor)
{
	char next[24];

	snprintf(next, sizeof next, "%lld", (long long)cursor);
	return api_json(r, 200, json_pack("{s:o,s:o}", "items", items, "next",
					  more ? json_string(next) : json_null()));
}

int api_page_cursor(struct api_req *r, json_t *items, const char *next)
{
	return api_json(r, 200, json_pack("{s:o,s:o}", "items", items, "next",
					  next ? json_string(next) : json_null()));
}

static json_t *error_body(const char *code, const char *message, const struct verr *v)
{
	json_t *err = json_pack("{s:s,s:s}", "code", code, "message", message);

	if (v && v->n) {
		json_t *fields = json_object();
		for (size_t i = 0; i < v->n; i++)
			json_object_set_new(fields, v->item[i].field,
					    json_string(v->item[i].message));
		json_object_set_new(err, "fields", fields);
	}
	return json_pack("{s:o}", "error", err);
}

int api_error(struct api_req *r, int status, const char *code, const char *message)
{
	return api_json(r, status, error_body(code, message, NULL));
}

int api_fail(struct api_req *r, int rc, const struct verr *v)
{
	static const struct {
		int rc, status;
		const char *code, *message;
	} map[] = {
		{GX_EINVAL, 422, "validation_failed", "提交的数据有误"},
		{GX_ENOTFOUND, 404, "not_found", "记录不存在"},
		{GX_EPERM, 403, "forbidden", "没有执行此操作的权限"},
		{GX_ECONFLICT, 409, "conflict", "数据与已有记录冲突"},
		{GX_EVERSION, 409, "version_conflict", "记录已被他人修改，请刷新后重试"},
		{GX_EAUTH, 401, "unauthenticated", "请先登录，或登录已过期"},
		{GX_ELOCKED, 429, "account_locked", "登录失败次数过多，账户已锁定 15 分钟"},
		{GX_EDISABLED, 403, "account_disabled", "账户已停用"},
	};

	/* Field messages belong only to answers about the input itself. */
	if (rc != GX_EINVAL && rc != GX_ECONFLICT)
		v = NULL;
	for (size_t i = 0; i < sizeof map / sizeof *map; i++)
		if (map[i].rc == rc)
			return api_json(r, map[i].status,
					error_body(map[i].code, map[i].message, v));
	log_error("request_failed", "{s:s,s:s,s:s}", "method", r->method,
		  "path", r->path, "error", gx_strerror(rc));
	return api_json(r, 500, error_body("internal", "服务器内部错误", NULL));
}

const char *api_query(const struct api_req *r, const char *key)
{
	for (int i = 0; i < r->nquery; i++)
		if (!strcmp(r->query[i].key, key))
			return r->query[i].value;
	return NULL;
}

static bool parse_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
	char *end;
	long long v;

	if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
		return false;
	v = strtoll(s, &end, 10);
	if (*end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

int api_query_int(const struct api_req *r, const char *key, int64_t min, int64_t max,
		  int64_t *out, struct verr *v)
{
	const char *s = api_query(r, key);

	if (!s || parse_int(s, min, max, out))
		return 0;
	return verr_add(v, key, "应为 %lld 到 %lld 的整数", (long long)min, (long long)max);
}

int api_query_bool(const struct api_req *r, const char *key, bool *out, struct verr *v)
{
	const char *s = api_query(r, key);

	if (!s)
		return 0;
	if (!strcmp(s, "true") || !strcmp(s, "1"))
		*out = true;
	else if (!strcmp(s, "false") || !strcmp(s, "0"))
		*out = false;
	else
		return verr_add(v, key, "应为 true 或 false");
	return 0;
}

int api_paging(const struct api_req *r, int *limit, int64_t *after, struct verr *v)
{
	int64_t n = API_LIMIT_DEFAULT;

	*after = 0;
	api_query_int(r, "limit", 1, API_LIMIT_MAX, &n, v);
	if (api_query(r, "after") && *api_query(r, "after"))
		api_query_int(r, "after", 0, INT64_MAX, after, v);
	*limit = (int)n;
	return v->n ? GX_EINVAL : 0;
}

json_t *api_time(int64_t ms)
{
	char buf[CLOCK_RFC3339_LEN];

	if (!ms)
		return json_null();
	clock_rfc3339(ms, buf);
	return json_string(buf);
}

int api_events_after(const struct api_req *r, int64_t *after, struct verr *v)
{
	const char *from = r->last_event_id && *r->last_event_id ? r->last_event_id
								 : api_query(r, "after");
	char *end;
	long long id;

	if (!from || !*from)
		return 0;
	id = strtoll(from, &end, 10);
	if (*end || id < 0 || from[0] < '0' || from[0] > '9')
		return verr_add(v, "after", "应为事件编号（非负整数）");
	*after = id;
	return 0;
}

int api_events_frames(const struct principal *who, bool *started,
		      int (*write)(void *ctx, FILE *f), void *ctx, char **out, size_t *len)
{
	FILE *f;
	int rc;

	*out = NULL;
	*len = 0;
	/* A signed-out or disabled user's streams stop at once. */
	if ((rc = auth_check(who)) != 0)
		return rc;
	if (!(f = open_memstream(out, len)))
		return GX_ENOMEM;
	if (!*started)
		fprintf(f, "retry: %d\n\n", API_EVENTS_RETRY_MS);
	*started = true;
	rc = write(ctx, f);
	fclose(f);
	if (rc != 0 || !*len) {
		free(*out);
		*out = NULL;
		*len = 0;
	}
	return rc;
}
