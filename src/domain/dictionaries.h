/* dictionaries.h - administrator-maintained lists (CUS-4): industries,
 * customer sources, salutations, job titles, departments, ticket
 * categories (a tree) and the like, each a kind with coded items.
 *
 * Any signed-in user reads them; creating, changing and deleting items
 * needs dictionary.manage, and every change is audited. Items that are in
 * use are disabled rather than deleted: records keep their label. */
#ifndef GX_DOMAIN_DICTIONARIES_H
#define GX_DOMAIN_DICTIONARIES_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/perm.h"
#include "lib/err.h"
#include "store/dictionaries.h"

#define DICT_ITEMS_MAX 2000 /* most items one kind may hold */

/* Fields of an item; only the has_* ones change on update (code and
 * label are required on create). Strings are borrowed. */
struct dict_input {
	const char *code, *label, *parent_code; /* parent_code NULL or "": none */
	bool has_label, has_parent, has_sort, has_enabled;
	int64_t sort;
	bool enabled;
};

int dictionaries_kinds(const struct principal *who, struct dict_kind *out, int max, int *n);

/* Items of kind by sort then code, disabled ones too when with_disabled.
 * out holds DICT_ITEMS_MAX. GX_ENOTFOUND for an unknown kind. */
int dictionaries_list(const struct principal *who, const char *kind, bool with_disabled,
		      struct dict_item *out, int *n);

/* v may arrive holding the caller's errors; nothing is written unless it
 * ends empty. GX_ECONFLICT (with a field error on code) if the code is
 * taken. */
int dictionaries_create(const struct principal *who, const char *kind,
			const struct dict_input *in, struct dict_item *out, struct verr *v);
int dictionaries_update(const struct principal *who, const char *kind, const char *code,
			const struct dict_input *in, struct dict_item *out, struct verr *v);
/* GX_ECONFLICT while the item has children. */
int dictionaries_delete(const struct principal *who, const char *kind, const char *code);

#endif
