/* regions.h - the GB/T 2260 administrative divisions (provinces, cities,
 * districts) in the regions table.
 *
 * The rows come from regions_data[] (src/store/regions_data.c, generated
 * by tools/gen-regions.mjs from the china-division package and committed);
 * store_regions_sync() writes them into the table whenever the table does
 * not hold exactly that many rows, so a new build with updated data
 * refreshes existing databases at their next migration. */
#ifndef GX_STORE_REGIONS_H
#define GX_STORE_REGIONS_H

#include <stddef.h>
#include <stdint.h>

struct db;

#define REGION_CODE_LEN 7   /* six digits and the NUL */
#define REGION_NAME_LEN 64
#define REGION_FULL_LEN 192
#define REGION_CHILDREN_MAX 64 /* most children of one region (checked by the generator) */

/* One generated row. parent is "" for a province. */
struct region_row {
	char code[REGION_CODE_LEN];
	const char *name;
	char parent[REGION_CODE_LEN];
	int level; /* 1 province, 2 city, 3 district */
	const char *full_name;
};

extern const struct region_row regions_data[];
extern const size_t regions_data_count;

struct region_rec {
	char code[REGION_CODE_LEN];
	char name[REGION_NAME_LEN];
	char parent_code[REGION_CODE_LEN]; /* "" for a province */
	int level;
	char full_name[REGION_FULL_LEN];
	int children; /* number of regions whose parent this is */
};

/* Rewrites the table from regions_data[] unless it already holds as many
 * rows; in its own write transaction. 0 or GX_EDB. */
int store_regions_sync(struct db *db);

/* 0 or GX_ENOTFOUND. */
int store_region_get(struct db *db, const char *code, struct region_rec *out);

/* The children of parent in code order ("" or NULL: the provinces), at
 * most max. */
int store_region_children(struct db *db, const char *parent, struct region_rec *out,
			  int max, int *n);

#endif
