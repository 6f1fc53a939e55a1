/* perm.h - named permissions and the principal (who is acting).
 *
 * Permissions are granted to roles in the database; the code checks them
 * by the enum below, whose names must match rows of the permissions table
 * (each module's migration adds its own). Every domain function that
 * reads or changes protected data takes the principal and checks here. */
#ifndef GX_PERM_H
#define GX_PERM_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/token.h"

enum perm {
	PERM_USER_READ,
	PERM_USER_MANAGE,
	PERM_ROLE_MANAGE,
	PERM_AUDIT_READ,
	PERM_CUSTOMER_READ,
	PERM_CUSTOMER_WRITE,
	PERM_CUSTOMER_DELETE,
	PERM_CUSTOMER_READ_SENSITIVE,
	PERM_CUSTOMER_SCOPE_ALL,
	PERM_CUSTOMER_SCOPE_TEAM,
	PERM_CUSTOMER_SCOPE_OWN,
	PERM_CUSTOMER_REVIEW,
	PERM_CUSTOMER_MERGE,
	PERM_SETTINGS_MANAGE,
	PERM_TASK_READ,
	PERM_TASK_WRITE,
	PERM_TASK_MANAGE,
	PERM_DICTIONARY_MANAGE,
	PERM_CUSTOMER_IMPORT,
	PERM_CUSTOMER_EXPORT,
	PERM_SLA_READ,
	PERM_SLA_MANAGE,
	PERM_NOTIFY_BROADCAST,
	PERM_TICKET_READ,
	PERM_TICKET_WRITE,
	PERM_TICKET_ASSIGN,
	PERM_TICKET_CLOSE,
	PERM_TICKET_MANAGE,
	PERM_KB_READ,
	PERM_KB_EDIT,
	PERM_TICKET_SUPERVISE,
	PERM_CC_AGENT,
	PERM_CC_SUPERVISE,
	PERM_CC_MANAGE,
	PERM_CC_CTI,
	PERM__COUNT
};

struct principal {
	int64_t user_id; /* 0 for the CLI operator (system) */
	char username[40];
	int64_t team_id;
	int level;
	uint64_t perms; /* bit (1 << enum perm) */
	bool via_token;
	unsigned char session_id[TOKEN_DIGEST_LEN]; /* cookie sessions only */
	char csrf[TOKEN_MAX];
	char ip[64];
};

/* The name of a permission ("user.manage"). */
const char *perm_name(enum perm p);

/* The bits of the permissions named in a comma list that the code knows. */
uint64_t perm_mask(const char *csv);

bool principal_can(const struct principal *who, enum perm p);

struct db;

/* This thread's database connection if who holds p; otherwise NULL with
 * *rc set to GX_EPERM, or GX_EDB when no connection can be opened. The
 * usual first step of a domain function. */
struct db *principal_db(const struct principal *who, enum perm p, int *rc);

/* The operator at the command line: every permission, actor "cli". */
void principal_system(struct principal *out);

#endif
