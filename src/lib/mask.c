#include "lib/mask.h"

#include <string.h>

/* Copies s with characters [keep_head, len - keep_tail) replaced by '*'.
 * Inputs are ASCII (normalised numbers), so bytes are characters. */
static void mask_middle(const char *s, size_t keep_head, size_t keep_tail,
			char *out, size_t cap)
{
	size_t len = strlen(s), i;

	if (cap == 0)
		return;
	for (i = 0; i < len && i + 1 < cap; i++)
		out[i] = (i < keep_head || i >= len - keep_tail) ? s[i] : '*';
	out[i] = '\0';
}

void mask_phone(const char *phone, char *out, size_t cap)
{
	size_t len = strlen(phone);

	if (len >= 11)
		mask_middle(phone, 3, 4, out, cap);
	else
		mask_middle(phone, 0, len > 2 ? 2 : 0, out, cap);
}

void mask_id_number(const char *id, char *out, size_t cap)
{
	size_t len = strlen(id);

	if (len >= 12)
		mask_middle(id, 6, 4, out, cap);
	else
		mask_middle(id, 0, len > 2 ? 2 : 0, out, cap);
}
