/* `kabinetd admin staff --db FILE ...`: the operator's staff accounts from the shell.
 * add, reset: the password from standard input (never argv), checked by the
 * subscribers' rule, hashed at once and wiped; a new TOTP secret printed in base32 and
 * as an otpauth:// URI (on a terminal the password is asked for without echo). list, disable (which ends the account's sessions), and code (the
 * current code from the stored secret, for the demo and the tests). */
#include "kabinet/server/staff.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "kabinet/server/auth.h"
#include "kabinet/server/db.h"
#include "kabinet/server/srv.h"
#include "kabinet/server/totp.h"

struct staff_args {
	const char *db, *cmd, *login, *name, *role;
};

static int fail(const char *fmt, const char *arg)
{
	fprintf(stderr, "kabinetd: admin staff: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	return 2;
}

static int parse_args(int argc, char **argv, struct staff_args *a)
{
	memset(a, 0, sizeof(*a));
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--db") && i + 1 < argc)
			a->db = argv[++i];
		else if (!strcmp(argv[i], "--name") && i + 1 < argc)
			a->name = argv[++i];
		else if (!strcmp(argv[i], "--role") && i + 1 < argc)
			a->role = argv[++i];
		else if (argv[i][0] != '-' && !a->cmd)
			a->cmd = argv[i];
		else if (argv[i][0] != '-' && !a->login)
			a->login = argv[i];
		else
			return fail("unexpected argument %s", argv[i]);
	}
	if (!a->db)
		return fail("%s", "--db FILE is required");
	if (!a->cmd)
		return fail("%s", "add, list, disable, reset or code?");
	if (strcmp(a->cmd, "list") && !a->login)
		return fail("%s needs a LOGIN", a->cmd);
	return 0;
}

/* 2 to 32 of a-z, 0-9, '.', '_', '-', starting with a letter. */
static bool login_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 2 || n > 32 || s[0] < 'a' || s[0] > 'z')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || strchr("._-", *s)))
			return false;
	return true;
}

/* 1 to 100 bytes, no control characters. */
static bool name_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > 100)
		return false;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

/* One line of standard input into line; on a terminal asked for, without echo. */
static void read_line(char *line, int size)
{
	struct termios saved, quiet;
	bool tty = isatty(0) && tcgetattr(0, &saved) == 0;

	if (tty) {
		fputs("Password: ", stderr);
		quiet = saved;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(0, TCSANOW, &quiet);
	}
	if (!fgets(line, size, stdin))
		line[0] = '\0';
	if (tty) {
		tcsetattr(0, TCSANOW, &saved);
		fputc('\n', stderr);
	}
	line[strcspn(line, "\r\n")] = '\0';
}

/* The password from standard input, one line, hashed into hash (128 bytes); every copy
 * wiped. 0, or 2 with the reason said. */
static int read_password(char *hash)
{
	char line[256];
	int rc = 0;

	read_line(line, (int)sizeof(line));
	if (!line[0])
		rc = fail("%s", "no password on standard input");
	else if (!auth_password_ok(line))
		rc = fail("%s", "the password must be 8 to 20 Latin letters, digits and symbols, "
				"with at least one capital letter and at least one digit or symbol");
	else if (srv_password_hash(line, hash) != 0)
		rc = fail("%s", "password hashing failed (out of memory)");
	sodium_memzero(line, sizeof(line));
	return rc;
}

/* A new random secret in base32 (TOTP_SECRET_B32 bytes). */
static void new_secret(char *b32)
{
	unsigned char key[TOTP_SECRET_BYTES];
	randombytes_buf(key, sizeof(key));
	totp_base32_encode(key, sizeof(key), b32);
	sodium_memzero(key, sizeof(key));
}

static void print_secret(const char *login, const char *b32)
{
	printf("secret: %s\n", b32);
	printf("uri: otpauth://totp/kabinet:%s?secret=%s&issuer=kabinet&algorithm=SHA1"
	       "&digits=6&period=30\n", login, b32);
}

static int cmd_add(sqlite3 *db, const struct staff_args *a)
{
	char hash[128], b32[TOTP_SECRET_B32];
	int rc;

	if (!login_ok(a->login))
		return fail("LOGIN %s: use 2 to 32 of a-z, 0-9, '.', '_', '-', a letter first",
			    a->login);
	if (!a->name || !name_ok(a->name))
		return fail("%s", "--name \"Display Name\" (1 to 100 bytes, no control characters) "
				  "is required");
	if (!staff_role_bit(a->role))
		return fail("%s", "--role support or --role office is required");
	if (db_int(db, "SELECT 1 FROM staff WHERE login = ?", 0, "s", a->login) == 1)
		return fail("%s already exists", a->login);
	if ((rc = read_password(hash)))
		return rc;
	new_secret(b32);
	if (db_exec(db, "INSERT INTO staff (login, name, role, pwhash, totp_secret, created_at) "
			"VALUES (?, ?, ?, ?, ?, ?)", "sssssi",
		    a->login, a->name, a->role, hash, b32, srv_now()) != SQLITE_DONE)
		return fail("%s", "the database refused the new account");
	printf("kabinetd: staff %s added (role %s)\n", a->login, a->role);
	print_secret(a->login, b32);
	return 0;
}

static int cmd_list(sqlite3 *db)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT login, name, role, disabled FROM staff ORDER BY login");
	if (!st)
		return fail("%s", "cannot read the staff");
	while (sqlite3_step(st) == SQLITE_ROW)
		printf("%s\t%s\t%s\t%s\n", db_text(st, 0), db_text(st, 1), db_text(st, 2),
		       sqlite3_column_int64(st, 3) ? "disabled" : "active");
	sqlite3_reset(st);
	return 0;
}

/* The account's sessions and pending logins end with its password or its access. */
static int end_sessions(sqlite3 *db, int64_t id)
{
	if (db_exec(db, "DELETE FROM staff_sessions WHERE staff_id = ?", "i", id) != SQLITE_DONE ||
	    db_exec(db, "DELETE FROM staff_logins WHERE staff_id = ?", "i", id) != SQLITE_DONE)
		return fail("%s", "cannot end the account's sessions");
	return 0;
}

static int cmd_disable(sqlite3 *db, int64_t id, const char *login)
{
	if (db_exec(db, "UPDATE staff SET disabled = 1 WHERE id = ?", "i", id) != SQLITE_DONE)
		return fail("cannot disable %s", login);
	if (end_sessions(db, id))
		return 2;
	printf("kabinetd: staff %s disabled\n", login);
	return 0;
}

/* A new password and a new secret; a disabled account stays disabled. */
static int cmd_reset(sqlite3 *db, int64_t id, const char *login)
{
	char hash[128], b32[TOTP_SECRET_B32];
	int rc;

	if ((rc = read_password(hash)))
		return rc;
	new_secret(b32);
	if (db_exec(db, "UPDATE staff SET pwhash = ?, totp_secret = ?, totp_step = 0 WHERE id = ?",
		    "ssi", hash, b32, id) != SQLITE_DONE)
		return fail("cannot reset %s", login);
	if (end_sessions(db, id))
		return 2;
	printf("kabinetd: staff %s reset\n", login);
	print_secret(login, b32);
	return 0;
}

static int cmd_code(sqlite3 *db, const char *login)
{
	unsigned char key[64];
	char b32[128] = "", code[TOTP_DIGITS + 1];
	sqlite3_stmt *st = db_stmt(db, "SELECT totp_secret FROM staff WHERE login = ?");
	int n;

	if (!st)
		return fail("%s", "cannot read the staff");
	db_bind(st, "s", login);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(b32, sizeof(b32), "%s", db_text(st, 0));
	sqlite3_reset(st);
	n = totp_base32_decode(b32, key, sizeof(key));
	if (n <= 0 || totp_code(key, (size_t)n, totp_step(srv_now()), TOTP_DIGITS, code) != 0)
		n = -1;
	sodium_memzero(key, sizeof(key));
	sodium_memzero(b32, sizeof(b32));
	if (n < 0)
		return fail("cannot compute a code for %s", login);
	printf("%s\n", code);
	return 0;
}

static int run(sqlite3 *db, const struct staff_args *a)
{
	int64_t id;

	if (!strcmp(a->cmd, "add"))
		return cmd_add(db, a);
	if (!strcmp(a->cmd, "list"))
		return cmd_list(db);
	if (strcmp(a->cmd, "disable") && strcmp(a->cmd, "reset") && strcmp(a->cmd, "code"))
		return fail("unknown command %s (add, list, disable, reset or code)", a->cmd);
	id = db_int(db, "SELECT id FROM staff WHERE login = ?", 0, "s", a->login);
	if (!id)
		return fail("no staff account %s", a->login);
	if (!strcmp(a->cmd, "disable"))
		return cmd_disable(db, id, a->login);
	return !strcmp(a->cmd, "reset") ? cmd_reset(db, id, a->login) : cmd_code(db, a->login);
}

int staff_admin(int argc, char **argv)
{
	struct staff_args a;
	char err[512];
	int rc;

	if ((rc = parse_args(argc, argv, &a)))
		return rc;
	srv_cfg.db_path = a.db;
	if (db_init(a.db, err, sizeof(err)) != 0 || !db_thread())
		return fail("%s", err);
	rc = run(db_thread(), &a);
	db_close_all();
	return rc;
}
