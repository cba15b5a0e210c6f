/* Unit tests of kabinetd's staff logins' pure parts: TOTP against RFC 6238's appendix B
 * (the SHA-1 vectors, 8 digits, and their last 6 as kabinetd's codes), the window of one
 * step either side and the replay rule, base32 (RFC 4648's vectors), and the role check
 * of the staff API's dispatcher. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <string.h>

#include "kabinet/server/staff.h"
#include "kabinet/server/totp.h"

#define RFC_SECRET "12345678901234567890"

static const struct {
	int64_t time;
	const char *code;
} rfc_vectors[] = {
	{ 59, "94287082" },	    { 1111111109, "07081804" }, { 1111111111, "14050471" },
	{ 1234567890, "89005924" }, { 2000000000, "69279037" },
};

static void rfc6238_sha1_vectors(void **state)
{
	char code[9];
	for (size_t i = 0; i < sizeof(rfc_vectors) / sizeof(rfc_vectors[0]); i++) {
		assert_int_equal(totp_code((const unsigned char *)RFC_SECRET, 20,
					   totp_step(rfc_vectors[i].time), 8, code), 0);
		assert_string_equal(code, rfc_vectors[i].code);
		assert_int_equal(totp_code((const unsigned char *)RFC_SECRET, 20,
					   totp_step(rfc_vectors[i].time), 6, code), 0);
		assert_string_equal(code, rfc_vectors[i].code + 2);
	}
}

static void base32_rfc4648_vectors(void **state)
{
	static const char *const plain[] = { "", "f", "fo", "foo", "foob", "fooba", "foobar" };
	static const char *const coded[] = { "", "MY", "MZXQ", "MZXW6", "MZXW6YQ", "MZXW6YTB",
					     "MZXW6YTBOI" };
	char out[40];
	unsigned char back[32];
	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
		totp_base32_encode((const unsigned char *)plain[i], strlen(plain[i]), out);
		assert_string_equal(out, coded[i]);
		assert_int_equal(totp_base32_decode(coded[i], back, sizeof(back)), (int)strlen(plain[i]));
		assert_memory_equal(back, plain[i], strlen(plain[i]));
	}
	/* The RFC 6238 secret as an authenticator app takes it, in either case. */
	totp_base32_encode((const unsigned char *)RFC_SECRET, 20, out);
	assert_string_equal(out, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
	assert_int_equal(totp_base32_decode("gezdgnbvgy3tqojqgezdgnbvgy3tqojq", back, sizeof(back)), 20);
	assert_memory_equal(back, RFC_SECRET, 20);
}

static void base32_refuses_what_is_not(void **state)
{
	unsigned char back[8];
	assert_int_equal(totp_base32_decode("MZXW1", back, sizeof(back)), -1);	/* 1 */
	assert_int_equal(totp_base32_decode("MZXW6=", back, sizeof(back)), -1);	/* padding */
	assert_int_equal(totp_base32_decode("MZ XW", back, sizeof(back)), -1);
	assert_int_equal(totp_base32_decode("MY", back, sizeof(back)), 1);
	assert_int_equal(totp_base32_decode("MZ", back, sizeof(back)), -1);	/* bits left */
	assert_int_equal(totp_base32_decode("MZXW6YTBOI", back, 5), -1);		/* no room */
}

/* The code of the step of t under the RFC secret. */
static const char *code_at(int64_t t, char *buf)
{
	assert_int_equal(totp_code((const unsigned char *)RFC_SECRET, 20, totp_step(t), 6, buf), 0);
	return buf;
}

static void one_step_either_side_and_no_more(void **state)
{
	const char *secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
	const int64_t now = 1111111111;
	char code[8];
	int64_t step = 0;

	for (int d = -1; d <= 1; d++) {
		assert_true(totp_verify(secret, code_at(now + d * 30, code), now, 0, &step));
		assert_int_equal(step, totp_step(now) + d);
	}
	assert_false(totp_verify(secret, code_at(now - 60, code), now, 0, &step));
	assert_false(totp_verify(secret, code_at(now + 60, code), now, 0, &step));
	assert_false(totp_verify(secret, "000000", now, 0, &step) &&
		     strcmp(code_at(now, code), "000000"));
	assert_false(totp_verify(secret, "12345", now, 0, &step));
	assert_false(totp_verify(secret, "1234567", now, 0, &step));
	assert_false(totp_verify(secret, "12a456", now, 0, &step));
	assert_false(totp_verify("not base32!", code_at(now, code), now, 0, &step));
}

static void a_code_is_taken_once(void **state)
{
	const char *secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
	const int64_t now = 1234567890;
	char code[8];
	int64_t step = 0, last;

	assert_true(totp_verify(secret, code_at(now, code), now, 0, &last));
	/* The same code again, and the step before it, are refused; the next is taken. */
	assert_false(totp_verify(secret, code_at(now, code), now, last, &step));
	assert_false(totp_verify(secret, code_at(now - 30, code), now, last, &step));
	assert_true(totp_verify(secret, code_at(now + 30, code), now, last, &step));
	assert_int_equal(step, last + 1);
}

static void roles_by_name_and_the_check(void **state)
{
	const unsigned support_only = STAFF_ROLE_SUPPORT, office_only = STAFF_ROLE_OFFICE;
	assert_int_equal(staff_role_bit("support"), STAFF_ROLE_SUPPORT);
	assert_int_equal(staff_role_bit("office"), STAFF_ROLE_OFFICE);
	assert_int_equal(staff_role_bit("Support"), 0);
	assert_int_equal(staff_role_bit(""), 0);
	assert_int_equal(staff_role_bit(NULL), 0);
	assert_string_equal(staff_role_name(STAFF_ROLE_OFFICE), "office");
	assert_null(staff_role_name(STAFF_ROLES_ALL));

	assert_true(staff_role_allows(STAFF_ROLES_ALL, STAFF_ROLE_SUPPORT));
	assert_true(staff_role_allows(STAFF_ROLES_ALL, STAFF_ROLE_OFFICE));
	/* An office-only method refuses support, and the other way round. */
	assert_false(staff_role_allows(office_only, STAFF_ROLE_SUPPORT));
	assert_true(staff_role_allows(office_only, STAFF_ROLE_OFFICE));
	assert_false(staff_role_allows(support_only, STAFF_ROLE_OFFICE));
	/* No role (an unknown name in the table) is allowed nothing. */
	assert_false(staff_role_allows(STAFF_ROLES_ALL, 0));
	assert_false(staff_role_allows(STAFF_ROLES_ALL, STAFF_ROLES_ALL));
	/* A method that names no role is for nobody. */
	assert_false(staff_role_allows(0, STAFF_ROLE_SUPPORT));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rfc6238_sha1_vectors),
		cmocka_unit_test(base32_rfc4648_vectors),
		cmocka_unit_test(base32_refuses_what_is_not),
		cmocka_unit_test(one_step_either_side_and_no_more),
		cmocka_unit_test(a_code_is_taken_once),
		cmocka_unit_test(roles_by_name_and_the_check),
	};
	return cmocka_run_group_tests_name("totp", tests, NULL, NULL);
}
