#include "api/customer_filters.h"

#include <stdint.h>

void api_customer_filters(const struct api_req *r, struct customer_search *s, struct verr *v)
{
	api_query_int(r, "owner_id", 1, INT64_MAX, &s->owner_id, v);
	api_query_int(r, "created_from", 0, INT64_MAX, &s->created_from, v);
	api_query_int(r, "created_to", 0, INT64_MAX, &s->created_to, v);
	s->q = api_query(r, "q");
	s->sort = api_query(r, "sort");
	s->type = api_query(r, "type");
	s->tier = api_query(r, "tier");
	s->tag = api_query(r, "tag");
	s->review = api_query(r, "review");
	s->region = api_query(r, "region");
	s->ext_field = api_query(r, "ext_field");
	s->ext_value = api_query(r, "ext_value");
}
