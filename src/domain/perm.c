#include "domain/perm.h"
#include "lib/err.h"
#include "store/db.h"

#include <stdio.h>
#include <string.h>

static const char *const perm_names[PERM__COUNT] = {
	[PERM_USER_READ] = "user.read",
	[PERM_USER_MANAGE] = "user.manage",
	[PERM_ROLE_MANAGE] = "role.manage",
	[PERM_AUDIT_READ] = "audit.read",
	[PERM_CUSTOMER_READ] = "customer.read",
	[PERM_CUSTOMER_WRITE] = "customer.write",
	[PERM_CUSTOMER_DELETE] = "customer.delete",
	[PERM_CUSTOMER_READ_SENSITIVE] = "customer.read_sensitive",
	[PERM_CUSTOMER_SCOPE_ALL] = "customer.scope.all",
	[PERM_CUSTOMER_SCOPE_TEAM] = "customer.scope.team",
	[PERM_CUSTOMER_SCOPE_OWN] = "customer.scope.own",
	[PERM_CUSTOMER_REVIEW] = "customer.review",
	[PERM_CUSTOMER_MERGE] = "customer.merge",
	[PERM_SETTINGS_MANAGE] = "settings.manage",
	[PERM_TASK_READ] = "task.read",
	[PERM_TASK_WRITE] = "task.write",
	[PERM_TASK_MANAGE] = "task.manage",
	[PERM_DICTIONARY_MANAGE] = "dictionary.manage",
	[PERM_CUSTOMER_IMPORT] = "customer.import",
	[PERM_CUSTOMER_EXPORT] = "customer.export",
	[PERM_SLA_READ] = "sla.read",
	[PERM_SLA_MANAGE] = "sla.manage",
	[PERM_NOTIFY_BROADCAST] = "notify.broadcast",
	[PERM_TICKET_READ] = "ticket.read",
	[PERM_TICKET_WRITE] = "ticket.write",
	[PERM_TICKET_ASSIGN] = "ticket.assign",
	[PERM_TICKET_CLOSE] = "ticket.close",
	[PERM_TICKET_MANAGE] = "ticket.manage",
	[PERM_KB_READ] = "kb.read",
	[PERM_KB_EDIT] = "kb.edit",
	[PERM_TICKET_SUPERVISE] = "ticket.supervise",
	[PERM_CC_AGENT] = "cc.agent",
	[PERM_CC_SUPERVISE] = "cc.supervise",
	[PERM_CC_MANAGE] = "cc.manage",
	[PERM_CC_CTI] = "cc.cti",
};

const char *perm_name(enum perm p)
{
	return p < PERM__COUNT ? perm_names[p] : "?";
}

uint64_t perm_mask(const char *csv)
{
	uint64_t mask = 0;

	while (csv && *csv) {
		size_t n = strcspn(csv, ",");
		for (int p = 0; p < PERM__COUNT; p++)
			if (strlen(perm_names[p]) == n && !strncmp(csv, perm_names[p], n))
				mask |= UINT64_C(1) << p;
		csv += n + (csv[n] == ',');
	}
	return mask;
}

bool principal_can(const struct principal *who, enum perm p)
{
	return who && p < PERM__COUNT && (who->perms >> p) & 1;
}

struct db *principal_db(const struct principal *who, enum perm p, int *rc)
{
	struct db *db;

	if (!principal_can(who, p)) {
		*rc = GX_EPERM;
		return NULL;
	}
	if (!(db = db_get()))
		*rc = GX_EDB;
	return db;
}

void principal_system(struct principal *out)
{
	memset(out, 0, sizeof *out);
	snprintf(out->username, sizeof out->username, "cli");
	snprintf(out->ip, sizeof out->ip, "local");
	out->perms = (UINT64_C(1) << PERM__COUNT) - 1;
}
