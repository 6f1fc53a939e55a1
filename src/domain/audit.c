#include "domain/audit.h"
#include "domain/perm.h"
#include "lib/clock.h"
#include "lib/err.h"
#include "lib/utf8.h"
#include "store/db.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const char genesis[AUDIT_HASH_HEX] =
	"0000000000000000000000000000000000000000000000000000000000000000";

static void hash_field(crypto_hash_sha256_state *h, const char *s)
{
	uint32_t len = (uint32_t)strlen(s);
	unsigned char be[4] = {len >> 24, len >> 16, len >> 8, len};

	/* Length-prefixed so that no two field splits hash alike. */
	crypto_hash_sha256_update(h, be, sizeof be);
	crypto_hash_sha256_update(h, (const unsigned char *)s, len);
}

static void audit_hash(const struct audit_rec *r, char out[AUDIT_HASH_HEX])
{
	crypto_hash_sha256_state h;
	unsigned char digest[crypto_hash_sha256_BYTES];
	char num[48];

	crypto_hash_sha256_init(&h);
	hash_field(&h, r->prev_hash);
	snprintf(num, sizeof num, "%lld/%lld", (long long)r->at,
		 (long long)r->actor_id);
	hash_field(&h, num);
	hash_field(&h, r->actor);
	hash_field(&h, r->action);
	hash_field(&h, r->target);
	hash_field(&h, r->detail);
	hash_field(&h, r->ip);
	crypto_hash_sha256_final(&h, digest);
	sodium_bin2hex(out, AUDIT_HASH_HEX, digest, sizeof digest);
}

int audit_append(struct db *db, const struct principal *who, const char *actor,
		 const char *action, const char *target, json_t *detail)
{
	struct audit_rec r = {0};
	char *d = NULL;
	int rc;

	r.at = clock_now_ms();
	r.actor_id = who ? who->user_id : 0;
	snprintf(r.actor, sizeof r.actor, "%s", who ? who->username : actor);
	snprintf(r.action, sizeof r.action, "%s", action);
	snprintf(r.target, sizeof r.target, "%s", target ? target : "");
	snprintf(r.ip, sizeof r.ip, "%s", who && who->ip[0] ? who->ip : "");
	if (detail)
		d = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS);
	utf8_copy(r.detail, sizeof r.detail, d ? d : "{}");
	free(d);
	if ((rc = store_audit_last_hash(db, r.prev_hash)) != 0)
		return rc;
	if (!r.prev_hash[0])
		memcpy(r.prev_hash, genesis, sizeof genesis);
	audit_hash(&r, r.hash);
	return store_audit_insert(db, &r);
}

struct verify_state {
	char expect_prev[AUDIT_HASH_HEX];
	int64_t rows, bad_id;
	char *why;
};

static int verify_row(const struct audit_rec *r, void *arg)
{
	struct verify_state *vs = arg;
	char h[AUDIT_HASH_HEX];

	if (strcmp(r->prev_hash, vs->expect_prev) != 0) {
		snprintf(vs->why, 128, "previous hash does not match row before it"
			 " (a row was deleted or altered)");
		vs->bad_id = r->id;
		return 1;
	}
	audit_hash(r, h);
	if (strcmp(h, r->hash) != 0) {
		snprintf(vs->why, 128, "content does not match its hash (row was edited)");
		vs->bad_id = r->id;
		return 1;
	}
	memcpy(vs->expect_prev, r->hash, AUDIT_HASH_HEX);
	vs->rows++;
	return 0;
}

int audit_verify(struct db *db, int64_t *rows, int64_t *bad_id, char *why)
{
	struct verify_state vs = {.why = why};
	int rc;

	memcpy(vs.expect_prev, genesis, sizeof genesis);
	rc = store_audit_scan(db, verify_row, &vs);
	*rows = vs.rows;
	*bad_id = vs.bad_id;
	return rc;
}

int audit_list(const struct principal *who, int64_t before_id, int limit,
	       struct audit_rec *out, int *n)
{
	struct db *db;
	int rc;

	if (!(db = principal_db(who, PERM_AUDIT_READ, &rc)))
		return rc;
	return store_audit_list(db, before_id, limit, out, n);
}
