/* contacts.c - /api/v1/customers/{id}/contacts and /api/v1/contacts/{id}:
 * the contacts of an organisation customer, and their vCard export. */
#include "api/api.h"
#include "domain/contacts.h"
#include "domain/customers.h"
#include "lib/vcard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct api_field contact_fields[] = {
	{"version", FT_INT, false, 1, INT64_MAX},
	{"name", FT_STRING, false, 0, 50},
	{"title", FT_STRING, false, 0, 50},
	{"department", FT_STRING, false, 0, 50},
	{"salutation", FT_STRING, false, 0, 20},
	{"phones", FT_STRINGS, false, 0, CONTACT_PHONES_MAX},
	{"email", FT_STRING_OR_NULL, false, 0, 100},
	{"decision_role", FT_STRING, false, 1, 20},
	{"remarks", FT_STRING, false, 0, 1000},
	{0},
};

static json_t *contact_json(const struct contact_rec *c, const struct contact_view *v)
{
	json_t *phones = json_array();

	for (int i = 0; i < v->nphones; i++)
		json_array_append_new(phones, json_string(v->phones[i]));
	return json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:o,s:s,s:s,s:s,s:o,s:o,s:I}",
		"id", (json_int_t)c->id, "customer_id", (json_int_t)c->customer_id,
		"name", c->name, "title", c->title, "department", c->department,
		"salutation", c->salutation, "phones", phones, "email", c->email,
		"decision_role", c->decision_role, "remarks", c->remarks,
		"created_at", api_time(c->created_at), "updated_at", api_time(c->updated_at),
		"version", (json_int_t)c->version);
}

/* One contact and its view, freed by respond_one. */
struct one {
	struct contact_rec rec;
	struct contact_view view;
};

static int respond_one(struct api_req *r, int status, int rc, struct one *x,
		       const struct verr *v)
{
	if (rc == 0)
		api_json(r, status, contact_json(&x->rec, &x->view));
	else
		api_fail(r, rc, v);
	free(x);
	return 0;
}

static int contacts_post(struct api_req *r)
{
	struct one *x = calloc(1, sizeof *x);
	struct verr v = {0};

	if (!x)
		return api_fail(r, GX_ENOMEM, NULL);
	api_check_create(r, contact_fields, &v);
	return respond_one(r, 201, contacts_create(&r->who, r->id, r->json, &x->rec, &x->view, &v),
			   x, &v);
}

static int contacts_patch(struct api_req *r)
{
	struct one *x = calloc(1, sizeof *x);
	struct verr v = {0};

	if (!x)
		return api_fail(r, GX_ENOMEM, NULL);
	api_check_update(r, contact_fields, &v);
	return respond_one(r, 200, contacts_update(&r->who, r->id, api_int(r, "version"),
						   r->json, &x->rec, &x->view, &v), x, &v);
}

static int contacts_get_one(struct api_req *r)
{
	struct one *x = calloc(1, sizeof *x);

	if (!x)
		return api_fail(r, GX_ENOMEM, NULL);
	return respond_one(r, 200, contacts_get(&r->who, r->id, &x->rec, &x->view), x, NULL);
}

static int contacts_delete_one(struct api_req *r)
{
	struct verr v = {0};
	int64_t version = 0;
	int rc;

	if (api_query_version(r, &version, &v) != 0)
		return api_fail(r, GX_EINVAL, &v);
	rc = contacts_delete(&r->who, r->id, version);
	return rc ? api_fail(r, rc, NULL) : api_empty(r, 204);
}

/* All contacts of a customer with their views; freed by the caller. */
struct all {
	struct customer_rec customer;
	struct contact_rec recs[CONTACTS_PER_CUSTOMER_MAX];
	struct contact_view views[CONTACTS_PER_CUSTOMER_MAX];
	int n;
};

static int contacts_list_get(struct api_req *r)
{
	struct all *x = malloc(sizeof *x);
	json_t *items;
	int rc;

	if (!x)
		return api_fail(r, GX_ENOMEM, NULL);
	if ((rc = contacts_list(&r->who, r->id, "contacts", NULL, x->recs, x->views, &x->n)) != 0) {
		free(x);
		return api_fail(r, rc, NULL);
	}
	items = json_array();
	for (int i = 0; i < x->n; i++)
		json_array_append_new(items, contact_json(&x->recs[i], &x->views[i]));
	free(x);
	return api_page_cursor(r, items, NULL);
}

/* Family and given name of a Chinese name: the first character, or two
 * for a compound surname; a name with a space is "given family". */
static void split_name(const char *name, char *family, char *given, size_t cap)
{
	static const char *const compound[] = {"欧阳", "上官", "司马", "诸葛", "司徒", "东方",
					       "皇甫", "慕容", "令狐", "尉迟", "公孙", "夏侯"};
	const char *space = strrchr(name, ' ');
	size_t n = 1;

	if (space) {
		snprintf(family, cap, "%s", space + 1);
		snprintf(given, cap, "%.*s", (int)(space - name), name);
		return;
	}
	while (name[n] && ((unsigned char)name[n] & 0xC0) == 0x80)
		n++;
	for (size_t i = 0; i < sizeof compound / sizeof *compound; i++)
		if (!strncmp(name, compound[i], strlen(compound[i])) && name[strlen(compound[i])])
			n = strlen(compound[i]);
	snprintf(family, cap, "%.*s", (int)n, name);
	snprintf(given, cap, "%s", name + n);
}

static void contact_card(struct vcard_buf *b, const struct customer_rec *customer,
			 const struct contact_rec *c, const struct contact_view *v)
{
	char family[CUST_TEXT_LEN], given[CUST_TEXT_LEN];
	const char *n[5], *org[2] = {customer->name, c->department};

	split_name(c->name, family, given, sizeof family);
	n[0] = family;
	n[1] = given;
	n[2] = "";
	n[3] = c->salutation;
	n[4] = "";
	vcard_begin(b);
	vcard_text(b, "FN", c->name);
	vcard_prop(b, "N", n, 5);
	vcard_prop(b, "ORG", org, c->department[0] ? 2 : 1);
	vcard_text(b, "TITLE", c->title);
	vcard_text(b, "ROLE", contacts_role_label(c->decision_role));
	for (int i = 0; i < v->nphones; i++)
		vcard_text(b, v->phones[i][0] == '1' ? "TEL;TYPE=CELL" : "TEL;TYPE=WORK,VOICE",
			   v->phones[i]);
	vcard_text(b, "EMAIL;TYPE=INTERNET", c->email);
	vcard_text(b, "NOTE", c->remarks);
	vcard_end(b);
}

static int contacts_vcf_get(struct api_req *r)
{
	struct all *x = malloc(sizeof *x);
	struct vcard_buf b = {0};
	char filename[CUST_TEXT_LEN + 32];
	int rc;

	if (!x)
		return api_fail(r, GX_ENOMEM, NULL);
	if ((rc = contacts_list(&r->who, r->id, "vcard", &x->customer, x->recs, x->views,
				&x->n)) != 0) {
		free(x);
		return api_fail(r, rc, NULL);
	}
	for (int i = 0; i < x->n; i++)
		contact_card(&b, &x->customer, &x->recs[i], &x->views[i]);
	snprintf(filename, sizeof filename, "%s-联系人.vcf", x->customer.name);
	if (b.failed)
		api_fail(r, GX_ENOMEM, NULL);
	else
		api_body(r, 200, "text/vcard; charset=utf-8", b.data ? b.data : "", b.len, filename);
	free(b.data);
	free(x);
	return 0;
}

const struct api_route api_contacts_routes[] = {
	{"GET", "/api/v1/customers/{id}/contacts", contacts_list_get, 0, 0},
	{"POST", "/api/v1/customers/{id}/contacts", contacts_post, ROUTE_JSON, 0},
	{"GET", "/api/v1/customers/{id}/contacts.vcf", contacts_vcf_get, 0, 0},
	{"GET", "/api/v1/contacts/{id}", contacts_get_one, 0, 0},
	{"PATCH", "/api/v1/contacts/{id}", contacts_patch, ROUTE_JSON, 0},
	{"DELETE", "/api/v1/contacts/{id}", contacts_delete_one, 0, 0},
	{0},
};
