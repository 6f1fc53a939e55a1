#include "lib/strset.h"

#include <string.h>

int strset_index(const char *const *list, const char *s)
{
	for (int i = 0; s && list[i]; i++)
		if (!strcmp(list[i], s))
			return i;
	return -1;
}

bool strset_has(const char *const *list, const char *s)
{
	return strset_index(list, s) >= 0;
}
