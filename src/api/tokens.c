/* tokens.c - /api/v1/tokens: the signed-in user's API tokens. */
#include "api/api.h"
#include "domain/auth.h"

#define TOKENS_LIST_MAX 100

static json_t *token_json(const struct token_rec *t)
{
	return json_pack("{s:I,s:s,s:s,s:o,s:o}", "id", (json_int_t)t->id,
			 "name", t->name, "prefix", t->prefix,
			 "created_at", api_time(t->created_at),
			 "last_used_at", api_time(t->last_used_at));
}

static int tokens_post(struct api_req *r)
{
	static const struct api_field spec[] = {
		{"name", FT_STRING, false, 1, 60},
		{0},
	};
	struct token_rec t;
	struct verr v = {0};
	char secret[TOKEN_MAX];
	json_t *body;
	int rc;

	if (r->json && api_check_body(r, spec, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	rc = auth_token_create(&r->who, r->json ? api_str(r, "name") : NULL, &t, secret);
	if (rc != 0)
		return api_fail(r, rc, NULL);
	body = token_json(&t);
	json_object_set_new(body, "token", json_string(secret));
	return api_json(r, 201, body);
}

static int tokens_get(struct api_req *r)
{
	struct token_rec tokens[TOKENS_LIST_MAX];
	json_t *items;
	int n, rc;

	if ((rc = auth_token_list(&r->who, tokens, TOKENS_LIST_MAX, &n)) != 0)
		return api_fail(r, rc, NULL);
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, token_json(&tokens[i]));
	return api_page(r, items, false, 0);
}

static int tokens_delete(struct api_req *r)
{
	int rc = auth_token_revoke(&r->who, r->id);

	return rc ? api_fail(r, rc, NULL) : api_empty(r, 204);
}

const struct api_route api_tokens_routes[] = {
	{"POST", "/api/v1/tokens", tokens_post, 0, 0},
	{"GET", "/api/v1/tokens", tokens_get, 0, 0},
	{"DELETE", "/api/v1/tokens/{id}", tokens_delete, 0, 0},
	{0},
};
