/* fields.h - copying one field of a JSON object the client sent into a
 * record, with the checks every text or choice field shares; each failure
 * is a field error in v (Chinese message) and leaves dst as it was. */
#ifndef GX_DOMAIN_FIELDS_H
#define GX_DOMAIN_FIELDS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "lib/err.h"

/* A string of at most max characters without control characters (line
 * breaks allowed when multiline; a single line may not be blank). */
void field_text(json_t *val, const char *field, size_t max, bool multiline, char *dst,
		size_t cap, struct verr *v);

/* A string that is one of choices (NULL-terminated). */
void field_choice(json_t *val, const char *field, const char *const *choices, char *dst,
		  size_t cap, struct verr *v);

#endif
