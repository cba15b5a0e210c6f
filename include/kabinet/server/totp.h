/* Time-based one-time passwords for staff logins (RFC 6238 over RFC 4226: HMAC-SHA-1,
 * 6 digits, 30-second steps) and the base32 text (RFC 4648, no padding) their secrets
 * are shown and stored in. Pure: no clock, no database. */
#ifndef KABINET_SERVER_TOTP_H
#define KABINET_SERVER_TOTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TOTP_SECRET_BYTES 20
#define TOTP_STEP 30
#define TOTP_DIGITS 6
/* A 20-byte secret in base32: 32 characters and the NUL. */
#define TOTP_SECRET_B32 33

/* The step (counter) of a Unix time. */
int64_t totp_step(int64_t unix_time);
/* HOTP of key and counter truncated to digits (6 to 8) decimal digits, written with
 * leading zeros into out (digits + 1 bytes). Returns 0, or -1 when HMAC fails. */
int totp_code(const unsigned char *key, size_t key_len, int64_t counter, int digits,
	      char *out);
/* Base32 without padding; out needs (len * 8 + 4) / 5 + 1 bytes. */
void totp_base32_encode(const unsigned char *in, size_t len, char *out);
/* The reverse, upper or lower case, no padding or spaces; returns the number of bytes
 * written to out (at most size), or -1 for a character outside the alphabet, leftover
 * bits that are not zero, or too little room. */
int totp_base32_decode(const char *in, unsigned char *out, size_t size);
/* The step within one of unix_time's (its step - 1, itself, + 1) whose code is `code`
 * (exactly 6 digits) under the base32 secret and that is later than last_step (a code
 * already taken is refused); *step gets it. Compares in constant time. */
bool totp_verify(const char *secret_b32, const char *code, int64_t unix_time,
		 int64_t last_step, int64_t *step);

#endif
