#include "lib/cnid.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

bool cnid_phone(const char *in, char *out, size_t cap)
{
	char d[32];
	size_t n = 0;
	const char *p = in;

	while (*p == ' ')
		p++;
	if (!strncmp(p, "+86", 3))
		p += 3;
	else if (!strncmp(p, "0086", 4))
		p += 4;
	for (; *p; p++) {
		if (isdigit((unsigned char)*p)) {
			if (n + 1 >= sizeof d)
				return false;
			d[n++] = *p;
		} else if (!strchr(" -()", *p)) {
			return false;
		}
	}
	d[n] = '\0';
	bool mobile = n == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9';
	bool landline = n >= 10 && n <= 12 && d[0] == '0' && d[1] != '0';
	if (!(mobile || landline) || n + 1 > cap)
		return false;
	memcpy(out, d, n + 1);
	return true;
}

static bool upper18(const char *in, char *out, size_t cap)
{
	if (strlen(in) != 18 || cap < 19)
		return false;
	for (int i = 0; i < 18; i++)
		out[i] = (char)toupper((unsigned char)in[i]);
	out[18] = '\0';
	return true;
}

static bool real_date(int y, int m, int d)
{
	struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12};
	time_t t = timegm(&tm);
	struct tm back;

	if (y < 1900 || t == (time_t)-1 || t > time(NULL))
		return false;
	gmtime_r(&t, &back);
	return back.tm_year == y - 1900 && back.tm_mon == m - 1 && back.tm_mday == d;
}

bool cnid_resident(const char *in, char *out, size_t cap)
{
	static const int weight[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	static const char check[] = "10X98765432";
	int sum = 0, y, m, d;

	if (!upper18(in, out, cap))
		return false;
	for (int i = 0; i < 17; i++) {
		if (!isdigit((unsigned char)out[i]))
			return false;
		sum += (out[i] - '0') * weight[i];
	}
	if (sscanf(out + 6, "%4d%2d%2d", &y, &m, &d) != 3 || !real_date(y, m, d))
		return false;
	return out[17] == check[sum % 11];
}

bool cnid_credit_code(const char *in, char *out, size_t cap)
{
	static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	static const int weight[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
	int sum = 0, c;

	if (!upper18(in, out, cap))
		return false;
	for (int i = 0; i < 17; i++) {
		const char *pos = strchr(alphabet, out[i]);
		if (!pos || !out[i])
			return false;
		sum += (int)(pos - alphabet) * weight[i];
	}
	c = (31 - sum % 31) % 31;
	return out[17] == alphabet[c];
}
