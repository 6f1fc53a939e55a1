/* err.h - error codes shared by every layer, and field-level validation
 * errors that the domain fills and the API turns into a 422 body.
 *
 * Functions across Guanxi return 0 on success or one of the negative codes
 * below; callers pass them up unchanged so that the API layer can map each
 * to one HTTP status in one place. */
#ifndef GX_ERR_H
#define GX_ERR_H

#include <stddef.h>

enum gx_err {
	GX_OK = 0,
	GX_EINVAL = -1,    /* validation failed; details in struct verr */
	GX_ENOTFOUND = -2, /* no such record */
	GX_EPERM = -3,     /* the principal lacks a permission */
	GX_ECONFLICT = -4, /* unique value taken */
	GX_EVERSION = -5,  /* stale version */
	GX_EAUTH = -6,     /* bad credentials, expired session or token */
	GX_ELOCKED = -7,   /* too many failed sign-ins */
	GX_EDISABLED = -8, /* account disabled */
	GX_EDB = -9,       /* storage failed; logged where it happened */
	GX_ENOMEM = -10,
};

#define VERR_MAX 12

/* Field errors, in the order found. Messages are user-facing (Chinese). */
struct verr {
	size_t n;
	struct {
		char field[48];
		char message[160];
	} item[VERR_MAX];
};

/* Adds one field error (ignored past VERR_MAX or if the field already has
 * one) and returns GX_EINVAL so a check can end with `return verr_add(...)`. */
int verr_add(struct verr *v, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A short English name of an error code, for logs. */
const char *gx_strerror(int code);

#endif
