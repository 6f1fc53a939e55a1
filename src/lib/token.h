/* token.h - random secrets (session ids, CSRF tokens, API and reset tokens)
 * and their one-way digests for storage.
 *
 * A secret leaves the server once, in the response that creates it; the
 * database keeps only token_digest() of it, so a stolen database cannot be
 * used to sign in. */
#ifndef GX_TOKEN_H
#define GX_TOKEN_H

#include <stddef.h>

#define TOKEN_DIGEST_LEN 32
/* prefix + 43 base64url chars for 32 random bytes + NUL */
#define TOKEN_MAX 64

/* Writes prefix followed by 32 random bytes in base64url into out
 * (TOKEN_MAX bytes). Returns 0, or GX_EINVAL if the prefix is too long. */
int token_new(const char *prefix, char *out);

/* BLAKE2b-256 of the token text. */
void token_digest(const char *token, unsigned char out[TOKEN_DIGEST_LEN]);

/* Hex text of len bytes into out (2*len+1 bytes). */
void token_hex(const unsigned char *bytes, size_t len, char *out);

/* Constant-time comparison of two NUL-terminated strings. */
int token_equal(const char *a, const char *b);

#endif
