/* cc_config.h - the contact centre's set-up (CC-3, CC-9): skills, queues,
 * dialled numbers and agents. Anyone with a contact-centre permission
 * (cc.agent, cc.supervise, cc.manage) reads it; cc.manage changes it, and
 * every change leaves an audit row. Records are the store's
 * (store/cc_config.h), filled by the caller for writes. */
#ifndef GX_DOMAIN_CC_CONFIG_H
#define GX_DOMAIN_CC_CONFIG_H

#include "domain/perm.h"
#include "lib/err.h"
#include "store/cc_config.h"

/* This thread's connection if who may read the set-up (any cc.*
 * permission), else NULL with *rc GX_EPERM (or GX_EDB). */
struct db *cc_reader_db(const struct principal *who, int *rc);

int cc_skills_list(const struct principal *who, struct cc_skill *out, int max, int *n);
/* Creates (id 0) or renames skill s; GX_EINVAL with v, GX_ECONFLICT for a
 * taken name. s is read back. */
int cc_skill_save(const struct principal *who, struct cc_skill *s, struct verr *v);
/* GX_ECONFLICT while agents or queues use it. */
int cc_skill_delete(const struct principal *who, int64_t id);

int cc_queues_list(const struct principal *who, struct cc_queue *out, int max, int *n);
int cc_queue_get(const struct principal *who, int64_t id, struct cc_queue *out);
/* Creates (q->id 0) or updates q, whose version must be current. */
int cc_queue_save(const struct principal *who, struct cc_queue *q, struct verr *v);
/* GX_ECONFLICT while numbers, overflows or calls refer to it. */
int cc_queue_delete(const struct principal *who, int64_t id);

int cc_numbers_list(const struct principal *who, struct cc_number *out, int max, int *n);
int cc_number_add(const struct principal *who, const struct cc_number *num, struct verr *v);
int cc_number_delete(const struct principal *who, const char *number);

int cc_agents_list(const struct principal *who, struct cc_agent *out, int max, int *n);
int cc_agent_get(const struct principal *who, int64_t user_id, struct cc_agent *out);
/* Makes a user an agent (create) or changes an agent's extension and
 * skills; a is read back. */
int cc_agent_save(const struct principal *who, struct cc_agent *a, bool create, struct verr *v);
/* Only a signed-out agent can be removed (GX_ECONFLICT otherwise). */
int cc_agent_delete(const struct principal *who, int64_t user_id);

/* True if s is a valid phone number or extension as the telephone system
 * reports them: 1-32 of 0-9 + * #. */
bool cc_number_ok(const char *s);

#endif
