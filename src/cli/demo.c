/* demo.c - `guanxi demo`: teams and users a new installation can sign in
 * with right away. Idempotent: what exists already is left as it is. */
#include "cli/cli.h"
#include "domain/users.h"
#include "store/db.h"

#include <stdio.h>

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
	printf("demo data ready: %d users created; every demo user's password is %s\n",
	       created, DEMO_PASSWORD);
	db_release_thread();
	return 0;
}
