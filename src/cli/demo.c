/* demo.c - `guanxi demo`: teams and users a new installation can sign in
 * with right away, and optionally customers with their contacts and
 * interactions. Idempotent: what exists already is left as it is. */
#include "cli/cli.h"
#include "domain/contacts.h"
#include "domain/customers.h"
#include "domain/interactions.h"
#include "domain/users.h"
#include "lib/clock.h"
#include "store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEMO_PASSWORD "Guanxi@2026"

static const struct {
	const char *username, *display_name, *role, *team;
	int level;
} demo_users[] = {
	{"admin", "系统管理员", "admin", NULL, 9},
	{"zhangwei", "张伟", "supervisor", "客服一组", 5},
	{"liuyang", "刘洋", "agent", "客服一组", 2},
	{"wangfang", "王芳", "agent", "客服一组", 1},
	{"lijing", "李静", "supervisor", "客服二组", 5},
	{"chenjie", "陈杰", "agent", "客服二组", 2},
	{"zhaomin", "赵敏", "account_manager", "大客户部", 4},
	{"sunli", "孙丽", "analyst", "质检与分析组", 3},
	{"zhouqiang", "周强", "reviewer", "质检与分析组", 3},
};

/* Moves the demo-only keys "owner" (a username) and "team" (a team name)
 * of one customer line into owner_id and team_id. */
static int resolve_people(const struct principal *sys, json_t *c)
{
	const char *owner = json_string_value(json_object_get(c, "owner"));
	const char *team = json_string_value(json_object_get(c, "team"));
	struct user_rec u;
	struct team_rec t;
	int rc;

	if (owner) {
		if ((rc = users_find(sys, owner, &u)) != 0)
			return rc;
		json_object_set_new(c, "owner_id", json_integer(u.id));
	}
	if (team) {
		if ((rc = teams_ensure(sys, team, &t)) != 0)
			return rc;
		json_object_set_new(c, "team_id", json_integer(t.id));
	}
	json_object_del(c, "owner");
	json_object_del(c, "team");
	return 0;
}

/* The demo user who logged an interaction: the operator acting under
 * that user's name, so the log shows who it was. */
static int acting_as(const struct principal *sys, const char *username,
		     struct principal *out)
{
	struct user_rec u;
	int rc;

	*out = *sys;
	if (!username)
		return 0;
	if ((rc = users_find(sys, username, &u)) != 0)
		return rc;
	out->user_id = u.id;
	out->team_id = u.team_id;
	snprintf(out->username, sizeof out->username, "%s", u.username);
	return 0;
}

/* Creates the demo-only lists "contacts" and "interactions" of customer
 * c (already created as customer_id). An interaction's "days_ago" becomes
 * its time before now, its "contact" (an index into contacts) the
 * contact's id, its "by" the user who logged it. */
static int load_related(const struct principal *sys, int64_t customer_id, json_t *c,
			struct verr *v)
{
	json_t *contacts = json_object_get(c, "contacts"), *it;
	int64_t ids[CONTACTS_PER_CUSTOMER_MAX] = {0};
	struct contact_rec *k = malloc(sizeof *k);
	struct interaction_rec *in = malloc(sizeof *in);
	struct contact_view view;
	size_t i;
	int rc = k && in ? 0 : GX_ENOMEM;

	json_array_foreach(contacts, i, it) {
		if (rc || i >= CONTACTS_PER_CUSTOMER_MAX)
			break;
		if ((rc = contacts_create(sys, customer_id, it, k, &view, v)) == 0)
			ids[i] = k->id;
	}
	json_array_foreach(json_object_get(c, "interactions"), i, it) {
		struct principal by;
		json_int_t contact = json_integer_value(json_object_get(it, "contact"));
		char when[CLOCK_RFC3339_LEN];
		if (rc)
			break;
		clock_rfc3339(clock_now_ms() - (int64_t)(json_number_value(
				      json_object_get(it, "days_ago")) * 86400000.0), when);
		json_object_set_new(it, "occurred_at", json_string(when));
		if (json_object_get(it, "contact") && contact >= 0 &&
		    contact < CONTACTS_PER_CUSTOMER_MAX && ids[contact])
			json_object_set_new(it, "contact_id", json_integer(ids[contact]));
		rc = acting_as(sys, json_string_value(json_object_get(it, "by")), &by);
		json_object_del(it, "days_ago");
		json_object_del(it, "contact");
		json_object_del(it, "by");
		if (rc == 0)
			rc = interactions_create(&by, customer_id, it, in, v);
	}
	free(k);
	free(in);
	return rc;
}

/* Loads customers from a JSON-lines file unless there are some already. */
static int load_customers(const struct principal *sys, const char *path, int *loaded)
{
	struct customer_search none = {.limit = 1};
	struct customer_rec *rec = malloc(sizeof *rec);
	struct customer_view *view = malloc(sizeof *view);
	struct verr v = {0};
	char *line = NULL;
	size_t cap = 0;
	int n = 0, lineno = 0, rc = 0;
	FILE *f = NULL;

	*loaded = 0;
	if (!rec || !view || (rc = customers_list(sys, &none, rec, view, &n, &v)) != 0 || n)
		goto out;
	if (!(f = fopen(path, "r"))) {
		fprintf(stderr, "guanxi demo: cannot open %s\n", path);
		rc = GX_ENOTFOUND;
		goto out;
	}
	db_fast_load(db_get());
	while (getline(&line, &cap, f) > 0) {
		json_t *c = json_loads(line, 0, NULL), *related = json_object();
		lineno++;
		memset(&v, 0, sizeof v);
		rc = c ? resolve_people(sys, c) : GX_EINVAL;
		/* Contacts and interactions are made once the customer exists. */
		if (rc == 0) {
			json_object_set(related, "contacts", json_object_get(c, "contacts"));
			json_object_set(related, "interactions", json_object_get(c, "interactions"));
			json_object_del(c, "contacts");
			json_object_del(c, "interactions");
			rc = customers_create(sys, c, rec, view, &v);
		}
		if (rc == 0)
			rc = load_related(sys, rec->id, related, &v);
		json_decref(c);
		json_decref(related);
		if (rc != 0) {
			fprintf(stderr, "guanxi demo: %s line %d: %s %s\n", path, lineno,
				v.n ? v.item[0].field : "", v.n ? v.item[0].message : gx_strerror(rc));
			goto out;
		}
		(*loaded)++;
	}
out:
	if (f)
		fclose(f);
	free(line);
	free(rec);
	free(view);
	return rc;
}

int cli_demo(struct cli_opts *o)
{
	struct principal sys;
	int created = 0;

	if (cli_open_db(o, true) != 0)
		return 1;
	principal_system(&sys);
	for (size_t i = 0; i < sizeof demo_users / sizeof *demo_users; i++) {
		struct user_input in = {0};
		struct user_rec u;
		struct team_rec t;
		struct verr v = {0};
		int rc;

		if (users_find(&sys, demo_users[i].username, &u) == 0)
			continue;
		in.username = demo_users[i].username;
		in.display_name = demo_users[i].display_name;
		in.password = DEMO_PASSWORD;
		in.roles[in.nroles++] = demo_users[i].role;
		in.has_level = true;
		in.level = demo_users[i].level;
		if (demo_users[i].team) {
			if ((rc = teams_ensure(&sys, demo_users[i].team, &t)) != 0)
				goto fail;
			in.has_team = true;
			in.team_id = t.id;
		}
		if ((rc = users_create(&sys, &in, &u, &v)) != 0)
			goto fail;
		created++;
		continue;
fail:
		fprintf(stderr, "guanxi demo: %s: %s\n", demo_users[i].username,
			v.n ? v.item[0].message : gx_strerror(rc));
		db_release_thread();
		return 1;
	}
	int customers = 0;
	if (o->customers && load_customers(&sys, o->customers, &customers) != 0) {
		db_release_thread();
		return 1;
	}
	printf("demo data ready: %d users and %d customers created; every demo user's"
	       " password is %s\n", created, customers, DEMO_PASSWORD);
	db_release_thread();
	return 0;
}
