#include "domain/customer_columns.h"

#include <stddef.h>
#include <string.h>

struct label {
	const char *value, *zh;
};

static const struct label types[] = {
	{"individual", "个人"}, {"corporate", "公司"}, {"financial", "金融机构"},
	{"government", "政府机构"}, {NULL, NULL},
};
static const struct label genders[] = {
	{"male", "男"}, {"female", "女"}, {"unknown", "未知"}, {NULL, NULL},
};
static const struct label grades[] = {
	{"below_BB", "BB 以下"}, {"below_BB", "BB以下"}, {NULL, NULL},
};
static const struct label tiers[] = {
	{"vip", "贵宾"}, {"key", "重点"}, {"general", "一般"}, {"small", "零散"}, {NULL, NULL},
};
static const struct label stages[] = {
	{"prospect", "潜在"}, {"new", "新客户"}, {"active", "活跃"}, {"loyal", "忠诚"},
	{"dormant", "沉睡"}, {"lost", "流失"}, {NULL, NULL},
};

static const struct label educations[] = {
	{"primary", "小学"}, {"junior_high", "初中"}, {"senior_high", "高中"},
	{"vocational", "中专/技校"}, {"college", "大专"}, {"bachelor", "本科"},
	{"master", "硕士"}, {"doctor", "博士"}, {NULL, NULL},
};

static const struct column {
	const char *zh, *key, *field;
	const char *aliases[3]; /* as the web front end names the field */
	const struct label *labels;
	int list, subjective;
} columns[CC__COUNT] = {
	[CC_TYPE] = {"类型", "type", "type", {"客户类型"}, types, 0},
	[CC_NAME] = {"名称", "name", "name", {"姓名", "姓名/名称"}, NULL, 0},
	[CC_PHONES] = {"电话", "phones", "phones", {"手机", "phone"}, NULL, 1},
	[CC_EMAILS] = {"邮箱", "emails", "emails", {"email"}, NULL, 1},
	[CC_ID_NUMBER] = {"证件号码", "id_number", "id_number", {"证件号"}, NULL, 0},
	[CC_COMPANY] = {"公司", "company", "company", {0}, NULL, 0},
	[CC_INDUSTRY] = {"行业", "industry", "industry", {0}, NULL, 0},
	[CC_SOURCE] = {"来源", "source", "source", {0}, NULL, 0},
	[CC_GENDER] = {"性别", "gender", "gender", {0}, genders, 0},
	[CC_BIRTHDAY] = {"生日", "birthday", "birthday", {"出生日期"}, NULL, 0},
	[CC_CREDIT_GRADE] = {"信用等级", "credit_grade", "credit_grade", {0}, grades, 0},
	[CC_TIER] = {"等级", "tier", "tier", {"客户等级"}, tiers, 0},
	[CC_STAGE] = {"阶段", "lifecycle_stage", "lifecycle_stage", {"生命周期"}, stages, 0},
	[CC_PROVINCE] = {"省", "province", "province", {"省份"}, NULL, 0},
	[CC_CITY] = {"市", "city", "city", {"城市"}, NULL, 0},
	[CC_DISTRICT] = {"区县", "district", "district", {0}, NULL, 0},
	[CC_ADDRESS] = {"地址", "address", "address", {0}, NULL, 0},
	[CC_TAGS] = {"标签", "tags", "tags", {0}, NULL, 1},
	[CC_REMARKS] = {"备注", "remarks", "remarks", {0}, NULL, 0},
	[CC_OWNER] = {"负责人", "owner", "owner_id", {0}, NULL, 0},
	[CC_EDUCATION] = {"学历", "education", "education", {0}, educations, 0},
	[CC_PREFERENCES] = {"偏好", "preferences", "preferences", {"喜好"}, NULL, 0, 1},
	[CC_DISLIKES] = {"忌讳", "dislikes", "dislikes", {0}, NULL, 0, 1},
	[CC_HABITS] = {"习惯", "habits", "habits", {0}, NULL, 0, 1},
	[CC_RELIGION] = {"宗教信仰", "religion", "religion", {"宗教"}, NULL, 0, 1},
	[CC_CARE_NOTES] = {"关怀备注", "care_notes", "care_notes", {0}, NULL, 0},
};

static int same(const char *header, size_t len, const char *name)
{
	return name && strlen(name) == len && !strncmp(header, name, len);
}

int customer_column_find(const char *header)
{
	size_t len;

	while (*header == ' ')
		header++;
	for (len = strlen(header); len && header[len - 1] == ' '; len--)
		;
	for (int c = 0; c < CC__COUNT; c++) {
		const struct column *col = &columns[c];
		if (same(header, len, col->zh) || same(header, len, col->key))
			return c;
		for (size_t a = 0; a < sizeof col->aliases / sizeof *col->aliases; a++)
			if (same(header, len, col->aliases[a]))
				return c;
	}
	return -1;
}

const char *customer_column_header(enum customer_column c)
{
	return columns[c].zh;
}

const char *customer_column_field(enum customer_column c)
{
	return columns[c].field;
}

int customer_column_of_field(const char *field)
{
	if (!strcmp(field, "team_id"))
		return CC_OWNER;
	for (int c = 0; c < CC__COUNT; c++)
		if (!strcmp(columns[c].field, field))
			return c;
	return -1;
}

int customer_column_is_subjective(enum customer_column c)
{
	return columns[c].subjective;
}

int customer_column_is_list(enum customer_column c)
{
	return columns[c].list;
}

const char *customer_column_value(enum customer_column c, const char *label)
{
	for (const struct label *l = columns[c].labels; l && l->value; l++)
		if (!strcmp(l->zh, label))
			return l->value;
	return label;
}

const char *customer_column_label(enum customer_column c, const char *value)
{
	for (const struct label *l = columns[c].labels; l && l->value; l++)
		if (!strcmp(l->value, value))
			return l->zh;
	return value;
}
