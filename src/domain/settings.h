/* settings.h - system settings that administrators switch (e.g. the
 * maker-checker review of customer records, CUS-6). The known settings
 * are a table in settings.c: each has a key, a kind and a default. */
#ifndef GX_DOMAIN_SETTINGS_H
#define GX_DOMAIN_SETTINGS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/perm.h"
#include "lib/err.h"

struct db;

/* Every known setting as a JSON object {key: value}; new reference owned
 * by the caller. Any signed-in user may read them. */
int settings_get_all(const struct principal *who, json_t **out);

/* Sets the settings named in fields (an object of key: value); needs
 * settings.manage. Unknown keys and wrong types are field errors and
 * change nothing. Audited. */
int settings_update(const struct principal *who, json_t *fields, struct verr *v);

/* The boolean setting key on db, its default if unset or unreadable. */
bool settings_flag(struct db *db, const char *key);

/* The number setting key on db (ticket.escalate_after_minutes), its
 * default if unset or out of range; 0 for an unknown key. */
int64_t settings_number(struct db *db, const char *key);

#endif
