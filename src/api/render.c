#include "api/render.h"
#include "api/api.h"

#include <string.h>

/* A JSON array of the items of a comma list. */
static json_t *csv_array(const char *csv)
{
	json_t *a = json_array();

	while (*csv) {
		size_t n = strcspn(csv, ",");
		json_array_append_new(a, json_stringn(csv, n));
		csv += n + (csv[n] == ',');
	}
	return a;
}

json_t *render_user(const struct user_rec *u)
{
	json_t *roles = json_array(), *team;

	for (int i = 0; i < u->nroles; i++)
		json_array_append_new(roles, json_string(u->roles[i]));
	team = u->team_id ? json_pack("{s:I,s:s}", "id", (json_int_t)u->team_id,
				      "name", u->team_name)
			  : json_null();
	return json_pack("{s:I,s:s,s:s,s:o,s:o,s:o,s:i,s:b,s:o,s:o,s:I}",
			 "id", (json_int_t)u->id, "username", u->username,
			 "display_name", u->display_name, "roles", roles,
			 "permissions", csv_array(u->permissions), "team", team,
			 "level", u->level, "disabled", u->disabled,
			 "created_at", api_time(u->created_at),
			 "updated_at", api_time(u->updated_at),
			 "version", (json_int_t)u->version);
}

json_t *render_change(const struct customer_change *h)
{
	return json_pack("{s:I,s:I,s:o,s:s,s:s,s:s,s:o,s:o,s:o}",
		"id", (json_int_t)h->id, "customer_id", (json_int_t)h->customer_id,
		"at", api_time(h->at), "actor", h->actor,
		"action", h->action, "field", h->field,
		"old", h->old_null ? json_null() : json_string(h->old_value),
		"new", h->new_null ? json_null() : json_string(h->new_value),
		"contact", h->contact_id ? json_pack("{s:I,s:s}", "id", (json_int_t)h->contact_id,
						     "name", h->contact_name)
					 : json_null());
}
