/* cnid.h - mainland China phone numbers and identity numbers: the formats
 * customers type and the check digits that catch a mistyped character. */
#ifndef GX_CNID_H
#define GX_CNID_H

#include <stdbool.h>
#include <stddef.h>

/* Normalises a phone number to its digits (removing spaces, dashes,
 * brackets and a leading +86 / 0086) into out (cap bytes) and checks it is
 * a mobile (1[3-9] + 9 digits) or a landline (0 + area code + number, 10-12
 * digits in all). Returns true if valid. */
bool cnid_phone(const char *in, char *out, size_t cap);

/* 18-character resident identity number (GB 11643): region digits, a real
 * birth date, sequence, and the ISO 7064 MOD 11-2 check character (X for
 * 10, either case; out gets it upper-case). */
bool cnid_resident(const char *in, char *out, size_t cap);

/* 18-character unified social credit code (GB 32100) with its MOD 31
 * check character; out upper-case. */
bool cnid_credit_code(const char *in, char *out, size_t cap);

#endif
