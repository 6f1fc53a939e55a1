#include "lib/password.h"
#include "lib/err.h"

#include <pthread.h>
#include <semaphore.h>
#include <sodium.h>
#include <string.h>

/* Interactive limits: about 64 MiB and a few tens of milliseconds a hash. */
#define OPS crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE
#define MEM crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE
/* At most this many hashes at once, so a burst of sign-ins cannot take
 * more than PARALLEL * 64 MiB. */
#define PARALLEL 4

static sem_t slots;
static pthread_once_t slots_once = PTHREAD_ONCE_INIT;

static void slots_init(void)
{
	sem_init(&slots, 0, PARALLEL);
}

static void slot_take(void)
{
	pthread_once(&slots_once, slots_init);
	while (sem_wait(&slots) != 0)
		;
}

int password_hash(const char *password, char *out)
{
	int rc;

	slot_take();
	rc = crypto_pwhash_argon2id_str(out, password, strlen(password), OPS, MEM);
	sem_post(&slots);
	return rc == 0 ? 0 : GX_ENOMEM;
}

bool password_verify(const char *hash, const char *password)
{
	int rc;

	slot_take();
	rc = crypto_pwhash_argon2id_str_verify(hash, password, strlen(password));
	sem_post(&slots);
	return rc == 0;
}

static char dummy_hash[PASSWORD_HASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void dummy_init(void)
{
	char secret[33];

	randombytes_buf(secret, 32);
	for (int i = 0; i < 32; i++)
		secret[i] = (char)('a' + ((unsigned char)secret[i] % 26));
	secret[32] = '\0';
	if (password_hash(secret, dummy_hash) != 0)
		dummy_hash[0] = '\0';
}

bool password_verify_dummy(const char *password)
{
	pthread_once(&dummy_once, dummy_init);
	if (dummy_hash[0])
		(void)password_verify(dummy_hash, password);
	return false;
}
