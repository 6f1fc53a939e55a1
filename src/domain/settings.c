#include "domain/settings.h"
#include "domain/audit.h"
#include "lib/clock.h"
#include "store/db.h"
#include "store/settings.h"

#include <string.h>

static const struct setting {
	const char *key;
	bool fallback;
} known[] = {
	{"customer.review", false},
};

static const struct setting *find(const char *key)
{
	for (size_t i = 0; i < sizeof known / sizeof *known; i++)
		if (!strcmp(known[i].key, key))
			return &known[i];
	return NULL;
}

bool settings_flag(struct db *db, const char *key)
{
	const struct setting *s = find(key);
	char val[16];

	if (store_setting_get(db, key, val, sizeof val) != 0)
		return s && s->fallback;
	return !strcmp(val, "true");
}

int settings_get_all(const struct principal *who, json_t **out)
{
	struct db *db = db_get();

	(void)who; /* any signed-in user: the UI needs them to know what to show */
	*out = NULL;
	if (!db)
		return GX_EDB;
	*out = json_object();
	for (size_t i = 0; i < sizeof known / sizeof *known; i++)
		json_object_set_new(*out, known[i].key,
				    json_boolean(settings_flag(db, known[i].key)));
	return 0;
}

int settings_update(const struct principal *who, json_t *fields, struct verr *v)
{
	const char *key;
	json_t *val;
	struct db *db;
	int rc;

	if (!(db = principal_db(who, PERM_SETTINGS_MANAGE, &rc)))
		return rc;
	if (!json_is_object(fields) || !json_object_size(fields))
		return verr_add(v, "settings", "没有要修改的设置");
	json_object_foreach(fields, key, val) {
		if (!find(key))
			verr_add(v, key, "没有这项设置");
		else if (!json_is_boolean(val))
			verr_add(v, key, "应为 true 或 false");
	}
	if (v->n)
		return GX_EINVAL;
	if ((rc = db_begin(db, true)) != 0)
		return rc;
	json_object_foreach(fields, key, val)
		if ((rc = store_setting_set(db, key, json_is_true(val) ? "true" : "false",
					    clock_now_ms())) != 0)
			break;
	if (rc == 0)
		rc = audit_append(db, who, NULL, "settings.update", "settings", fields);
	if (rc == 0)
		rc = db_commit(db);
	if (rc != 0)
		db_rollback(db);
	return rc;
}
