/* secret.h - encryption at rest of sensitive fields (SYS-5), and a keyed
 * index that still finds them by exact value.
 *
 * The key is 32 random bytes in a file beside the database (PATH.key,
 * mode 0600), made when the database is made. Sealed values are
 * base64(nonce || XSalsa20-Poly1305 ciphertext); the index is a keyed
 * BLAKE2b of the value with a key derived from the same file, so equal
 * values give equal indexes and nothing else can be learned from them.
 * Back up the key file with the database: without it sealed values are
 * lost. */
#ifndef GX_SECRET_H
#define GX_SECRET_H

#include <stdbool.h>
#include <stddef.h>

#define SECRET_INDEX_LEN 32
#define SECRET_SEALED_MAX 512

/* Loads the key from key_path, creating it when create is true and it does
 * not exist. 0, or GX_EDB with the reason logged. */
int secret_open(const char *key_path, bool create);

/* Seals plain (at most 256 bytes) into out (SECRET_SEALED_MAX). */
int secret_seal(const char *plain, char *out);

/* Opens a sealed value into out (cap bytes). GX_EINVAL if it was not sealed
 * with this key or was altered. */
int secret_unseal(const char *sealed, char *out, size_t cap);

/* The keyed index of value. */
void secret_index(const char *value, unsigned char out[SECRET_INDEX_LEN]);

#endif
