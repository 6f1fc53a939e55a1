/* custom_fields.h - storage of extension field definitions (CUS-3) and
 * the index of their searchable values. The values themselves live in
 * the ext JSON column of their record. */
#ifndef GX_STORE_CUSTOM_FIELDS_H
#define GX_STORE_CUSTOM_FIELDS_H

#include <stdbool.h>
#include <stdint.h>

struct db;

#define CFIELD_MAX 64
#define CFIELD_KEY_LEN 40
#define CFIELD_CHOICES_LEN 2048

struct custom_field {
	int64_t id;
	char key[CFIELD_KEY_LEN];
	char label[160];
	char kind[8];                     /* text, number, date, choice */
	char choices[CFIELD_CHOICES_LEN]; /* JSON array of strings */
	char applies_to[128];             /* JSON array of types, "contact" */
	bool required, searchable, enabled;
	int sort;
	int64_t created_at, version;
};

/* All definitions, enabled or not, by sort then id. */
int store_cfield_list(struct db *db, struct custom_field *out, int max, int *n);

/* 0 or GX_ENOTFOUND. */
int store_cfield_get(struct db *db, int64_t id, struct custom_field *out);

/* Sets f->id and f->version; GX_ECONFLICT if the key is taken. */
int store_cfield_insert(struct db *db, struct custom_field *f);

/* Writes f if its version is current (GX_EVERSION otherwise), then bumps
 * it. The key never changes. */
int store_cfield_update(struct db *db, struct custom_field *f);

/* Rebuilds the value index of one field over every customer: emptied, and
 * filled again when searchable. */
int store_cfield_reindex(struct db *db, const char *key, bool searchable);

#endif
