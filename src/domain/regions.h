/* regions.h - GB/T 2260 administrative divisions (CUS-1): browsing them,
 * checking the province / city / district codes of an address, and the
 * names people read for them.
 *
 * Regions are public reference data: any signed-in user may read them,
 * so these functions take no principal (the dispatcher has authenticated
 * the caller). */
#ifndef GX_DOMAIN_REGIONS_H
#define GX_DOMAIN_REGIONS_H

#include <stddef.h>

#include "lib/err.h"
#include "store/regions.h"

/* The children of parent in code order, or the provinces when parent is
 * NULL or "". out holds REGION_CHILDREN_MAX. An unknown or malformed
 * parent is a field error on "parent" (GX_EINVAL). */
int regions_children(const char *parent, struct region_rec *out, int *n, struct verr *v);

/* The region and its ancestors, province first: path[0..*depth), the last
 * being code itself. GX_ENOTFOUND for an unknown code. */
int regions_path(const char *code, struct region_rec path[3], int *depth);

/* Checks an address's codes ("" for none): each must be a region of its
 * level, a city must lie in the province, a district in the city, and a
 * lower level needs the one above it. Adds Chinese field errors to v and
 * returns GX_EINVAL, or 0; GX_EDB if the table cannot be read. */
int regions_check(const char *province, const char *city, const char *district,
		  struct verr *v);

/* "广东省 深圳市 南山区": the full name of the most precise of the codes
 * that is known, "" when none is. */
void regions_names(const char *province, const char *city, const char *district,
		   char *out, size_t cap);

#endif
