/* audit.c - GET /api/v1/audit: the audit log, newest first. */
#include "api/api.h"
#include "domain/audit.h"

#include <stdio.h>
#include <stdlib.h>

static json_t *audit_json(const struct audit_rec *a)
{
	json_t *detail = json_loads(a->detail, 0, NULL);

	if (!detail)
		detail = json_string(a->detail);
	return json_pack("{s:I,s:o,s:s,s:s,s:s,s:o,s:s}", "id", (json_int_t)a->id,
			 "at", api_time(a->at), "actor", a->actor, "action", a->action,
			 "target", a->target, "detail", detail, "ip", a->ip);
}

static int audit_get(struct api_req *r)
{
	struct audit_rec *rows;
	struct verr v = {0};
	json_t *items;
	int64_t before;
	int limit, n, rc;

	if (api_paging(r, &limit, &before, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	if (!(rows = calloc((size_t)limit + 1, sizeof *rows)))
		return api_fail(r, GX_ENOMEM, NULL);
	if ((rc = audit_list(&r->who, before, limit + 1, rows, &n)) != 0) {
		free(rows);
		return api_fail(r, rc, NULL);
	}
	items = json_array();
	for (int i = 0; i < n && i < limit; i++)
		json_array_append_new(items, audit_json(&rows[i]));
	int64_t cursor = n > limit ? rows[limit - 1].id : 0;
	free(rows);
	return api_page(r, items, n > limit, cursor);
}

const struct api_route api_audit_routes[] = {
	{"GET", "/api/v1/audit", audit_get, 0, 0},
	{0},
};
