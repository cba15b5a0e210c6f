/* kabinetd's database schema as numbered migrations; PRAGMA user_version records
 * how many have run. Append new migrations; never edit one that has shipped. */
#include "kabinet/server/schema.h"

#include <stddef.h>

static const char *const migrations[] = {
	/* 1: the whole first schema. Internal rows use INTEGER keys only where no id is
	 * ever shown to a client; every id a client sees is a random opaque TEXT. */
	"CREATE TABLE profiles ("
	"  id INTEGER PRIMARY KEY,"
	"  login TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	"  pwhash TEXT NOT NULL,"
	"  last_name TEXT NOT NULL, name TEXT NOT NULL, middle_name TEXT NOT NULL DEFAULT '',"
	"  email TEXT UNIQUE COLLATE NOCASE, phone TEXT UNIQUE,"	/* phone as +7XXXXXXXXXX */
	"  region TEXT NOT NULL,"
	"  two_step INTEGER NOT NULL DEFAULT 0,"
	"  financial_block TEXT NOT NULL DEFAULT 'NONE',"
	"  created_at INTEGER NOT NULL);"

	"CREATE TABLE sessions ("
	"  id INTEGER PRIMARY KEY,"
	"  token_hash TEXT NOT NULL UNIQUE,"
	"  csrf TEXT NOT NULL,"
	"  profile_id INTEGER NOT NULL REFERENCES profiles(id),"
	"  device_id TEXT,"		/* the remember-token family, when any */
	"  created_at INTEGER NOT NULL, last_seen INTEGER NOT NULL);"
	"CREATE INDEX sessions_profile ON sessions(profile_id);"

	/* A device is a remember-token family: one per login with a token. */
	"CREATE TABLE devices ("
	"  id TEXT PRIMARY KEY,"
	"  profile_id INTEGER NOT NULL REFERENCES profiles(id),"
	"  client_uuid TEXT, user_agent TEXT, name TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL, last_used INTEGER NOT NULL,"
	"  revoked INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX devices_profile ON devices(profile_id);"
	"CREATE TABLE remember_tokens ("
	"  token_hash TEXT PRIMARY KEY,"
	"  device_id TEXT NOT NULL REFERENCES devices(id),"
	"  created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,"
	"  rotated INTEGER NOT NULL DEFAULT 0);"	/* 1 once exchanged for a new one */
	"CREATE INDEX remember_tokens_device ON remember_tokens(device_id);"

	/* Failed logins per normalised login key, for the 5-in-15-minutes lockout. */
	"CREATE TABLE login_failures (login_key TEXT NOT NULL, at INTEGER NOT NULL);"
	"CREATE INDEX login_failures_key ON login_failures(login_key, at);"

	/* One-time codes: LOGIN, REGISTER, RESET, CONTACT. payload holds what the
	 * confirmation needs (registration data, the new contact, remember flag). */
	"CREATE TABLE otps ("
	"  id TEXT PRIMARY KEY, purpose TEXT NOT NULL,"
	"  profile_id INTEGER,"
	"  code_hash TEXT NOT NULL,"
	"  channel TEXT NOT NULL, target TEXT NOT NULL,"	/* sms/email and where */
	"  payload TEXT,"
	"  created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,"
	"  resend_at INTEGER NOT NULL,"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  used INTEGER NOT NULL DEFAULT 0);"	/* 1 used, 2 voided */

	"CREATE TABLE outbox ("
	"  id INTEGER PRIMARY KEY, at TEXT NOT NULL, channel TEXT NOT NULL,"
	"  to_addr TEXT NOT NULL, text TEXT NOT NULL, code TEXT);"

	/* Accounts exist whether or not a profile holds them (profile_id NULL). */
	"CREATE TABLE accounts ("
	"  id TEXT PRIMARY KEY,"
	"  number TEXT NOT NULL UNIQUE,"
	"  region TEXT NOT NULL, address TEXT NOT NULL,"
	"  payment_system TEXT NOT NULL DEFAULT 'ADVANCE',"
	"  profile_id INTEGER REFERENCES profiles(id),"
	"  relation TEXT NOT NULL DEFAULT 'OWN',"
	"  owner_last TEXT NOT NULL, owner_name TEXT NOT NULL, owner_middle TEXT NOT NULL DEFAULT '',"
	"  owner_contact TEXT,"	/* phone +7XXXXXXXXXX or e-mail, for registration matching */
	"  contract_date TEXT NOT NULL,"
	"  invoice_email TEXT,"
	"  balance INTEGER NOT NULL DEFAULT 0,"
	"  attached_at INTEGER);"
	"CREATE INDEX accounts_profile ON accounts(profile_id);"

	"CREATE TABLE tariffs ("
	"  id TEXT PRIMARY KEY, type INTEGER NOT NULL, name TEXT NOT NULL,"
	"  description TEXT NOT NULL DEFAULT '', monthly_fee INTEGER NOT NULL,"
	"  speed_mbps INTEGER, channels INTEGER, minutes INTEGER, gigabytes INTEGER,"
	"  available INTEGER NOT NULL DEFAULT 1);"
	"CREATE TABLE options ("
	"  id TEXT PRIMARY KEY, type INTEGER NOT NULL, name TEXT NOT NULL,"
	"  monthly_fee INTEGER NOT NULL);"

	"CREATE TABLE services ("
	"  id TEXT PRIMARY KEY,"
	"  account_id TEXT NOT NULL REFERENCES accounts(id),"
	"  type INTEGER NOT NULL,"
	"  number TEXT NOT NULL, display_number TEXT NOT NULL,"
	"  service_login TEXT UNIQUE COLLATE NOCASE,"
	"  service_pwhash TEXT,"
	"  status TEXT NOT NULL DEFAULT 'ACTIVE',"
	"  tariff_id TEXT REFERENCES tariffs(id),"
	"  pending_tariff_id TEXT REFERENCES tariffs(id), pending_from TEXT,"
	"  block_until TEXT);"	/* VOLUNTARY_BLOCKED end date */
	"CREATE INDEX services_account ON services(account_id);"
	"CREATE TABLE service_options ("
	"  service_id TEXT NOT NULL REFERENCES services(id),"
	"  option_id TEXT NOT NULL REFERENCES options(id),"
	"  enabled INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (service_id, option_id));"
	"CREATE TABLE usage ("
	"  service_id TEXT NOT NULL, date TEXT NOT NULL, value INTEGER NOT NULL,"
	"  PRIMARY KEY (service_id, date));"

	/* Every movement of money on an account, newest first by seq. */
	"CREATE TABLE history ("
	"  seq INTEGER PRIMARY KEY,"
	"  id TEXT NOT NULL UNIQUE,"
	"  account_id TEXT NOT NULL REFERENCES accounts(id),"
	"  date TEXT NOT NULL, at INTEGER NOT NULL,"
	"  type TEXT NOT NULL, amount INTEGER NOT NULL, description TEXT NOT NULL);"
	"CREATE INDEX history_account ON history(account_id, date, seq);"
	"CREATE INDEX history_date ON history(date, seq);"

	/* Bound cards keep only a mask and the processor's token. */
	"CREATE TABLE cards ("
	"  id TEXT PRIMARY KEY,"
	"  profile_id INTEGER NOT NULL REFERENCES profiles(id),"
	"  mask TEXT NOT NULL, payment_system TEXT NOT NULL, expires TEXT NOT NULL,"
	"  token TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  deleted INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX cards_profile ON cards(profile_id);"
	/* The simulated acquirer's vault: what a card token does when charged. */
	"CREATE TABLE processor_tokens ("
	"  token TEXT PRIMARY KEY, behavior TEXT NOT NULL);"	/* OK, 3DS, NO_FUNDS, BLOCKED */

	"CREATE TABLE payments ("
	"  id TEXT PRIMARY KEY,"
	"  profile_id INTEGER NOT NULL REFERENCES profiles(id),"
	"  kind TEXT NOT NULL,"		/* PAYMENT, BIND, AUTOPAY */
	"  status TEXT NOT NULL,"	/* SUCCEEDED, DECLINED, PENDING_3DS */
	"  decline_reason TEXT,"
	"  card_id TEXT, token TEXT,"
	"  card_mask TEXT, card_system TEXT, card_expires TEXT,"	/* for BIND */
	"  amount INTEGER NOT NULL,"
	"  receipt TEXT,"
	"  otp_id TEXT,"
	"  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);"
	"CREATE TABLE payment_items ("
	"  payment_id TEXT NOT NULL REFERENCES payments(id),"
	"  account_id TEXT NOT NULL REFERENCES accounts(id),"
	"  amount INTEGER NOT NULL);"
	"CREATE INDEX payment_items_payment ON payment_items(payment_id);"

	/* Stored responses of money methods, per profile and key. */
	"CREATE TABLE idempotency ("
	"  profile_id INTEGER NOT NULL, key TEXT NOT NULL,"
	"  method TEXT NOT NULL, body_hash TEXT NOT NULL,"
	"  http_status INTEGER NOT NULL, response TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  PRIMARY KEY (profile_id, key));"

	"CREATE TABLE promised_payments ("
	"  id TEXT PRIMARY KEY,"
	"  account_id TEXT NOT NULL REFERENCES accounts(id),"
	"  amount INTEGER NOT NULL,"
	"  month TEXT NOT NULL,"		/* YYYY-MM of activation */
	"  created_at INTEGER NOT NULL,"
	"  expires_on TEXT NOT NULL,"		/* date it ends */
	"  status TEXT NOT NULL DEFAULT 'ACTIVE');"	/* ACTIVE, REPAID, EXPIRED */
	"CREATE INDEX promised_account ON promised_payments(account_id, status);"

	"CREATE TABLE invoices ("
	"  id TEXT PRIMARY KEY,"
	"  account_id TEXT NOT NULL REFERENCES accounts(id),"
	"  period TEXT NOT NULL, amount INTEGER NOT NULL, due_date TEXT NOT NULL,"
	"  paid INTEGER NOT NULL DEFAULT 0,"
	"  UNIQUE (account_id, period));"
	"CREATE TABLE invoice_lines ("
	"  invoice_id TEXT NOT NULL REFERENCES invoices(id),"
	"  service TEXT NOT NULL, description TEXT NOT NULL, amount INTEGER NOT NULL);"
	"CREATE INDEX invoice_lines_invoice ON invoice_lines(invoice_id);"

	"CREATE TABLE autopay_rules ("
	"  id TEXT PRIMARY KEY,"
	"  profile_id INTEGER NOT NULL REFERENCES profiles(id),"
	"  account_id TEXT NOT NULL REFERENCES accounts(id),"
	"  card_id TEXT NOT NULL REFERENCES cards(id),"
	"  kind TEXT NOT NULL,"		/* THRESHOLD, MONTHLY, DEBT */
	"  threshold INTEGER, amount INTEGER, day INTEGER,"
	"  enabled INTEGER NOT NULL DEFAULT 1,"
	"  last_date TEXT, last_status TEXT, last_amount INTEGER,"
	"  UNIQUE (account_id, kind));"

	"CREATE TABLE bonus ("
	"  profile_id INTEGER PRIMARY KEY REFERENCES profiles(id),"
	"  status TEXT NOT NULL,"		/* ACTIVE */
	"  balance INTEGER NOT NULL DEFAULT 0,"	/* points */
	"  level TEXT NOT NULL DEFAULT 'BASIC',"
	"  level_expire TEXT);"
	"CREATE TABLE bonus_burning ("
	"  profile_id INTEGER NOT NULL REFERENCES profiles(id),"
	"  points INTEGER NOT NULL, burning_date TEXT NOT NULL);"

	"CREATE TABLE requests ("
	"  seq INTEGER PRIMARY KEY,"
	"  id TEXT NOT NULL UNIQUE,"
	"  profile_id INTEGER NOT NULL REFERENCES profiles(id),"
	"  account_id TEXT,"
	"  topic TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'NEW',"
	"  created_at INTEGER NOT NULL);"
	"CREATE INDEX requests_profile ON requests(profile_id, seq);"
	"CREATE TABLE request_messages ("
	"  id INTEGER PRIMARY KEY,"
	"  request_id TEXT NOT NULL REFERENCES requests(id),"
	"  sender TEXT NOT NULL, at INTEGER NOT NULL, text TEXT NOT NULL);"
	"CREATE INDEX request_messages_request ON request_messages(request_id, id);"

	/* Attach wizard state between attachAccount and attachAccountConfirm. */
	"CREATE TABLE attach_attempts ("
	"  id TEXT PRIMARY KEY,"
	"  profile_id INTEGER NOT NULL REFERENCES profiles(id),"
	"  account_id TEXT NOT NULL REFERENCES accounts(id),"
	"  only_service TEXT,"		/* found by serviceLogin: that service only */
	"  created_at INTEGER NOT NULL,"
	"  failures INTEGER NOT NULL DEFAULT 0,"
	"  voided INTEGER NOT NULL DEFAULT 0);"

	/* Which billing days have run, so `admin bill` is idempotent per day. */
	"CREATE TABLE billing_runs (date TEXT PRIMARY KEY, ran_at INTEGER NOT NULL);",

	/* 2: codes sent to one contact are counted for the per-hour limit. */
	"CREATE INDEX otps_target ON otps(target, created_at);",

	/* 3: why an autopay rule's last run was declined (lastRun.declineReason). */
	"ALTER TABLE autopay_rules ADD COLUMN last_reason TEXT;",

	/* 4: the grace window of a rotated remember token: when it was exchanged, and its
	 * successor sealed under it (auth.c), kept for the window only. */
	"ALTER TABLE remember_tokens ADD COLUMN rotated_at INTEGER;"
	"ALTER TABLE remember_tokens ADD COLUMN successor TEXT;"
	"CREATE INDEX remember_tokens_sealed ON remember_tokens(rotated_at) "
	"  WHERE successor IS NOT NULL;",

	/* 5: the operator's staff (staff.c), apart from the subscribers' profiles. Their
	 * failed logins count in login_failures under "staff:<login>". totp_step is the
	 * last step whose code was accepted: no code is taken twice. */
	"CREATE TABLE staff ("
	"  id INTEGER PRIMARY KEY,"
	"  login TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	"  name TEXT NOT NULL,"
	"  role TEXT NOT NULL,"			/* support, office */
	"  pwhash TEXT NOT NULL,"
	"  totp_secret TEXT NOT NULL,"		/* base32 */
	"  totp_step INTEGER NOT NULL DEFAULT 0,"
	"  disabled INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL);"
	"CREATE TABLE staff_sessions ("
	"  id INTEGER PRIMARY KEY,"
	"  token_hash TEXT NOT NULL UNIQUE,"
	"  csrf TEXT NOT NULL,"
	"  staff_id INTEGER NOT NULL REFERENCES staff(id),"
	"  created_at INTEGER NOT NULL, last_seen INTEGER NOT NULL);"
	"CREATE INDEX staff_sessions_staff ON staff_sessions(staff_id);"
	/* Between staffLogin (the password) and staffLoginConfirm (the code). */
	"CREATE TABLE staff_logins ("
	"  id TEXT PRIMARY KEY,"
	"  staff_id INTEGER NOT NULL REFERENCES staff(id),"
	"  expires_at INTEGER NOT NULL,"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  used INTEGER NOT NULL DEFAULT 0);",

	/* 6: the audit trail of staff access to a subscriber's data (audit.h): a row per
	 * view opened and a row per method called in it. Append-only: the triggers refuse
	 * every UPDATE and DELETE, and no code deletes them. Staff are named by login and
	 * display name as they were then, not by a key of a row that may change. */
	"CREATE TABLE audit_views ("
	"  seq INTEGER PRIMARY KEY,"
	"  id TEXT NOT NULL UNIQUE,"
	"  profile_id INTEGER NOT NULL REFERENCES profiles(id),"
	"  staff_login TEXT NOT NULL, staff_name TEXT NOT NULL,"
	"  reason TEXT NOT NULL,"
	"  opened_at INTEGER NOT NULL,"
	"  remote_addr TEXT);"
	"CREATE INDEX audit_views_profile ON audit_views(profile_id, seq);"
	"CREATE TABLE audit_calls ("
	"  id INTEGER PRIMARY KEY,"
	"  view_id TEXT NOT NULL REFERENCES audit_views(id),"
	"  method TEXT NOT NULL, at INTEGER NOT NULL);"
	"CREATE INDEX audit_calls_view ON audit_calls(view_id, id);"
	"CREATE TRIGGER audit_views_no_update BEFORE UPDATE ON audit_views "
	"  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;"
	"CREATE TRIGGER audit_views_no_delete BEFORE DELETE ON audit_views "
	"  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;"
	"CREATE TRIGGER audit_calls_no_update BEFORE UPDATE ON audit_calls "
	"  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;"
	"CREATE TRIGGER audit_calls_no_delete BEFORE DELETE ON audit_calls "
	"  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;",

	/* 7: the support queue (staff_queue.c): the member of staff a request is assigned
	 * to, and the display name (as it was then) of the member who wrote a support
	 * message; NULL on older rows. */
	"ALTER TABLE requests ADD COLUMN assignee_id INTEGER REFERENCES staff(id);"
	"ALTER TABLE request_messages ADD COLUMN author TEXT;",

	/* 8: companies at the office (staff_office.c). A company is a profile with an INN
	 * (its name in profiles.name, last_name empty). must_change_password: its password
	 * is a one-time one issued by staff; login then answers PASSWORD_CHANGE_REQUIRED
	 * with a handle (first_login.c), kept here as a hash only, and opens no session. */
	"ALTER TABLE profiles ADD COLUMN inn TEXT;"
	"CREATE UNIQUE INDEX profiles_inn ON profiles(inn) WHERE inn IS NOT NULL;"
	"ALTER TABLE profiles ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;"
	"CREATE TABLE first_logins ("
	"  token_hash TEXT PRIMARY KEY,"
	"  profile_id INTEGER NOT NULL REFERENCES profiles(id),"
	"  expires_at INTEGER NOT NULL);"
	"CREATE INDEX first_logins_profile ON first_logins(profile_id);",

	/* 9: staff views of a subscriber's cabinet (staff_view.c): the view sessions, each
	 * bound to the staff session that opened it (its audit_views row has the same id);
	 * the opaque handles by which staff name a profile; the lookups counted for their
	 * rate limit. */
	"CREATE TABLE staff_views ("
	"  id TEXT PRIMARY KEY,"
	"  token_hash TEXT NOT NULL UNIQUE,"
	"  staff_session_id INTEGER NOT NULL,"
	"  profile_id INTEGER NOT NULL REFERENCES profiles(id),"
	"  opened_at INTEGER NOT NULL);"
	"CREATE TABLE profile_handles ("
	"  profile_id INTEGER PRIMARY KEY REFERENCES profiles(id),"
	"  handle TEXT NOT NULL UNIQUE);"
	"CREATE TABLE staff_lookups (staff_id INTEGER NOT NULL, at INTEGER NOT NULL);"
	"CREATE INDEX staff_lookups_staff ON staff_lookups(staff_id, at);",

	/* 10: getPaymentHistory's total and its two orders (money.c): an account's rows by
	 * (date, seq) either way, their type at hand, so that a page walks the index in
	 * either direction and the count of a period (of some types) reads the index only.
	 * It covers what history_account did. */
	"CREATE INDEX history_account_type ON history(account_id, date, seq, type);"
	"DROP INDEX history_account;",

	/* 11: what a charge is for (getCharges). Every CHARGE row of the history has its
	 * parts in charge_parts, which add up to it: a tariff or an option of a service,
	 * named as it was then (amount positive, in kopecks), or the account's one-off
	 * (service_id NULL), which is what the rows written before had. A CHARGE row of
	 * one service names it in history.service_id (NULL when it is of several or of the
	 * account). */
	"ALTER TABLE history ADD COLUMN service_id TEXT;"
	"CREATE TABLE charge_parts ("
	"  history_id TEXT NOT NULL REFERENCES history(id),"
	"  service_id TEXT,"
	"  kind TEXT NOT NULL,"		/* TARIFF, OPTION, ONE_OFF, PROMISED_FEE */
	"  name TEXT,"			/* the tariff's or option's name */
	"  amount INTEGER NOT NULL);"
	"CREATE INDEX charge_parts_history ON charge_parts(history_id);"
	"INSERT INTO charge_parts (history_id, kind, amount) "
	"  SELECT id, 'ONE_OFF', -amount FROM history WHERE type = 'CHARGE';",

	/* 12: getPaymentHistory's total without reading every row (money.c): each
	 * account's number of history rows and the first and last of their dates, kept by
	 * the triggers below on every write of the history. A listing of every type and no
	 * text whose period covers each of its accounts' first and last dates adds these
	 * up; any other counts from the index. A deleted row leaves the dates as they were:
	 * wider than the rows, so a period that covers them still covers every row. */
	"CREATE TABLE history_counts ("
	"  account_id TEXT PRIMARY KEY,"
	"  n INTEGER NOT NULL,"
	"  first_date TEXT NOT NULL,"
	"  last_date TEXT NOT NULL) WITHOUT ROWID;"
	"INSERT INTO history_counts (account_id, n, first_date, last_date) "
	"  SELECT account_id, COUNT(*), MIN(date), MAX(date) FROM history GROUP BY account_id;"
	"CREATE TRIGGER history_counts_insert AFTER INSERT ON history BEGIN "
	"  INSERT INTO history_counts (account_id, n, first_date, last_date) "
	"  VALUES (NEW.account_id, 1, NEW.date, NEW.date) "
	"  ON CONFLICT (account_id) DO UPDATE SET n = n + 1, "
	"  first_date = min(first_date, excluded.first_date), "
	"  last_date = max(last_date, excluded.last_date); "
	"END;"
	"CREATE TRIGGER history_counts_delete AFTER DELETE ON history BEGIN "
	"  UPDATE history_counts SET n = n - 1 WHERE account_id = OLD.account_id; "
	"END;"
	"CREATE TRIGGER history_counts_update AFTER UPDATE OF account_id, date ON history BEGIN "
	"  UPDATE history_counts SET n = n - 1 WHERE account_id = OLD.account_id; "
	"  INSERT INTO history_counts (account_id, n, first_date, last_date) "
	"  VALUES (NEW.account_id, 1, NEW.date, NEW.date) "
	"  ON CONFLICT (account_id) DO UPDATE SET n = n + 1, "
	"  first_date = min(first_date, excluded.first_date), "
	"  last_date = max(last_date, excluded.last_date); "
	"END;",

	/* 13: social login (social.c, device_page.c). A profile's links to people at the
	 * OpenID providers of --providers, one per provider and profile, one profile per
	 * person. A device flow is a login or a link started by kabinet and approved in a
	 * browser: its device code hashed, the user code in capitals without its dash; the
	 * state (hashed, single use), nonce and PKCE verifier of its authorization request;
	 * result NULL while pending, then APPROVED, LINKED, DENIED, NOT_LINKED,
	 * LINKED_ELSEWHERE or PROVIDER_ERROR; spent once the poll has answered for good.
	 * social_attempts: starts and wrong codes per IP address, for the rate limits. */
	"CREATE TABLE social_links ("
	"  profile_id INTEGER NOT NULL REFERENCES profiles(id),"
	"  provider TEXT NOT NULL, subject TEXT NOT NULL,"
	"  display_name TEXT, linked_at INTEGER NOT NULL,"
	"  UNIQUE (provider, subject), UNIQUE (profile_id, provider));"
	"CREATE TABLE device_flows ("
	"  id INTEGER PRIMARY KEY,"
	"  device_hash TEXT NOT NULL UNIQUE,"
	"  user_code TEXT NOT NULL,"
	"  provider TEXT NOT NULL,"
	"  purpose TEXT NOT NULL,"	/* LOGIN or LINK */
	"  profile_id INTEGER REFERENCES profiles(id),"	/* the link's; a login's once known */
	"  device_name TEXT,"
	"  created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,"
	"  interval INTEGER NOT NULL, last_poll INTEGER,"
	"  state_hash TEXT UNIQUE, nonce TEXT, verifier TEXT,"
	"  result TEXT,"
	"  lang TEXT,"	/* the approval page's language, for the callback's page */
	"  spent INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX device_flows_code ON device_flows(user_code);"
	"CREATE TABLE social_attempts (kind TEXT NOT NULL, addr TEXT NOT NULL,"
	"  at INTEGER NOT NULL);"
	"CREATE INDEX social_attempts_addr ON social_attempts(kind, addr, at);",
	/* 14: notification settings (notify.c). A profile's channel of each event it set
	 * (an event it never set has no row and goes by its default), its low-balance
	 * threshold in kopecks (NULL: the default); whether an account's owner has been
	 * told of its low balance since it was last at or above the threshold (billing.c);
	 * the clients (client_uuid) a profile has logged in from, for the new-device
	 * notice, starting with those of its remembered devices. */
	"CREATE TABLE notify_settings ("
	"  profile_id INTEGER NOT NULL REFERENCES profiles(id),"
	"  event TEXT NOT NULL,"
	"  channel TEXT NOT NULL,"		/* EMAIL, SMS, NONE */
	"  PRIMARY KEY (profile_id, event)) WITHOUT ROWID;"
	"ALTER TABLE profiles ADD COLUMN low_balance_threshold INTEGER;"
	"ALTER TABLE accounts ADD COLUMN low_balance_told INTEGER NOT NULL DEFAULT 0;"
	"CREATE TABLE login_clients ("
	"  profile_id INTEGER NOT NULL REFERENCES profiles(id),"
	"  client_uuid TEXT NOT NULL,"
	"  first_at INTEGER NOT NULL,"
	"  PRIMARY KEY (profile_id, client_uuid)) WITHOUT ROWID;"
	"INSERT INTO login_clients (profile_id, client_uuid, first_at) "
	"  SELECT profile_id, client_uuid, MIN(created_at) FROM devices "
	"  WHERE client_uuid IS NOT NULL AND client_uuid != '' GROUP BY profile_id, client_uuid;",
};

const char *const *schema_migrations(int *count)
{
	*count = (int)(sizeof(migrations) / sizeof(migrations[0]));
	return migrations;
}
