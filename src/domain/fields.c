#include "domain/fields.h"
#include "lib/strset.h"
#include "lib/utf8.h"

#include <stdio.h>

void field_text(json_t *val, const char *field, size_t max, bool multiline, char *dst,
		size_t cap, struct verr *v)
{
	const char *s = json_string_value(val);

	if (!s)
		verr_add(v, field, "应为字符串");
	else if (utf8_len(s) > max)
		verr_add(v, field, "不能超过 %zu 个字符", max);
	else if (!utf8_text_ok(s, multiline))
		verr_add(v, field, "不能包含控制字符");
	else if (!multiline && utf8_blank(s))
		verr_add(v, field, "不能为空");
	else
		snprintf(dst, cap, "%s", s);
}

void field_choice(json_t *val, const char *field, const char *const *choices, char *dst,
		  size_t cap, struct verr *v)
{
	if (!strset_has(choices, json_string_value(val)))
		verr_add(v, field, "取值无效");
	else
		snprintf(dst, cap, "%s", json_string_value(val));
}
