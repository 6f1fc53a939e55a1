/* password.h - argon2id password hashes (libsodium crypto_pwhash_str). */
#ifndef GX_PASSWORD_H
#define GX_PASSWORD_H

#include <stdbool.h>

#define PASSWORD_HASH_MAX 128
#define PASSWORD_MIN_CHARS 8
#define PASSWORD_MAX_BYTES 256

/* Hashes password into out (PASSWORD_HASH_MAX bytes, an "$argon2id$…"
 * string). Returns 0, or GX_ENOMEM if argon2 could not get its memory. */
int password_hash(const char *password, char *out);

/* True if password matches the stored hash. */
bool password_verify(const char *hash, const char *password);

/* Verifies against a fixed dummy hash, so that a sign-in for an unknown
 * user costs the same time as one for a known user. Always false. */
bool password_verify_dummy(const char *password);

#endif
