/* settings.h - storage of the key/value system settings. */
#ifndef GX_STORE_SETTINGS_H
#define GX_STORE_SETTINGS_H

#include <stddef.h>
#include <stdint.h>

struct db;

/* The value of key into out; GX_ENOTFOUND if the key is not set. */
int store_setting_get(struct db *db, const char *key, char *out, size_t cap);

/* Sets key to value (creating it). */
int store_setting_set(struct db *db, const char *key, const char *value, int64_t now_ms);

#endif
