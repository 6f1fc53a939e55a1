/* validate.c - declared-field checking of JSON bodies. */
#include "api/api.h"
#include "lib/utf8.h"

#include <string.h>

static const struct api_field *spec_find(const struct api_field *spec, const char *key)
{
	for (; spec->name; spec++)
		if (!strcmp(spec->name, key))
			return spec;
	return NULL;
}

static void check_string(const struct api_field *f, json_t *val, struct verr *v)
{
	size_t n = utf8_len(json_string_value(val));

	if ((int64_t)n < f->min)
		verr_add(v, f->name, f->min <= 1 ? "不能为空" : "至少 %lld 个字符",
			 (long long)f->min);
	else if ((int64_t)n > f->max)
		verr_add(v, f->name, "不能超过 %lld 个字符", (long long)f->max);
}

static void check_field(const struct api_field *f, json_t *val, struct verr *v)
{
	size_t i;
	json_t *item;

	switch (f->type) {
	case FT_STRING_OR_NULL:
		if (json_is_null(val))
			return;
		/* fall through */
	case FT_STRING:
		if (!json_is_string(val))
			verr_add(v, f->name, "应为字符串");
		else
			check_string(f, val, v);
		return;
	case FT_INT_OR_NULL:
		if (json_is_null(val))
			return;
		/* fall through */
	case FT_INT:
		if (!json_is_integer(val))
			verr_add(v, f->name, "应为整数");
		else if (json_integer_value(val) < f->min || json_integer_value(val) > f->max)
			verr_add(v, f->name, "应在 %lld 到 %lld 之间",
				 (long long)f->min, (long long)f->max);
		return;
	case FT_NUMBER:
		if (!json_is_number(val))
			verr_add(v, f->name, "应为数字");
		else if (json_number_value(val) < (double)f->min ||
			 json_number_value(val) > (double)f->max)
			verr_add(v, f->name, "应在 %lld 到 %lld 之间",
				 (long long)f->min, (long long)f->max);
		return;
	case FT_BOOL:
		if (!json_is_boolean(val))
			verr_add(v, f->name, "应为 true 或 false");
		return;
	case FT_OBJECT:
		if (!json_is_object(val))
			verr_add(v, f->name, "应为对象");
		else if ((int64_t)json_object_size(val) > f->max)
			verr_add(v, f->name, "最多 %lld 项", (long long)f->max);
		return;
	case FT_ARRAY:
		if (!json_is_array(val))
			verr_add(v, f->name, "应为数组");
		else if ((int64_t)json_array_size(val) > f->max)
			verr_add(v, f->name, "最多 %lld 项", (long long)f->max);
		return;
	case FT_IDS:
		if (!json_is_array(val) || (int64_t)json_array_size(val) < f->min ||
		    (int64_t)json_array_size(val) > f->max) {
			verr_add(v, f->name, "应为 %lld 到 %lld 个编号的数组",
				 (long long)f->min, (long long)f->max);
			return;
		}
		json_array_foreach(val, i, item)
			if (!json_is_integer(item) || json_integer_value(item) <= 0) {
				verr_add(v, f->name, "应为正整数编号的数组");
				return;
			}
		return;
	case FT_STRINGS:
		if (!json_is_array(val)) {
			verr_add(v, f->name, "应为字符串数组");
			return;
		}
		if ((int64_t)json_array_size(val) < f->min ||
		    (int64_t)json_array_size(val) > f->max) {
			verr_add(v, f->name, "应有 %lld 到 %lld 项",
				 (long long)f->min, (long long)f->max);
			return;
		}
		json_array_foreach(val, i, item)
			if (!json_is_string(item) || utf8_len(json_string_value(item)) > 64) {
				verr_add(v, f->name, "应为字符串数组");
				return;
			}
		return;
	}
}

int api_check_body(const struct api_req *r, const struct api_field *spec,
		   struct verr *v)
{
	const char *key;
	json_t *val;

	json_object_foreach(r->json, key, val) {
		const struct api_field *f = spec_find(spec, key);
		if (!f)
			verr_add(v, key, "不支持的字段");
		else
			check_field(f, val, v);
	}
	for (; spec->name; spec++)
		if (spec->required && !json_object_get(r->json, spec->name))
			verr_add(v, spec->name, "必填");
	return v->n ? GX_EINVAL : 0;
}

int api_check_create(const struct api_req *r, const struct api_field *spec,
		     struct verr *v)
{
	api_check_body(r, spec, v);
	if (api_has(r, "version"))
		verr_add(v, "version", "新建时不能指定");
	return v->n ? GX_EINVAL : 0;
}

int api_check_update(const struct api_req *r, const struct api_field *spec,
		     struct verr *v)
{
	api_check_body(r, spec, v);
	if (!api_has(r, "version"))
		verr_add(v, "version", "必填");
	return v->n ? GX_EINVAL : 0;
}

int api_query_version(const struct api_req *r, int64_t *version, struct verr *v)
{
	*version = 0;
	api_query_int(r, "version", 1, INT64_MAX, version, v);
	if (!*version)
		verr_add(v, "version", "删除时需带上 version 参数");
	return v->n ? GX_EINVAL : 0;
}

const char *api_str(const struct api_req *r, const char *key)
{
	return json_string_value(json_object_get(r->json, key));
}

bool api_has(const struct api_req *r, const char *key)
{
	return json_object_get(r->json, key) != NULL;
}

int64_t api_int(const struct api_req *r, const char *key)
{
	return json_integer_value(json_object_get(r->json, key));
}
