/* customer_review.h - maker-checker review of customer records (CUS-6).
 *
 * While the setting customer.review is on, every new or changed customer
 * waits for a first review (初审) and then a second (复审). The author of
 * the change may give neither, and one person may not give both. A reject
 * needs a reason; the next change puts the record back in review. Each
 * decision is kept in the customer's history. */
#ifndef GX_DOMAIN_CUSTOMER_REVIEW_H
#define GX_DOMAIN_CUSTOMER_REVIEW_H

#include "domain/customers.h"

/* decision: "approve" or "reject"; comment may be NULL for approve. Needs
 * customer.review and the customer in scope; GX_ECONFLICT with v filled
 * when the record is not waiting or who may not review it; GX_EVERSION
 * when version is stale. */
int customers_review(const struct principal *who, int64_t id, int64_t version,
		     const char *decision, const char *comment,
		     struct customer_rec *out, struct customer_view *view, struct verr *v);

#endif
