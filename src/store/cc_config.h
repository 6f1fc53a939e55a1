/* cc_config.h - storage of the contact centre's set-up (CC-3, CC-9):
 * skills, queues, the numbers callers dial, and agents with their skill
 * levels. The rules live in domain/cc_config.c; agents' states and calls
 * are in store/cc_calls.h. */
#ifndef GX_STORE_CC_CONFIG_H
#define GX_STORE_CC_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

struct db;

#define CC_NAME_LEN 152   /* 50 characters of up to 3 bytes */
#define CC_NUMBER_LEN 40  /* a phone number or extension: 32 characters */
#define CC_TIERS_LEN 200
#define CC_AGENT_SKILLS_MAX 16
#define CC_LIST_MAX 1000  /* skills, queues, numbers or agents listed at once */

struct cc_skill {
	int64_t id;
	char name[CC_NAME_LEN];
	int agents; /* agents holding it */
	int queues; /* queues asking for it */
};

struct cc_queue {
	int64_t id;
	char name[CC_NAME_LEN];
	int64_t skill_id;
	char strategy[16]; /* longest_idle, fewest_calls, round_robin, skill_level */
	char priority_tiers[CC_TIERS_LEN]; /* comma list of customer tiers */
	int64_t overflow_queue_id; /* 0: none */
	int overflow_after_s;
	int wrap_up_s;
	int sl_seconds;
	int64_t team_id; /* 0: none */
	int64_t created_at, updated_at;
	int64_t version;
};

struct cc_number {
	char number[CC_NUMBER_LEN];
	int64_t queue_id;
	char label[CC_NAME_LEN];
};

struct cc_agent_skill {
	int64_t skill_id;
	int level; /* 1..5 */
};

struct cc_agent {
	int64_t user_id;
	char username[40];
	char display_name[CC_NAME_LEN];
	int64_t team_id;
	char extension[CC_NUMBER_LEN];
	char state[12];
	char reason[CC_NAME_LEN];
	int64_t state_since, idle_since, wrap_until, call_id;
	int calls_today;
	int nskills;
	struct cc_agent_skill skills[CC_AGENT_SKILLS_MAX];
};

/* Skills by name, with how many agents and queues use each. */
int store_cc_skills(struct db *db, struct cc_skill *out, int max, int *n);
/* 0 or GX_ENOTFOUND. */
int store_cc_skill_get(struct db *db, int64_t id, struct cc_skill *out);
/* GX_ECONFLICT if the name is taken; sets *id. */
int store_cc_skill_insert(struct db *db, const char *name, int64_t now, int64_t *id);
/* GX_ECONFLICT if the name is taken, GX_ENOTFOUND if absent. */
int store_cc_skill_rename(struct db *db, int64_t id, const char *name);
/* GX_ENOTFOUND if absent; the caller checks it is unused first. */
int store_cc_skill_delete(struct db *db, int64_t id);

int store_cc_queues(struct db *db, struct cc_queue *out, int max, int *n);
/* 0 or GX_ENOTFOUND. */
int store_cc_queue_get(struct db *db, int64_t id, struct cc_queue *out);
/* GX_ECONFLICT if the name is taken; sets q->id. */
int store_cc_queue_insert(struct db *db, struct cc_queue *q);
/* Writes q if its version is still q->version (then bumps it):
 * GX_EVERSION, GX_ENOTFOUND or GX_ECONFLICT (name taken). */
int store_cc_queue_update(struct db *db, struct cc_queue *q);
int store_cc_queue_delete(struct db *db, int64_t id);
/* How many calls, numbers and other queues' overflows refer to queue id. */
int store_cc_queue_uses(struct db *db, int64_t id, int *uses);

int store_cc_numbers(struct db *db, struct cc_number *out, int max, int *n);
/* The queue a dialled number reaches: 0 or GX_ENOTFOUND. */
int store_cc_number_queue(struct db *db, const char *number, int64_t *queue_id);
/* GX_ECONFLICT if the number is set already. */
int store_cc_number_insert(struct db *db, const struct cc_number *num);
int store_cc_number_delete(struct db *db, const char *number);

/* Agents by extension, with their names and skills. */
int store_cc_agents(struct db *db, struct cc_agent *out, int max, int *n);
/* 0 or GX_ENOTFOUND. */
int store_cc_agent_get(struct db *db, int64_t user_id, struct cc_agent *out);
/* 0 or GX_ENOTFOUND: the agent with this extension. */
int store_cc_agent_by_extension(struct db *db, const char *extension, struct cc_agent *out);
/* Makes user a signed-out agent; GX_ECONFLICT if the user is an agent
 * already or the extension is taken. */
int store_cc_agent_insert(struct db *db, const struct cc_agent *a, int64_t now);
/* Writes the extension (GX_ECONFLICT if taken). */
int store_cc_agent_set_extension(struct db *db, int64_t user_id, const char *extension, int64_t now);
/* Replaces the agent's skills with a->skills. */
int store_cc_agent_set_skills(struct db *db, const struct cc_agent *a);
int store_cc_agent_delete(struct db *db, int64_t user_id);

#endif
