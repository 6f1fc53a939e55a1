/* user.c - `guanxi user add` and `guanxi user reset-token`: account
 * administration from the shell, through the same domain rules and audit
 * as the API, acting as the system operator. */
#include "cli/cli.h"
#include "domain/auth.h"
#include "domain/users.h"
#include "lib/clock.h"
#include "store/db.h"

#include <stdio.h>
#include <string.h>

static void print_verr(const char *cmd, const struct verr *v)
{
	for (size_t i = 0; i < v->n; i++)
		fprintf(stderr, "guanxi %s: %s: %s\n", cmd, v->item[i].field,
			v->item[i].message);
}

/* The first line of standard input, without its line ending. */
static int read_password(char *buf, size_t n)
{
	if (!fgets(buf, (int)n, stdin))
		return -1;
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

static int user_add(struct cli_opts *o)
{
	struct principal sys;
	struct user_input in = {0};
	struct user_rec u;
	struct team_rec t;
	struct verr v = {0};
	char password[300];
	int rc;

	if (!o->username || !o->role) {
		fprintf(stderr, "usage: guanxi user add --db PATH --username NAME --role ROLE"
			" [--team TEAM] [--display-name NAME] < password\n");
		return 2;
	}
	if (read_password(password, sizeof password) != 0) {
		fprintf(stderr, "guanxi user add: give the password on standard input\n");
		return 2;
	}
	principal_system(&sys);
	in.username = o->username;
	in.display_name = o->display_name ? o->display_name : o->username;
	in.password = password;
	in.roles[in.nroles++] = o->role;
	if (o->team) {
		if ((rc = teams_ensure(&sys, o->team, &t)) != 0) {
			fprintf(stderr, "guanxi user add: team %s: %s\n", o->team,
				gx_strerror(rc));
			return 1;
		}
		in.has_team = true;
		in.team_id = t.id;
	}
	rc = users_create(&sys, &in, &u, &v);
	if (rc != 0) {
		print_verr("user add", &v);
		if (!v.n)
			fprintf(stderr, "guanxi user add: %s\n", gx_strerror(rc));
		return 1;
	}
	printf("user %s created (id %lld)\n", u.username, (long long)u.id);
	return 0;
}

static int user_reset_token(struct cli_opts *o)
{
	struct principal sys;
	struct user_rec u;
	char token[TOKEN_MAX], when[CLOCK_RFC3339_LEN];
	int64_t expires;
	int rc;

	if (!o->username) {
		fprintf(stderr, "usage: guanxi user reset-token --db PATH --username NAME\n");
		return 2;
	}
	principal_system(&sys);
	if ((rc = users_find(&sys, o->username, &u)) != 0 ||
	    (rc = auth_reset_issue(&sys, u.id, token, &expires)) != 0) {
		fprintf(stderr, "guanxi user reset-token: %s: %s\n", o->username,
			gx_strerror(rc));
		return 1;
	}
	clock_rfc3339(expires, when);
	printf("%s\n", token);
	fprintf(stderr, "one-time reset token for %s, valid until %s\n", u.username, when);
	return 0;
}

int cli_user(struct cli_opts *o)
{
	static const struct {
		const char *name;
		int (*run)(struct cli_opts *);
	} subs[] = {
		{"add", user_add},
		{"reset-token", user_reset_token},
	};
	int rc = 2;

	if (o->nargs != 1) {
		fprintf(stderr, "usage: guanxi user add|reset-token --db PATH ...\n");
		return 2;
	}
	if (cli_open_db(o, false) != 0)
		return 1;
	for (size_t i = 0; i < sizeof subs / sizeof *subs; i++)
		if (!strcmp(o->args[0], subs[i].name))
			rc = subs[i].run(o);
	if (rc == 2)
		fprintf(stderr, "guanxi user: unknown subcommand or missing options\n");
	db_release_thread();
	return rc;
}
