/* custom_fields.h - extension fields (CUS-3): administrators define extra
 * fields per customer type and for contacts (text, number, date, choice)
 * without a code change. Values are validated here, stored as a JSON
 * object in their record, written to history like built-in fields, and
 * indexed for exact search when the field is searchable. */
#ifndef GX_DOMAIN_CUSTOM_FIELDS_H
#define GX_DOMAIN_CUSTOM_FIELDS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "domain/perm.h"
#include "lib/err.h"
#include "store/custom_fields.h"

/* Every definition (disabled ones too, for the admin page); any reader of
 * customers may list them, the forms are built from them. */
int cfield_list(const struct principal *who, struct custom_field *out, int max, int *n);

/* Defines a field from a JSON object (key, label, kind, choices,
 * applies_to, required, searchable, sort); needs settings.manage. */
int cfield_create(const struct principal *who, json_t *fields, struct custom_field *out,
		  struct verr *v);

/* Changes a definition (not its key) if version is current; needs
 * settings.manage. Changing searchable rebuilds the field's index. */
int cfield_update(const struct principal *who, int64_t id, int64_t version, json_t *fields,
		  struct custom_field *out, struct verr *v);

/* The values of a record after applying in (a JSON object of key: value,
 * null to clear; NULL for no change) onto current (the stored JSON text,
 * NULL or "" for none) for a record of target ("individual"... or
 * "contact"). Checks kinds, choices and required fields; errors are named
 * "ext.KEY". Writes compact JSON with sorted keys into out. */
int cfield_apply(struct db *db, const char *target, json_t *in, const char *current,
		 char *out, size_t cap, struct verr *v);

/* True if the field applies to contacts only, not to any customer type. */
bool cfield_only_contacts(const struct custom_field *f);

/* The display text of one stored value (numbers without trailing zeros),
 * for history and exports. */
void cfield_value_text(json_t *val, char *out, size_t cap);

#endif
