#include "store/contacts.h"
#include "store/db.h"
#include "lib/err.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONTACT_COLS                                                         \
	"id, customer_id, name, title, department, salutation, phones, email," \
	" decision_role, remarks, coalesce(created_by, 0), created_at,"      \
	" updated_at, version "

static void contact_from_row(sqlite3_stmt *st, void *row)
{
	struct contact_rec *c = row;

	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(st, 0);
	c->customer_id = sqlite3_column_int64(st, 1);
	db_col_text(st, 2, c->name, sizeof c->name);
	db_col_text(st, 3, c->title, sizeof c->title);
	db_col_text(st, 4, c->department, sizeof c->department);
	db_col_text(st, 5, c->salutation, sizeof c->salutation);
	db_list_read((const char *)sqlite3_column_text(st, 6), c->phones[0], CUST_PHONE_LEN,
		     CONTACT_PHONES_MAX, &c->nphones);
	db_col_text(st, 7, c->email, sizeof c->email);
	db_col_text(st, 8, c->decision_role, sizeof c->decision_role);
	db_col_text(st, 9, c->remarks, sizeof c->remarks);
	c->created_by = sqlite3_column_int64(st, 10);
	c->created_at = sqlite3_column_int64(st, 11);
	c->updated_at = sqlite3_column_int64(st, 12);
	c->version = sqlite3_column_int64(st, 13);
}

int store_contact_get(struct db *db, int64_t id, struct contact_rec *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " CONTACT_COLS "FROM contacts WHERE id = ?");

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, id);
	return db_row(st, contact_from_row, out);
}

int store_contacts_of(struct db *db, int64_t customer_id, struct contact_rec *out,
		      int max, int *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " CONTACT_COLS "FROM contacts"
				       " WHERE customer_id = ? ORDER BY id LIMIT ?");

	*n = 0;
	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, customer_id);
	sqlite3_bind_int(st, 2, max);
	return db_rows(st, contact_from_row, out, sizeof *out, max, n);
}

int store_contacts_count(struct db *db, int64_t customer_id, int *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM contacts WHERE customer_id = ?");
	int rc;

	*n = 0;
	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, customer_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : GX_EDB;
}

/* Binds the editable columns by name (insert and update share them). */
static int bind_contact(sqlite3_stmt *st, const struct contact_rec *c)
{
	char *phones = db_list_json(c->phones[0], CUST_PHONE_LEN, c->nphones);

	if (!phones)
		return GX_ENOMEM;
	db_bind_text(st, sqlite3_bind_parameter_index(st, ":name"), c->name);
	db_bind_text(st, sqlite3_bind_parameter_index(st, ":title"), c->title);
	db_bind_text(st, sqlite3_bind_parameter_index(st, ":department"), c->department);
	db_bind_text(st, sqlite3_bind_parameter_index(st, ":salutation"), c->salutation);
	sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":phones"), phones, -1,
			  SQLITE_TRANSIENT);
	db_bind_text(st, sqlite3_bind_parameter_index(st, ":email"), c->email);
	db_bind_text(st, sqlite3_bind_parameter_index(st, ":role"), c->decision_role);
	db_bind_text(st, sqlite3_bind_parameter_index(st, ":remarks"), c->remarks);
	free(phones);
	return 0;
}

int store_contact_insert(struct db *db, struct contact_rec *c)
{
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO contacts (customer_id, name, title, department, salutation,"
		" phones, email, decision_role, remarks, created_by, created_at, updated_at,"
		" version) VALUES (:customer, :name, :title, :department, :salutation,"
		" :phones, :email, :role, :remarks, :by, :now, :now, 1)");
	int rc;

	if (!st)
		return GX_EDB;
	if ((rc = bind_contact(st, c)) != 0)
		return rc;
	sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":customer"), c->customer_id);
	if (c->created_by)
		sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":by"), c->created_by);
	sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":now"), c->created_at);
	if ((rc = db_step_done(db, st)) != 0)
		return rc;
	c->id = db_last_id(db);
	c->version = 1;
	c->updated_at = c->created_at;
	return 0;
}

int store_contact_update(struct db *db, struct contact_rec *c, int64_t now_ms)
{
	sqlite3_stmt *st = db_stmt(db,
		"UPDATE contacts SET name = :name, title = :title, department = :department,"
		" salutation = :salutation, phones = :phones, email = :email,"
		" decision_role = :role, remarks = :remarks, updated_at = :now,"
		" version = version + 1 WHERE id = :id AND version = :version");
	struct contact_rec *cur;
	int rc;

	if (!st)
		return GX_EDB;
	if ((rc = bind_contact(st, c)) != 0)
		return rc;
	sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":now"), now_ms);
	sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":id"), c->id);
	sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":version"), c->version);
	if ((rc = db_step_done(db, st)) != 0)
		return rc;
	if (db_changes(db) == 0) {
		if (!(cur = malloc(sizeof *cur)))
			return GX_ENOMEM;
		rc = store_contact_get(db, c->id, cur);
		free(cur);
		return rc == 0 ? GX_EVERSION : rc;
	}
	c->version++;
	c->updated_at = now_ms;
	return 0;
}

static int delete_by_id(struct db *db, const char *sql, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = db_step_done(db, st)) != 0)
		return rc;
	return db_changes(db) ? 0 : GX_ENOTFOUND;
}

int store_contact_delete(struct db *db, int64_t id)
{
	return delete_by_id(db, "DELETE FROM contacts WHERE id = ?", id);
}

#define INTERACTION_COLS                                                     \
	"i.id, i.customer_id, coalesce(i.contact_id, 0), coalesce(i.ticket_id, 0),"\
	" i.channel, i.direction, i.occurred_at, i.participants, i.summary,"  \
	" coalesce(k.name, ''), coalesce(i.created_by, 0), i.created_at,"     \
	" coalesce(u.display_name, '') "
#define INTERACTION_FROM                                                     \
	" FROM interactions i LEFT JOIN contacts k ON k.id = i.contact_id"   \
	" LEFT JOIN users u ON u.id = i.created_by "

static void interaction_row(sqlite3_stmt *st, void *out)
{
	struct interaction_rec *i = out;

	memset(i, 0, sizeof *i);
	i->id = sqlite3_column_int64(st, 0);
	i->customer_id = sqlite3_column_int64(st, 1);
	i->contact_id = sqlite3_column_int64(st, 2);
	i->ticket_id = sqlite3_column_int64(st, 3);
	db_col_text(st, 4, i->channel, sizeof i->channel);
	db_col_text(st, 5, i->direction, sizeof i->direction);
	i->occurred_at = sqlite3_column_int64(st, 6);
	db_col_text(st, 7, i->participants, sizeof i->participants);
	db_col_text(st, 8, i->summary, sizeof i->summary);
	db_col_text(st, 9, i->contact_name, sizeof i->contact_name);
	i->created_by = sqlite3_column_int64(st, 10);
	i->created_at = sqlite3_column_int64(st, 11);
	db_col_text(st, 12, i->created_by_name, sizeof i->created_by_name);
}

int store_interaction_get(struct db *db, int64_t id, struct interaction_rec *out)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " INTERACTION_COLS INTERACTION_FROM
				       "WHERE i.id = ?");

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, id);
	return db_row(st, interaction_row, out);
}

int store_interaction_insert(struct db *db, struct interaction_rec *i)
{
	sqlite3_stmt *st = db_stmt(db,
		"INSERT INTO interactions (customer_id, channel, direction, occurred_at,"
		" participants, summary, contact_id, ticket_id, created_by, created_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	int rc;

	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, 1, i->customer_id);
	db_bind_text(st, 2, i->channel);
	db_bind_text(st, 3, i->direction);
	sqlite3_bind_int64(st, 4, i->occurred_at);
	db_bind_text(st, 5, i->participants);
	db_bind_text(st, 6, i->summary);
	if (i->contact_id)
		sqlite3_bind_int64(st, 7, i->contact_id);
	if (i->ticket_id)
		sqlite3_bind_int64(st, 8, i->ticket_id);
	if (i->created_by)
		sqlite3_bind_int64(st, 9, i->created_by);
	sqlite3_bind_int64(st, 10, i->created_at);
	if ((rc = db_step_done(db, st)) != 0)
		return rc;
	i->id = db_last_id(db);
	return 0;
}

int store_interaction_delete(struct db *db, int64_t id)
{
	return delete_by_id(db, "DELETE FROM interactions WHERE id = ?", id);
}

int store_interactions_of(struct db *db, int64_t customer_id, int64_t before_at,
			  int64_t before_id, struct interaction_rec *out, int limit, int *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " INTERACTION_COLS INTERACTION_FROM
		"WHERE i.customer_id = :c AND i.occurred_at <= :at"
		" AND (i.occurred_at < :at OR i.id < :id)"
		" ORDER BY i.occurred_at DESC, i.id DESC LIMIT :limit");

	*n = 0;
	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":c"), customer_id);
	sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":at"),
			   before_at ? before_at : INT64_MAX);
	sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":id"),
			   before_at ? before_id : INT64_MAX);
	sqlite3_bind_int(st, sqlite3_bind_parameter_index(st, ":limit"), limit);
	return db_rows(st, interaction_row, out, sizeof *out, limit, n);
}

/* Each kind is one branch: its own newest rows after the cursor, by its
 * own index; the outer query merges them. A new kind (work orders, calls)
 * is one more branch. Row values compare (at, kind, id) in that order. */
#define TIMELINE_BRANCH(table, at_col, kind)                                 \
	"SELECT * FROM (SELECT " at_col " AS at, '" kind "' AS kind, id FROM " \
	table " WHERE customer_id = :c AND " at_col " <= :at"                \
	" AND (" at_col ", '" kind "', id) < (:at, :kind, :id)"              \
	" ORDER BY " at_col " DESC, id DESC LIMIT :limit)"

int store_timeline(struct db *db, int64_t customer_id, const struct timeline_key *cursor,
		   struct timeline_key *out, int limit, int *n)
{
	sqlite3_stmt *st = db_stmt(db,
		"SELECT at, kind, id FROM ("
		TIMELINE_BRANCH("interactions", "occurred_at", "interaction")
		" UNION ALL "
		TIMELINE_BRANCH("customer_history", "at", "change")
		" UNION ALL "
		/* Work orders: their creation and closing, by the partial index
		 * ticket_events_timeline (same WHERE). */
		"SELECT * FROM (SELECT at, 'ticket' AS kind, id FROM ticket_events"
		" WHERE customer_id = :c AND action IN ('create', 'close') AND at <= :at"
		" AND (at, 'ticket', id) < (:at, :kind, :id)"
		" ORDER BY at DESC, id DESC LIMIT :limit)"
		" UNION ALL "
		/* Calls (CC-4), by the index cc_calls_customer. */
		"SELECT * FROM (SELECT offered_at AS at, 'call' AS kind, id FROM cc_calls"
		" WHERE customer_id = :c AND offered_at <= :at"
		" AND (offered_at, 'call', id) < (:at, :kind, :id)"
		" ORDER BY offered_at DESC, id DESC LIMIT :limit)"
		") ORDER BY at DESC, kind DESC, id DESC LIMIT :limit");
	bool start = !cursor || !cursor->at;
	int rc;

	*n = 0;
	if (!st)
		return GX_EDB;
	sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":c"), customer_id);
	sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":at"),
			   start ? INT64_MAX : cursor->at);
	/* "~" sorts after every kind name, so the first page takes all. */
	db_bind_text(st, sqlite3_bind_parameter_index(st, ":kind"), start ? "~" : cursor->kind);
	sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":id"),
			   start ? INT64_MAX : cursor->id);
	sqlite3_bind_int(st, sqlite3_bind_parameter_index(st, ":limit"), limit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < limit) {
		struct timeline_key *k = &out[(*n)++];
		k->at = sqlite3_column_int64(st, 0);
		db_col_text(st, 1, k->kind, sizeof k->kind);
		k->id = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : GX_EDB;
}
