/* mask.h - masked forms of sensitive values for readers without the right
 * to see them: 138****8000 for phones, 110101********1234 for ID numbers.
 * The masked form keeps enough to recognise a value on the phone with the
 * customer, never enough to use it. */
#ifndef GX_MASK_H
#define GX_MASK_H

#include <stddef.h>

/* Phone: first 3 and last 4 digits kept (shorter numbers: last 2 kept). */
void mask_phone(const char *phone, char *out, size_t cap);

/* ID or licence number: first 6 and last 4 characters kept. */
void mask_id_number(const char *id, char *out, size_t cap);

#endif
