/* utf8.h - strict UTF-8 checks for everything that enters from outside. */
#ifndef GX_UTF8_H
#define GX_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True if s[0..len) is well-formed UTF-8: no overlong forms, no surrogates,
 * nothing above U+10FFFF. NUL bytes are refused too: no stored text may
 * contain one. */
bool utf8_valid(const char *s, size_t len);

/* Number of code points in a NUL-terminated valid UTF-8 string. */
size_t utf8_len(const char *s);

/* Copies src into dst (cap bytes, NUL included), cutting an over-long
 * string before the character that does not fit, never inside one. */
void utf8_copy(char *dst, size_t cap, const char *src);

/* True if s has no control characters; where multiline, line breaks and
 * tabs are text too. What every free-text field of a record allows. */
bool utf8_text_ok(const char *s, bool multiline);

/* True if s is empty or only spaces, tabs and line breaks. */
bool utf8_blank(const char *s);

#endif
