#include "domain/regions.h"
#include "store/db.h"

#include <stdio.h>
#include <string.h>

static bool code_ok(const char *s)
{
	return s && strlen(s) == 6 && strspn(s, "0123456789") == 6;
}

int regions_children(const char *parent, struct region_rec *out, int *n, struct verr *v)
{
	struct region_rec p;
	struct db *db = db_get();
	int rc;

	*n = 0;
	if (!db)
		return GX_EDB;
	if (parent && *parent) {
		if (!code_ok(parent))
			return verr_add(v, "parent", "应为 6 位行政区划代码");
		if ((rc = store_region_get(db, parent, &p)) == GX_ENOTFOUND)
			return verr_add(v, "parent", "行政区划代码 %s 不存在", parent);
		if (rc != 0)
			return rc;
	}
	return store_region_children(db, parent, out, REGION_CHILDREN_MAX, n);
}

int regions_path(const char *code, struct region_rec path[3], int *depth)
{
	struct region_rec r;
	struct db *db = db_get();
	int rc;

	*depth = 0;
	if (!db)
		return GX_EDB;
	if (!code_ok(code))
		return GX_ENOTFOUND;
	if ((rc = store_region_get(db, code, &r)) != 0)
		return rc;
	*depth = r.level;
	/* Levels are 1..3 and each parent is one level up. */
	for (int i = r.level - 1; i >= 0; i--) {
		path[i] = r;
		if (i && (rc = store_region_get(db, r.parent_code, &r)) != 0)
			return rc == GX_ENOTFOUND ? GX_EDB : rc;
	}
	return 0;
}

/* Checks one level: code is a region of that level under parent (a
 * region of the level above, "" for a province). Whether it lies in its
 * parent is only asked when the parent itself passed (parent_ok). */
static int check_level(struct db *db, const char *field, const char *code, int level,
		       const char *parent, bool parent_ok, const char *parent_field,
		       struct verr *v)
{
	static const char *const what[] = {"", "省份", "城市", "区县"};
	struct region_rec r;
	int rc;

	if (!*code)
		return 0;
	if (!code_ok(code))
		return verr_add(v, field, "应为 6 位行政区划代码");
	if ((rc = store_region_get(db, code, &r)) != 0 && rc != GX_ENOTFOUND)
		return rc;
	if (rc == GX_ENOTFOUND || r.level != level)
		return verr_add(v, field, "行政区划代码 %s 不是有效的%s", code, what[level]);
	if (level > 1 && !*parent)
		return verr_add(v, parent_field, "选择%s时须先选择%s", what[level], what[level - 1]);
	if (level > 1 && parent_ok && strcmp(r.parent_code, parent) != 0)
		return verr_add(v, field, "%s不属于所选%s", r.name, what[level - 1]);
	return 0;
}

int regions_check(const char *province, const char *city, const char *district,
		  struct verr *v)
{
	struct db *db = db_get();
	size_t before = v->n;
	int p, c, d;

	if (!db)
		return GX_EDB;
	p = check_level(db, "province", province, 1, "", true, "", v);
	c = check_level(db, "city", city, 2, province, p == 0, "province", v);
	d = check_level(db, "district", district, 3, city, c == 0, "city", v);
	if (p == GX_EDB || c == GX_EDB || d == GX_EDB)
		return GX_EDB;
	return v->n > before ? GX_EINVAL : 0;
}

void regions_names(const char *province, const char *city, const char *district,
		   char *out, size_t cap)
{
	const char *codes[] = {district, city, province};
	struct region_rec r;
	struct db *db = db_get();

	out[0] = '\0';
	for (size_t i = 0; db && i < sizeof codes / sizeof *codes; i++)
		if (codes[i] && *codes[i] && store_region_get(db, codes[i], &r) == 0) {
			snprintf(out, cap, "%s", r.full_name);
			return;
		}
}
