/* session.c - sign-in, the current session, sign-out, own password,
 * password reset with a token. */
#include "api/api.h"
#include "api/render.h"
#include "domain/auth.h"
#include "domain/users.h"

#include <stdio.h>

static int session_cookie(struct api_req *r, const char *value, bool clear)
{
	snprintf(r->set_cookie, sizeof r->set_cookie,
		 "%s=%s; Path=/; HttpOnly; SameSite=Strict%s", API_COOKIE_NAME,
		 value, clear ? "; Max-Age=0" : "");
	return 0;
}

static int session_body(struct api_req *r, int status, const struct user_rec *u,
			const char *csrf)
{
	json_t *user = render_user(u);

	if (!user)
		return api_fail(r, GX_EDB, NULL);
	return api_json(r, status, json_pack("{s:o,s:s}", "user", user,
					     "csrf_token", csrf));
}

static int session_create(struct api_req *r)
{
	static const struct api_field spec[] = {
		{"username", FT_STRING, true, 1, 64},
		{"password", FT_STRING, true, 1, 256},
		{0},
	};
	struct verr v = {0};
	struct sign_in s;
	int rc;

	if (api_check_body(r, spec, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	rc = auth_sign_in(api_str(r, "username"), api_str(r, "password"), r->ip, &s);
	if (rc == GX_EAUTH)
		return api_error(r, 401, "bad_credentials", "用户名或密码错误");
	if (rc != 0)
		return api_fail(r, rc, NULL);
	/* The new session is the principal from here on. */
	rc = auth_session(s.session, r->ip, &r->who);
	if (rc != 0)
		return api_fail(r, rc, NULL);
	session_cookie(r, s.session, false);
	return session_body(r, 200, &s.user, s.csrf);
}

static int session_get(struct api_req *r)
{
	struct user_rec u;
	int rc;

	if (r->who.via_token)
		return api_error(r, 400, "bad_request", "API 令牌没有会话");
	if ((rc = users_get(&r->who, r->who.user_id, &u)) != 0)
		return api_fail(r, rc, NULL);
	return session_body(r, 200, &u, r->who.csrf);
}

static int session_delete(struct api_req *r)
{
	int rc = auth_sign_out(&r->who);

	if (rc != 0)
		return api_fail(r, rc, NULL);
	session_cookie(r, "", true);
	return api_empty(r, 204);
}

static int me_get(struct api_req *r)
{
	struct user_rec u;
	json_t *body;
	int rc;

	if ((rc = users_get(&r->who, r->who.user_id, &u)) != 0)
		return api_fail(r, rc, NULL);
	if (!(body = render_user(&u)))
		return api_fail(r, GX_EDB, NULL);
	return api_json(r, 200, body);
}

static int me_password(struct api_req *r)
{
	static const struct api_field spec[] = {
		{"current_password", FT_STRING, true, 1, 256},
		{"new_password", FT_STRING, true, 1, 256},
		{0},
	};
	struct verr v = {0};
	int rc;

	if (api_check_body(r, spec, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	rc = auth_change_password(&r->who, api_str(r, "current_password"),
				  api_str(r, "new_password"), &v);
	if (rc != 0)
		return api_fail(r, rc, &v);
	return api_empty(r, 204);
}

static int reset_redeem(struct api_req *r)
{
	static const struct api_field spec[] = {
		{"token", FT_STRING, true, 1, 128},
		{"new_password", FT_STRING, true, 1, 256},
		{0},
	};
	struct verr v = {0};
	int rc;

	if (api_check_body(r, spec, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	rc = auth_reset_redeem(api_str(r, "token"), api_str(r, "new_password"),
			       r->ip, &v);
	if (rc != 0)
		return api_fail(r, rc, &v);
	return api_empty(r, 204);
}

const struct api_route api_session_routes[] = {
	{"POST", "/api/v1/session", session_create, ROUTE_PUBLIC | ROUTE_JSON, 0},
	{"GET", "/api/v1/session", session_get, 0, 0},
	{"DELETE", "/api/v1/session", session_delete, 0, 0},
	{"GET", "/api/v1/users/me", me_get, 0, 0},
	{"POST", "/api/v1/users/me/password", me_password, ROUTE_JSON, 0},
	{"POST", "/api/v1/password-resets", reset_redeem, ROUTE_PUBLIC | ROUTE_JSON, 0},
	{0},
};
