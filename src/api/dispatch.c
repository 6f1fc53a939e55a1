/* dispatch.c - the one place every API request passes through: route
 * match (404/405), authentication (401), CSRF (403), body decoding
 * (400/415), then the handler. */
#include "api/api.h"
#include "domain/auth.h"
#include "lib/log.h"
#include "lib/token.h"
#include "lib/utf8.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct api_route *const route_tables[] = {
	api_health_routes, api_session_routes, api_users_routes,
	api_roles_routes,  api_tokens_routes,  api_audit_routes,
	api_testclock_routes, api_customers_routes, api_settings_routes,
	api_custom_fields_routes, api_contacts_routes, api_interactions_routes,
	api_tasks_routes, api_dictionaries_routes, api_regions_routes,
	api_imports_routes, api_sla_routes, api_notifications_routes, api_tickets_routes,
	api_kb_routes, api_cc_routes, api_cc_desk_routes, api_cti_routes,
	api_cc_stats_routes,
	api_cc_staffing_routes,
	api_cc_outbound_routes,
};

_Static_assert(sizeof ((struct api_req *)0)->name == sizeof ((struct api_req *)0)->code,
	       "{name} and {code} segments share one length limit");

/* Matches one path segment by segment; fills r->id / r->name. */
static bool path_match(const char *pattern, const char *path, struct api_req *r)
{
	while (*pattern && *path) {
		if (*pattern != '{') {
			if (*pattern++ != *path++)
				return false;
		} else if (!strncmp(pattern, "{id}", 4)) {
			char *end;
			if (!isdigit((unsigned char)*path))
				return false;
			long long v = strtoll(path, &end, 10);
			if (v <= 0 || (*end && *end != '/'))
				return false;
			r->id = v;
			path = end;
			pattern += 4;
		} else if (!strncmp(pattern, "{name}", 6) || !strncmp(pattern, "{code}", 6)) {
			char *dst = pattern[1] == 'n' ? r->name : r->code;
			size_t n = strcspn(path, "/");
			if (n == 0 || n >= sizeof r->name)
				return false;
			memcpy(dst, path, n);
			dst[n] = '\0';
			path += n;
			pattern += 6;
		} else {
			return false;
		}
	}
	return !*pattern && !*path;
}

static const struct api_route *route_find(struct api_req *r)
{
	const struct api_route *hit = NULL;
	size_t allow_len = 0;

	r->allow[0] = '\0';
	for (size_t t = 0; t < sizeof route_tables / sizeof *route_tables; t++) {
		for (const struct api_route *rt = route_tables[t]; rt->pattern; rt++) {
			if ((rt->flags & ROUTE_TEST) && !r->test_clock)
				continue;
			if (!path_match(rt->pattern, r->path, r))
				continue;
			if (!strcmp(rt->method, r->method))
				hit = rt;
			if (allow_len + strlen(rt->method) + 3 < sizeof r->allow)
				allow_len += (size_t)snprintf(r->allow + allow_len,
					sizeof r->allow - allow_len, "%s%s",
					allow_len ? ", " : "", rt->method);
		}
	}
	/* The winning route's parameters may have been overwritten by a later
	 * pattern that matched another method; match it once more. */
	if (hit)
		path_match(hit->pattern, r->path, r);
	return hit;
}

size_t api_body_limit(const char *method, const char *path, bool *upload)
{
	struct api_req r = {.method = method, .path = path, .test_clock = true};
	const struct api_route *rt = route_find(&r);

	if (upload)
		*upload = rt && rt->upload_max;
	if (!rt || !rt->upload_max)
		return API_BODY_MAX;
	return rt->upload_max < API_UPLOAD_MAX ? rt->upload_max : API_UPLOAD_MAX;
}

static bool method_is_unsafe(const char *m)
{
	return strcmp(m, "GET") && strcmp(m, "HEAD") && strcmp(m, "OPTIONS");
}

static int authenticate(struct api_req *r)
{
	const char *a = r->authorization;
	int rc;

	if (a && *a) {
		if (strncasecmp(a, "Bearer ", 7) != 0)
			return api_error(r, 401, "unauthenticated", "无效的认证信息");
		rc = auth_bearer(a + 7, r->ip, &r->who);
	} else {
		rc = auth_session(r->cookie, r->ip, &r->who);
	}
	if (rc == GX_EAUTH)
		return api_error(r, 401, "unauthenticated", "请先登录，或登录已过期");
	if (rc != 0)
		return api_fail(r, rc, NULL);
	r->signed_in = true;
	if (!r->who.via_token && method_is_unsafe(r->method) &&
	    (!r->csrf_header || !token_equal(r->csrf_header, r->who.csrf)))
		return api_error(r, 403, "csrf_failed", "缺少或错误的 X-CSRF-Token 请求头");
	return 0;
}

bool api_upload_allowed(struct api_req *r)
{
	const struct api_route *rt = route_find(r);

	r->status = 0;
	if (!rt || !rt->upload_max || (rt->flags & ROUTE_PUBLIC))
		return true;
	return authenticate(r) == 0 && !r->status;
}

/* "application/json" with an optional utf-8 charset parameter. */
static bool content_type_ok(const char *ct)
{
	size_t n = strlen("application/json");
	const char *p;

	if (!ct || strncasecmp(ct, "application/json", n) != 0)
		return false;
	p = ct + n;
	while (*p == ' ' || *p == ';')
		p++;
	if (!*p)
		return true;
	return !strncasecmp(p, "charset=", 8) &&
	       (!strcasecmp(p + 8, "utf-8") || !strcasecmp(p + 8, "\"utf-8\""));
}

static int decode_body(struct api_req *r, unsigned flags)
{
	json_error_t err;

	if (r->body_len == 0) {
		if (flags & ROUTE_JSON)
			return api_error(r, 400, "invalid_json", "请求体必须是 JSON 对象");
		return 0;
	}
	if (!content_type_ok(r->content_type))
		return api_error(r, 415, "unsupported_media_type",
				 "请求体必须是 application/json（UTF-8）");
	if (!utf8_valid(r->body, r->body_len))
		return api_error(r, 400, "invalid_utf8", "请求体不是有效的 UTF-8 编码");
	r->json = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &err);
	if (!r->json)
		return api_error(r, 400, "invalid_json", "请求体不是有效的 JSON");
	if (!json_is_object(r->json))
		return api_error(r, 400, "invalid_json", "请求体必须是 JSON 对象");
	return 0;
}

void api_dispatch(struct api_req *r)
{
	const struct api_route *rt = route_find(r);

	r->status = 0;
	if (!rt) {
		if (r->allow[0])
			api_error(r, 405, "method_not_allowed", "该地址不支持此请求方法");
		else
			api_error(r, 404, "not_found", "接口不存在");
		return;
	}
	r->allow[0] = '\0';
	if (!(rt->flags & ROUTE_PUBLIC) && (authenticate(r) != 0 || r->status))
		return;
	if (!(rt->flags & ROUTE_RAW) && (decode_body(r, rt->flags) != 0 || r->status))
		return;
	if (rt->handler(r) != 0 && !r->status)
		api_fail(r, GX_EDB, NULL);
	if (!r->status) {
		log_error("handler_without_response", "{s:s}", "path", r->path);
		api_fail(r, GX_EDB, NULL);
	}
}

void api_req_release(struct api_req *r)
{
	if (r->stream.done)
		r->stream.done(r->stream.ctx);
	memset(&r->stream, 0, sizeof r->stream);
	if (r->events.done)
		r->events.done(r->events.ctx);
	memset(&r->events, 0, sizeof r->events);
	json_decref(r->json);
	json_decref(r->resp);
	free(r->out);
	r->json = r->resp = NULL;
	r->out = NULL;
}
