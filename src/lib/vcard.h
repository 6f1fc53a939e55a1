/* vcard.h - vCard 3.0 text (RFC 2426): cards built property by property
 * into a growing buffer, values escaped and lines folded at 75 octets
 * without splitting a UTF-8 character. Lines end in CRLF. */
#ifndef GX_VCARD_H
#define GX_VCARD_H

#include <stdbool.h>
#include <stddef.h>

struct vcard_buf {
	char *data;  /* malloc'd, NUL-terminated; the caller frees it */
	size_t len, cap;
	bool failed; /* out of memory: data is incomplete */
};

/* BEGIN:VCARD and VERSION:3.0. */
void vcard_begin(struct vcard_buf *b);
/* One property: name with its parameters ("TEL;TYPE=CELL"), then the
 * components of a structured value (N, ORG), each escaped, joined by ';'.
 * A property whose components are all empty is left out. */
void vcard_prop(struct vcard_buf *b, const char *name, const char *const *parts,
		size_t nparts);
/* A property with one text value. */
void vcard_text(struct vcard_buf *b, const char *name, const char *value);
/* END:VCARD. */
void vcard_end(struct vcard_buf *b);

#endif
