#include "domain/customer_merge.h"
#include "domain/customers_impl.h"
#include "lib/clock.h"
#include "lib/cnid.h"
#include "lib/secret.h"
#include "store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The probe for the fields of a customer being entered. */
static void probe_of(json_t *fields, char (*phones)[CUST_PHONE_LEN], struct customer_probe *p)
{
	const char *type = json_string_value(json_object_get(fields, "type"));
	const char *id = json_string_value(json_object_get(fields, "id_number"));
	json_t *list = json_object_get(fields, "phones"), *it;
	char norm[24];
	size_t i;

	p->phones = (const char (*)[CUST_PHONE_LEN])phones;
	json_array_foreach(list, i, it)
		if (p->nphones < CUST_PHONES_MAX && json_is_string(it) &&
		    cnid_phone(json_string_value(it), phones[p->nphones], CUST_PHONE_LEN))
			p->nphones++;
	if (id && (cnid_resident(id, norm, sizeof norm) || cnid_credit_code(id, norm, sizeof norm))) {
		secret_index(norm, p->index);
		p->has_index = true;
	}
	p->name = json_string_value(json_object_get(fields, "name"));
	p->company = json_string_value(json_object_get(fields, "company"));
	p->organisation = type && strcmp(type, "individual");
}

int customers_duplicates(const struct principal *who, json_t *fields, int64_t exclude_id,
			 struct customer_dup *out, int max, int *n, int *hidden)
{
	char phones[CUST_PHONES_MAX][CUST_PHONE_LEN];
	struct customer_probe p = {.exclude_id = exclude_id};
	struct customer_rec *c = malloc(sizeof *c);
	int64_t ids[CUST_DUPS_MAX * 2];
	unsigned why[CUST_DUPS_MAX * 2];
	int found = 0, rc;
	struct db *db;

	*n = *hidden = 0;
	if (!c)
		return GX_ENOMEM;
	if (!(db = principal_db(who, PERM_CUSTOMER_READ, &rc)))
		goto out;
	probe_of(fields, phones, &p);
	if ((rc = store_customer_duplicates(db, &p, ids, why, CUST_DUPS_MAX * 2, &found)) != 0)
		goto out;
	for (int i = 0; i < found; i++) {
		if (cust_load(db, who, ids[i], false, c) != 0) {
			(*hidden)++;
			continue;
		}
		if (*n >= max)
			continue;
		out[*n].id = c->id;
		out[*n].why = why[i];
		snprintf(out[*n].name, sizeof out[*n].name, "%s", c->name);
		snprintf(out[(*n)++].company, sizeof out->company, "%s", c->company);
	}
out:
	free(c);
	return rc;
}

/* "#12 张三", how one customer names the other in its history. */
static void label_of(const struct customer_rec *c, char *out, size_t cap)
{
	snprintf(out, cap, "#%lld %s", (long long)c->id, c->name);
}

/* The writes of one merge, in the caller's transaction. */
static int merge_tx(struct db *db, const struct principal *who, struct customer_rec *into,
		    const struct customer_rec *before, struct customer_rec *from)
{
	char into_label[CUST_TEXT_LEN + 24], from_label[CUST_TEXT_LEN + 24];
	int64_t now = clock_now_ms();
	int rc;

	label_of(into, into_label, sizeof into_label);
	label_of(from, from_label, sizeof from_label);
	from->deleted_at = now;
	from->merged_into = into->id;
	if ((rc = store_customer_update(db, into, now)) != 0 ||
	    (rc = cust_write_history(db, who, "update", before, into)) != 0 ||
	    (rc = cust_history_note(db, who, into->id, "update", "merged_from", NULL,
				    from_label)) != 0 ||
	    (rc = store_customer_update(db, from, now)) != 0 ||
	    (rc = cust_history_note(db, who, from->id, "update", "merged_into", NULL,
				    into_label)) != 0 ||
	    (rc = cust_history_note(db, who, from->id, "delete", "deleted", "false",
				    "true")) != 0)
		return rc;
	return store_customer_move_children(db, from->id, into->id);
}

int customers_merge(const struct principal *who, int64_t id, int64_t version, int64_t from,
		    struct customer_rec *out, struct customer_view *view, struct verr *v)
{
	struct customer_rec *before = malloc(sizeof *before), *other = malloc(sizeof *other);
	struct db *db;
	int rc;

	if (!before || !other) {
		rc = GX_ENOMEM;
		goto out;
	}
	if (!(db = principal_db(who, PERM_CUSTOMER_MERGE, &rc)) ||
	    (rc = cust_load(db, who, id, false, before)) != 0)
		goto out;
	if (from == id) {
		rc = verr_add(v, "from", "不能与自己合并");
		goto out;
	}
	if (cust_load(db, who, from, false, other) != 0) {
		rc = verr_add(v, "from", "要合并的客户不存在或已删除");
		goto out;
	}
	*out = *before;
	cust_absorb(out, other);
	out->version = version;
	if ((rc = db_begin(db, true)) != 0)
		goto out;
	if ((rc = merge_tx(db, who, out, before, other)) != 0 || (rc = db_commit(db)) != 0) {
		db_rollback(db);
		goto out;
	}
	if ((rc = cust_load(db, who, id, false, out)) == 0)
		rc = cust_fill_views(db, who, out, view, 1, "merge");
out:
	free(before);
	free(other);
	return rc;
}
