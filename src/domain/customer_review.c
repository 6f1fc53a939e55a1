#include "domain/customer_review.h"
#include "domain/customers_impl.h"
#include "domain/settings.h"
#include "lib/clock.h"
#include "lib/utf8.h"
#include "store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cust_review_on_change(struct db *db, const struct principal *who,
			   struct customer_rec *c)
{
	if (!settings_flag(db, "customer.review"))
		return;
	snprintf(c->review_state, sizeof c->review_state, "pending_first");
	c->review_author_id = who->user_id;
	c->first_reviewer_id = c->second_reviewer_id = 0;
	c->first_reviewed_at = c->second_reviewed_at = 0;
	c->review_comment[0] = '\0';
}

/* Who may take the next step on c, as a field error. */
static void check_reviewer(const struct principal *who, const struct customer_rec *c,
			   struct verr *v)
{
	bool first = !strcmp(c->review_state, "pending_first");

	if (!first && strcmp(c->review_state, "pending_second"))
		verr_add(v, "review_state", "这条资料当前不需要审核");
	else if (c->review_author_id && c->review_author_id == who->user_id)
		verr_add(v, "decision", "不能审核自己录入或修改的资料");
	else if (!first && c->first_reviewer_id == who->user_id)
		verr_add(v, "decision", "初审和复审不能由同一人完成");
}

/* Moves c one step on. */
static void decide(const struct principal *who, struct customer_rec *c, bool approve,
		   const char *comment)
{
	bool first = !strcmp(c->review_state, "pending_first");
	int64_t now = clock_now_ms();

	if (first) {
		c->first_reviewer_id = who->user_id;
		c->first_reviewed_at = now;
	} else {
		c->second_reviewer_id = who->user_id;
		c->second_reviewed_at = now;
	}
	snprintf(c->review_state, sizeof c->review_state, "%s",
		 !approve ? "rejected" : first ? "pending_second" : "approved");
	snprintf(c->review_comment, sizeof c->review_comment, "%s", comment ? comment : "");
}

int customers_review(const struct principal *who, int64_t id, int64_t version,
		     const char *decision, const char *comment,
		     struct customer_rec *out, struct customer_view *view, struct verr *v)
{
	bool approve = decision && !strcmp(decision, "approve");
	char before[16];
	struct db *db;
	int rc;

	if (!(db = principal_db(who, PERM_CUSTOMER_REVIEW, &rc)) ||
	    (rc = cust_load(db, who, id, false, out)) != 0)
		return rc;
	if (!approve && (!decision || strcmp(decision, "reject")))
		verr_add(v, "decision", "应为 approve 或 reject");
	if (!approve && (!comment || comment[strspn(comment, " ")] == '\0'))
		verr_add(v, "comment", "驳回时请填写原因");
	else if (comment && utf8_len(comment) > 200)
		verr_add(v, "comment", "不能超过 200 个字符");
	if (v->n)
		return GX_EINVAL;
	check_reviewer(who, out, v);
	if (v->n)
		return GX_ECONFLICT;
	snprintf(before, sizeof before, "%s", out->review_state);
	decide(who, out, approve, comment);
	out->version = version;
	if ((rc = db_begin(db, true)) != 0)
		return rc;
	if ((rc = store_customer_update(db, out, clock_now_ms())) != 0 ||
	    (rc = cust_history_note(db, who, id, "update", "review_state", before,
				    out->review_state)) != 0 ||
	    (comment && *comment &&
	     (rc = cust_history_note(db, who, id, "update", "review_comment", NULL,
				     comment)) != 0) ||
	    (rc = db_commit(db)) != 0) {
		db_rollback(db);
		return rc;
	}
	if ((rc = cust_load(db, who, id, false, out)) != 0)
		return rc;
	return cust_fill_views(db, who, out, view, 1, "review");
}
