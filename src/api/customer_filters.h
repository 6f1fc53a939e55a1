/* customer_filters.h - the query parameters that choose customers (q,
 * sort and the filters of docs/API.md), read the same way by the customer
 * list and by the export, so an export is exactly the list on screen. */
#ifndef GX_API_CUSTOMER_FILTERS_H
#define GX_API_CUSTOMER_FILTERS_H

#include "api/api.h"
#include "domain/customers.h"

/* Fills s from r's query (pointers into r; paging is the caller's).
 * Numeric parameters that do not parse add to v; the domain checks the
 * rest. */
void api_customer_filters(const struct api_req *r, struct customer_search *s, struct verr *v);

#endif
