/* The operator's staff: their roles, the staff API's sessions and what `kabinetd admin
 * staff` does to their accounts. The API's methods are in staff.c's staff_methods[],
 * served under /staff-api/ only; staff_roles.c is the pure part (names and the check). */
#ifndef KABINET_SERVER_STAFF_H
#define KABINET_SERVER_STAFF_H

#include <stdbool.h>
#include <stdint.h>

struct call;
struct dispatch_req;
struct method;

/* A role is a bit of a staff method's flags (call.h's enum method_flags): a method
 * allows the roles whose bits it carries. */
#define STAFF_ROLE_SUPPORT (1u << 8)
#define STAFF_ROLE_OFFICE (1u << 9)
#define STAFF_ROLES_ALL (STAFF_ROLE_SUPPORT | STAFF_ROLE_OFFICE)

/* Staff sessions end after this many seconds without a call, and this many after the
 * login whatever happens. */
#define STAFF_SESSION_IDLE (15 * 60)
#define STAFF_SESSION_MAX (8 * 3600)
/* The handle between staffLogin and staffLoginConfirm lives this long and is voided by
 * this many wrong codes. */
#define STAFF_LOGIN_TTL 300
#define STAFF_LOGIN_ATTEMPTS 3

/* "support" -> STAFF_ROLE_SUPPORT, "office" -> STAFF_ROLE_OFFICE, anything else 0. */
unsigned staff_role_bit(const char *name);
/* The role's name, NULL for a bit that is no role. */
const char *staff_role_name(unsigned bit);
/* Whether a method with these flags lets a member of staff of role `bit` call it. */
bool staff_role_allows(unsigned method_flags, unsigned bit);

/* A /client-api/ call that carries a view's token: refuses a method without M_VIEW
 * (READ_ONLY_VIEW), finds the live view (UNAUTHORIZED when it has ended), makes its
 * profile the caller's and records the call in the audit trail. CALL_OK or CALL_FAIL. */
int staff_view_enter(struct call *c, const struct method *m);
/* After such a call: the connection may write again. */
void staff_view_leave(struct call *c);

/* The method of /staff-api/<name>, NULL when there is none. */
const struct method *staff_find_method(const char *name);

/* `kabinetd admin staff ...` (argv[0] is "staff"): add, list, disable, reset, code.
 * Passwords come from standard input. Returns the exit status. */
int staff_admin(int argc, char **argv);

#endif
