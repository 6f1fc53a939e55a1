#include "api/render.h"
#include "api/api.h"
#include "domain/users.h"

json_t *render_user(const struct principal *who, const struct user_rec *u)
{
	char perms[PERMS_MAX][PERM_NAME_MAX];
	json_t *roles = json_array(), *plist = json_array(), *team;
	int n;

	if (users_permissions(who, u->id, perms, &n) != 0)
		n = 0;
	for (int i = 0; i < u->nroles; i++)
		json_array_append_new(roles, json_string(u->roles[i]));
	for (int i = 0; i < n; i++)
		json_array_append_new(plist, json_string(perms[i]));
	team = u->team_id ? json_pack("{s:I,s:s}", "id", (json_int_t)u->team_id,
				      "name", u->team_name)
			  : json_null();
	return json_pack("{s:I,s:s,s:s,s:o,s:o,s:o,s:i,s:b,s:o,s:o,s:I}",
			 "id", (json_int_t)u->id, "username", u->username,
			 "display_name", u->display_name, "roles", roles,
			 "permissions", plist, "team", team, "level", u->level,
			 "disabled", u->disabled, "created_at", api_time(u->created_at),
			 "updated_at", api_time(u->updated_at),
			 "version", (json_int_t)u->version);
}
