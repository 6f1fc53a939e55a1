/* customer_columns.h - the columns of a customer file (CUS-11): what each
 * column of an import or export is called (Chinese header, English key,
 * and the names the web front end shows), which customer field it fills,
 * and the Chinese labels of the enumerated values. Import and export share
 * this table, so an exported file imports again. */
#ifndef GX_DOMAIN_CUSTOMER_COLUMNS_H
#define GX_DOMAIN_CUSTOMER_COLUMNS_H

/* A cell starting with one of these would run as a formula in a
 * spreadsheet (OWASP's list, tab and carriage return included); an export
 * writes a leading apostrophe before it and an import takes it off. */
#define FORMULA_START "=+-@\t\r"

enum customer_column {
	CC_TYPE, CC_NAME, CC_PHONES, CC_EMAILS, CC_ID_NUMBER, CC_COMPANY,
	CC_INDUSTRY, CC_SOURCE, CC_GENDER, CC_BIRTHDAY, CC_CREDIT_GRADE, CC_TIER,
	CC_STAGE, CC_PROVINCE, CC_CITY, CC_DISTRICT, CC_ADDRESS, CC_TAGS,
	CC_REMARKS, CC_OWNER,
	/* the profile (CUS-5); the four subjective ones are masked like phones */
	CC_EDUCATION, CC_PREFERENCES, CC_DISLIKES, CC_HABITS, CC_RELIGION, CC_CARE_NOTES,
	CC__COUNT
};

/* The column a header names (Chinese, English key or the web's label,
 * surrounding spaces ignored), or -1. */
int customer_column_find(const char *header);

/* The Chinese header an export writes ("类型"). */
const char *customer_column_header(enum customer_column c);

/* The field of the customer API the column fills ("type", "owner_id"). */
const char *customer_column_field(enum customer_column c);

/* The column a field of a validation error belongs to ("owner_id" and
 * "team_id" to the owner column), or -1. */
int customer_column_of_field(const char *field);

/* True for the subjective profile columns, shown as "******" to readers
 * without customer.read_sensitive. */
int customer_column_is_subjective(enum customer_column c);

/* True for the columns that hold several values (phones, emails, tags). */
int customer_column_is_list(enum customer_column c);

/* The value of an enumerated column for its Chinese label ("个人" ->
 * "individual"); anything else, English values included, as given. */
const char *customer_column_value(enum customer_column c, const char *label);

/* The Chinese label of an enumerated value for an export; value itself
 * when the column has no labels or the value none. */
const char *customer_column_label(enum customer_column c, const char *value);

#endif
