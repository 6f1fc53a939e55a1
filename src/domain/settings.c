#include "domain/settings.h"
#include "domain/audit.h"
#include "lib/clock.h"
#include "store/db.h"
#include "store/settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A flag (max 0) or a whole number from min to max. */
static const struct setting {
	const char *key;
	int64_t fallback, min, max;
} known[] = {
	{"customer.review", 0, 0, 0},
	{"ticket.escalate_after_minutes", 60, 1, 7 * 24 * 60},
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

int64_t settings_number(struct db *db, const char *key)
{
	const struct setting *s = find(key);
	char val[24], *end;
	long long n;

	if (!s)
		return 0;
	if (store_setting_get(db, key, val, sizeof val) != 0)
		return s->fallback;
	n = strtoll(val, &end, 10);
	return *end || n < s->min || n > s->max ? s->fallback : n;
}

static json_t *setting_json(struct db *db, const struct setting *s)
{
	return s->max ? json_integer(settings_number(db, s->key))
		      : json_boolean(settings_flag(db, s->key));
}

/* A message if val does not suit s. */
static const char *setting_check(const struct setting *s, json_t *val)
{
	static char msg[64];

	if (!s->max)
		return json_is_boolean(val) ? NULL : "应为 true 或 false";
	if (json_is_integer(val) && json_integer_value(val) >= s->min &&
	    json_integer_value(val) <= s->max)
		return NULL;
	snprintf(msg, sizeof msg, "应为 %lld 到 %lld 的整数", (long long)s->min,
		 (long long)s->max);
	return msg;
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
		json_object_set_new(*out, known[i].key, setting_json(db, &known[i]));
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
		const struct setting *s = find(key);
		const char *msg;
		if (!s)
			verr_add(v, key, "没有这项设置");
		else if ((msg = setting_check(s, val)))
			verr_add(v, key, "%s", msg);
	}
	if (v->n)
		return GX_EINVAL;
	if ((rc = db_begin(db, true)) != 0)
		return rc;
	json_object_foreach(fields, key, val) {
		char text[24];
		if (json_is_integer(val))
			snprintf(text, sizeof text, "%lld", (long long)json_integer_value(val));
		else
			snprintf(text, sizeof text, "%s", json_is_true(val) ? "true" : "false");
		if ((rc = store_setting_set(db, key, text, clock_now_ms())) != 0)
			break;
	}
	if (rc == 0)
		rc = audit_append(db, who, NULL, "settings.update", "settings", fields);
	if (rc == 0)
		rc = db_commit(db);
	if (rc != 0)
		db_rollback(db);
	return rc;
}
