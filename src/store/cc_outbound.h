/* cc_outbound.h - storage of outbound call lists (CC-6): lists, their
 * entries, the attempts made on them and the agents' dial requests. The
 * rules (retry, calling hours, who may do what) live in
 * domain/cc_outbound.c; here are the rows and the statements that pick and
 * claim the next due entry.
 *
 * Every function takes the caller's connection; those that write expect
 * the caller's open write transaction, so that a claim's choice and its
 * update are one commit (two agents never get the same entry). */
#ifndef GX_STORE_CC_OUTBOUND_H
#define GX_STORE_CC_OUTBOUND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/accounts.h"

struct db;

#define OB_NAME_LEN 304   /* 100 characters of up to 3 bytes */
#define OB_NOTE_LEN 1504  /* 500 characters */
#define OB_PHONE_LEN 32
#define OB_WORD_LEN 16    /* kind, state, result */

enum ob_state { OBS_PENDING, OBS_CLAIMED, OBS_RETRY, OBS_DONE, OBS_FAILED, OBS__COUNT };
enum ob_result { OBR_SUCCESS, OBR_REFUSED, OBR_NO_ANSWER, OBR_BUSY, OBR_UNREACHABLE,
		 OBR_WRONG_NUMBER, OBR_CALLBACK_LATER, OBR__COUNT };

/* The names of the states and results as stored, NULL-terminated, in enum
 * order. */
extern const char *const ob_states[OBS__COUNT + 1];
extern const char *const ob_results[OBR__COUNT + 1];

struct ob_list {
	int64_t id;
	char name[OB_NAME_LEN];
	char kind[OB_WORD_LEN];
	int64_t team_id; /* 0: any team */
	char team_name[NAME_MAX_BYTES];
	char description[OB_NOTE_LEN];
	int max_attempts, retry_minutes;
	int call_from, call_to; /* minutes after midnight, China time */
	char state[OB_WORD_LEN];
	int64_t created_by;
	char creator_name[NAME_MAX_BYTES];
	int64_t created_at, updated_at, version;
};

/* Entries of one list by state and by last result. */
struct ob_counts {
	int64_t total;
	int64_t state[OBS__COUNT];
	int64_t result[OBR__COUNT];
};

struct ob_entry {
	int64_t id, list_id;
	char list_name[OB_NAME_LEN];
	char list_kind[OB_WORD_LEN];
	int64_t customer_id; /* 0: none */
	char name[OB_NAME_LEN];
	char phone[OB_PHONE_LEN];
	char state[OB_WORD_LEN];
	int attempts;
	int64_t next_at;
	char result[OB_WORD_LEN]; /* "" before the first attempt */
	char note[OB_NOTE_LEN];
	int64_t callback_at; /* 0: none */
	int64_t agent_id;    /* the claimer, or the last one; 0: none */
	char agent_name[NAME_MAX_BYTES];
	int64_t claimed_at;  /* 0 unless claimed */
	int64_t created_at, updated_at;
};

struct ob_attempt {
	int64_t id, entry_id, agent_id;
	char agent_name[NAME_MAX_BYTES];
	int64_t at;
	char result[OB_WORD_LEN];
	char note[OB_NOTE_LEN];
	int64_t callback_at, call_id; /* 0: none */
};

/* Where the next due entry is looked for. team: 0 for lists of any team,
 * else lists of that team or of none. list_id 0: every list. minute: now's
 * minute of the day in China time (lists whose calling hours hold it).
 * stale: claims made at or before this may be taken again. */
struct ob_pick {
	int64_t list_id, team;
	int minute;
	int64_t now, stale;
};

/* Lists. get/insert/update as usual (update is versioned: GX_EVERSION or
 * GX_ENOTFOUND). list: by id after after_id, only those a team may see
 * (team as in struct ob_pick), state NULL for any; open_only leaves the
 * closed ones out. */
int store_ob_list_get(struct db *db, int64_t id, struct ob_list *out);
int store_ob_list_insert(struct db *db, struct ob_list *l);
int store_ob_list_update(struct db *db, struct ob_list *l, int64_t now_ms);
int store_ob_lists(struct db *db, int64_t team, const char *state, bool open_only,
		   int64_t after_id, int limit, struct ob_list *out, int *n);
int store_ob_counts(struct db *db, int64_t list_id, struct ob_counts *out);

/* Moves every time of list id, its entries and their attempts delta_ms
 * earlier (loading historical lists: the demo data). */
int store_ob_shift(struct db *db, int64_t id, int64_t delta_ms);

/* Entries. insert: GX_ECONFLICT when the list has the phone already;
 * sets e->id. list: of one list by id after after_id, state and result
 * NULL for any. */
int store_ob_entry_get(struct db *db, int64_t id, struct ob_entry *out);
int store_ob_entry_insert(struct db *db, struct ob_entry *e);
int store_ob_entries(struct db *db, int64_t list_id, const char *state, const char *result,
		     int64_t after_id, int limit, struct ob_entry *out, int *n);

/* The entry agent holds now in a list where p may look (p->list_id 0:
 * any), GX_ENOTFOUND if none. */
int store_ob_held(struct db *db, int64_t agent_id, const struct ob_pick *p,
		  struct ob_entry *out);
/* The id of the next claimable entry (*id 0 if none): in an active list
 * inside its hours, due by p->now or claimed at or before p->stale;
 * earliest next_at first. */
int store_ob_next(struct db *db, const struct ob_pick *p, int64_t *id);
/* Why nothing is claimable: *due_outside entries that are due but whose
 * lists are outside their hours now, *open entries still to call in
 * active lists, *earliest the soonest next_at among those (0: none). */
int store_ob_outlook(struct db *db, const struct ob_pick *p, int64_t *due_outside,
		     int64_t *open, int64_t *earliest);
/* Claims entry id for agent at p->now if it is still claimable (as for
 * store_ob_next); GX_ECONFLICT if another agent got it first. */
int store_ob_claim(struct db *db, int64_t id, int64_t agent_id, const struct ob_pick *p);
/* Writes the outcome of an attempt held by e->agent_id: state, attempts,
 * next_at, result, note, callback_at; the claim ends. GX_ECONFLICT if the
 * claim is no longer the agent's. */
int store_ob_entry_record(struct db *db, const struct ob_entry *e, int64_t now_ms);
/* Gives a claim back: the entry is due again as it was. GX_ECONFLICT if
 * agent does not hold it. */
int store_ob_release(struct db *db, int64_t id, int64_t agent_id, int64_t now_ms);

/* Attempts. insert links the newest outbound call the telephone system
 * reported for the entry and agent since since_ms, if any; sets a->id and
 * a->call_id. list: oldest first, at most max. */
int store_ob_attempt_insert(struct db *db, struct ob_attempt *a, int64_t since_ms);
int store_ob_attempts(struct db *db, int64_t entry_id, struct ob_attempt *out, int max,
		      int *n);

/* A request to the telephone system to dial number from ext; *id set. */
int store_ob_dial_insert(struct db *db, int64_t agent_id, const char *ext, const char *number,
			 int64_t entry_id, int64_t at, int64_t *id);

struct ob_dial {
	int64_t id, agent_id, entry_id, at;
	char extension[40];
	char number[OB_PHONE_LEN];
};

/* Dial requests after after_id, oldest first, at most max; the newest
 * request's id (0 for none). */
int store_ob_dials_since(struct db *db, int64_t after_id, struct ob_dial *out, int max, int *n);
int store_ob_dial_last(struct db *db, int64_t *id);

#endif
