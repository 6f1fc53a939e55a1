/* dictionaries.h - storage of the administrator-maintained lists (CUS-4):
 * their kinds and their items. Rules live in domain/dictionaries.c. */
#ifndef GX_STORE_DICTIONARIES_H
#define GX_STORE_DICTIONARIES_H

#include <stdbool.h>
#include <stdint.h>

struct db;

#define DICT_KIND_LEN 32
#define DICT_CODE_LEN 40    /* 32 characters of [a-z0-9_.-] */
#define DICT_LABEL_LEN 152  /* 50 characters of up to 3 bytes */
#define DICT_KINDS_MAX 32

struct dict_kind {
	char kind[DICT_KIND_LEN];
	char label[DICT_LABEL_LEN];
	char label_en[DICT_LABEL_LEN];
	bool tree; /* items may have a parent */
};

struct dict_item {
	char kind[DICT_KIND_LEN];
	char code[DICT_CODE_LEN];
	char label[DICT_LABEL_LEN];
	char parent_code[DICT_CODE_LEN]; /* "" for none */
	int64_t sort;
	bool enabled;
	int64_t updated_at;
};

/* Kinds in display order. */
int store_dict_kinds(struct db *db, struct dict_kind *out, int max, int *n);
/* 0 or GX_ENOTFOUND. */
int store_dict_kind_get(struct db *db, const char *kind, struct dict_kind *out);

/* Items of a kind by sort then code, the disabled ones too when
 * with_disabled; at most max. */
int store_dict_items(struct db *db, const char *kind, bool with_disabled,
		     struct dict_item *out, int max, int *n);
/* 0 or GX_ENOTFOUND. */
int store_dict_get(struct db *db, const char *kind, const char *code, struct dict_item *out);

/* GX_ECONFLICT if the code is taken in that kind. */
int store_dict_insert(struct db *db, const struct dict_item *it);
/* Writes label, parent, sort, enabled and updated_at. GX_ENOTFOUND if absent. */
int store_dict_update(struct db *db, const struct dict_item *it);
/* GX_ENOTFOUND if absent. */
int store_dict_delete(struct db *db, const char *kind, const char *code);

/* Number of items whose parent is code. */
int store_dict_children(struct db *db, const char *kind, const char *code, int *n);
/* True if another item (not except_code) under the same parent ("" for
 * the top) has this label. */
int store_dict_label_taken(struct db *db, const char *kind, const char *parent,
			   const char *label, const char *except_code, bool *taken);

#endif
