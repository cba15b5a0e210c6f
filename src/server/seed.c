/* The demo and scale seeds of a fresh database: the data of docs/demo-data.md, the same
 * every time relative to the server's "today", and a large profile for benchmarks. */
#include "kabinet/server/admin.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/server/audit.h"
#include "kabinet/server/call.h"
#include "kabinet/server/db.h"
#include "kabinet/server/ledger.h"
#include "kabinet/server/srv.h"

static int64_t month_day(int mi, int day)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", mi / 12, mi % 12 + 1, day);
	return srv_parse_date(buf);
}

static const char *const month_names[12] = {
	"январь", "февраль", "март", "апрель", "май", "июнь",
	"июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
};

static void charge_text(int mi, char *buf, size_t size)
{
	snprintf(buf, size, "Абонентская плата за %s %d", month_names[mi % 12], mi / 12);
}

struct tariff_row {
	const char *id;
	int type;
	const char *name, *description;
	int64_t fee;		/* roubles */
	int speed, channels, minutes, gigabytes;	/* -1: not this type's figure */
};

static const struct tariff_row tariffs[] = {
	{ "tar_inet100", 1, "Домашний 100", "Домашний интернет до 100 Мбит/с без ограничений трафика",
	  550, 100, -1, -1, -1 },
	{ "tar_inet300", 1, "Домашний 300", "Домашний интернет до 300 Мбит/с для всей семьи",
	  650, 300, -1, -1, -1 },
	{ "tar_inet500", 1, "Домашний 500", "Домашний интернет до 500 Мбит/с для игр и видео в 4K",
	  850, 500, -1, -1, -1 },
	{ "tar_inet1000", 1, "Гигабит", "Домашний интернет до 1 Гбит/с по оптике",
	  1100, 1000, -1, -1, -1 },
	{ "tar_phone_unl", 2, "Безлимитный местный", "Местные звонки без ограничений",
	  250, -1, -1, -1, -1 },
	{ "tar_phone_min", 2, "Поминутный", "Оплата каждой минуты местных звонков",
	  90, -1, -1, 0, -1 },
	{ "tar_router", 6, "Аренда роутера", "Wi-Fi роутер в аренду с заменой при поломке",
	  100, -1, -1, -1, -1 },
	{ "tar_tv_base", 8, "Базовый", "120 телеканалов, включая HD",
	  320, -1, 120, -1, -1 },
	{ "tar_tv_ext", 8, "Расширенный", "200 телеканалов, кино, спорт и детские каналы",
	  450, -1, 200, -1, -1 },
	{ "tar_allo", 15, "Алло", "Звонки из приложения «Алло» без абонентской платы",
	  0, -1, -1, -1, -1 },
	{ "tar_mob_s", 16, "Мобильный S", "300 минут и 10 ГБ интернета в месяц",
	  300, -1, -1, 300, 10 },
	{ "tar_mob_m", 16, "Мобильный M", "600 минут и 25 ГБ интернета в месяц",
	  450, -1, -1, 600, 25 },
	{ "tar_mob_l", 16, "Мобильный L", "1500 минут и 50 ГБ интернета в месяц",
	  700, -1, -1, 1500, 50 },
};

struct option_row {
	const char *id;
	int type;
	const char *name;
	int64_t fee;		/* roubles */
};

static const struct option_row options[] = {
	{ "opt_static_ip", 1, "Статический IP", 150 },
	{ "opt_boost", 1, "Ускорение скорости", 200 },
	{ "opt_antivirus", 1, "Антивирус", 99 },
	{ "opt_cinema", 8, "Кинозал", 299 },
	{ "opt_messengers", 16, "Безлимитные мессенджеры", 60 },
	{ "opt_caller_id", 2, "Определитель номера", 50 },
};

struct profile_row {
	const char *login, *last, *name, *middle, *email, *phone, *region;
	int two_step;
};

static const struct profile_row profiles[] = {
	{ "demo", "Иванов", "Пётр", "Сергеевич", "demo@kabinet.example", "+79221234522",
	  "Пермский край", 0 },
	{ "demo2fa", "Смирнова", "Анна", "Викторовна", "anna@kabinet.example", "+79227654311",
	  "Пермский край", 1 },
	{ "other", "Кузнецов", "Игорь", "Олегович", "other@kabinet.example", "+79031112233",
	  "Свердловская область", 0 },
};

struct account_row {
	const char *id, *number, *region, *address, *system;
	const char *holder;	/* login, NULL: nobody holds it yet */
	const char *relation;
	const char *owner_last, *owner_name, *owner_middle, *owner_contact;
	int64_t balance;	/* kopecks, the end of the generated history */
};

static const struct account_row accounts[] = {
	{ "acc1", "590000000001", "Пермский край", "г. Пермь, ул. Ленина, д. 50, кв. 12",
	  "ADVANCE", "demo", "OWN", "Иванов", "Пётр", "Сергеевич", "+79221234522", 83050 },
	{ "acc2", "590000000002", "Пермский край", "г. Пермь, ул. Ленина, д. 50, кв. 12",
	  "ADVANCE", "demo", "OWN", "Иванов", "Пётр", "Сергеевич", "+79221234522", 15200 },
	{ "acc3", "740000000003", "Челябинская область",
	  "г. Челябинск, пр. Победы, д. 160, кв. 41", "ADVANCE", "demo", "RELATIVE", "Иванова",
	  "Мария", "Петровна", "+79221234522", -37480 },
	{ "acc4", "590000000005", "Пермский край", "г. Пермь, ул. Сибирская, д. 27, кв. 3",
	  "ADVANCE", "demo2fa", "OWN", "Смирнова", "Анна", "Викторовна", "+79227654311", 120000 },
	{ "acc5", "660000000004", "Свердловская область",
	  "г. Екатеринбург, ул. Малышева, д. 84, кв. 17", "CREDIT", "other", "OWN", "Кузнецов",
	  "Игорь", "Олегович", "+79031112233", 0 },
	{ "acc6", "590000000010", "Пермский край", "г. Пермь, ул. Куйбышева, д. 95, кв. 8",
	  "ADVANCE", NULL, "OWN", "Петров", "Николай", "Андреевич", "+79225550020", 0 },
	{ "acc7", "740000000011", "Челябинская область", "г. Челябинск, ул. Кирова, д. 9, кв. 70",
	  "ADVANCE", NULL, "OWN", "Волкова", "Елена", "Игоревна", "+79225550030", 0 },
	{ "acc8", "590000000012", "Пермский край", "г. Пермь, ул. Мира, д. 41, кв. 102",
	  "ADVANCE", NULL, "OWN", "Соколов", "Андрей", "Ильич", "+79225550011", 0 },
};

struct service_row {
	const char *id, *account_id;
	int type;
	const char *number, *display;
	const char *login;	/* the service login (internet), or NULL */
	const char *status, *tariff_id;
	const char *enabled_option;	/* the option switched on, or NULL */
};

static const struct service_row services[] = {
	{ "svc1", "acc1", 1, "perm_ivanov", "perm_ivanov", "perm_ivanov", "ACTIVE", "tar_inet300",
	  "opt_static_ip" },
	{ "svc2", "acc1", 8, "iptv-590000000001", "IPTV", NULL, "ACTIVE", "tar_tv_base", NULL },
	{ "svc3", "acc1", 2, "3422000001", "+7 (342) 200-00-01", NULL, "ACTIVE", "tar_phone_unl",
	  NULL },
	{ "svc4", "acc2", 16, "+79221234522", "+7 (922) 123-45-22", NULL, "ACTIVE", "tar_mob_m",
	  NULL },
	{ "svc5", "acc3", 1, "chel_ivanova", "chel_ivanova", "chel_ivanova", "BLOCKED",
	  "tar_inet100", NULL },
	{ "svc6", "acc4", 1, "perm_smirnova", "perm_smirnova", "perm_smirnova", "ACTIVE",
	  "tar_inet100", NULL },
	{ "svc7", "acc5", 1, "ekb_kuznetsov", "ekb_kuznetsov", "ekb_kuznetsov", "ACTIVE",
	  "tar_inet500", NULL },
	{ "svc8", "acc6", 1, "perm_free1", "perm_free1", "perm_free1", "ACTIVE", "tar_inet100",
	  NULL },
	{ "svc9", "acc6", 2, "3422000010", "+7 (342) 200-00-10", NULL, "ACTIVE", "tar_phone_unl",
	  NULL },
	{ "svc10", "acc7", 1, "chel_free2", "chel_free2", "chel_free2", "ACTIVE", "tar_inet100",
	  NULL },
	{ "svc11", "acc8", 1, "perm_sokolov", "perm_sokolov", "perm_sokolov", "ACTIVE",
	  "tar_inet300", NULL },
};

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define N_HELD 5	/* the first accounts of the table are held by a profile */
#define MONTHS 24
#define DEMO_CARD_MASK "2200 00** **** 0004"

/* The last year of 590000000001's internet (services[0]) and of each scale account's
 * first service: it moved up from PAST_TARIFF to today's tariff on the 1st TARIFF_BACK
 * months back (billing switched it, as changeTariff asks), and its option (the static
 * IP) was connected at 15:00 on the OPTION_DAY of the month OPTION_BACK months back,
 * charged from the next 1st on. */
#define PAST_TARIFF "tar_inet100"
#define TARIFF_BACK 4
#define OPTION_BACK 7
#define OPTION_DAY 12

/* The moments of those changes, in seconds, and the first day charged for the option. */
struct changes {
	int64_t tariff_at, option_at, option_from_day;
};

static struct changes changes_of(const struct call *c)
{
	int cur = srv_month_of(c->today);
	struct changes ch = {
		.tariff_at = month_day(cur - TARIFF_BACK, 1) * 86400,
		.option_at = month_day(cur - OPTION_BACK, OPTION_DAY) * 86400 + 15 * 3600,
		.option_from_day = month_day(cur - OPTION_BACK + 1, 1),
	};
	return ch;
}

/* Sets 590000000001's internet to its tariff and option at `at`: what the server's
 * changeTariff with billing and setServiceOption leave, which write no history rows. */
static int internet_as_of(struct call *c, const struct changes *ch, int64_t at)
{
	const struct service_row *s = &services[0];

	return db_exec(c->db, "UPDATE services SET tariff_id = ? WHERE id = ?", "ss",
		       at < ch->tariff_at ? PAST_TARIFF : s->tariff_id, s->id) == SQLITE_DONE &&
			       db_exec(c->db, "UPDATE service_options SET enabled = ? "
					      "WHERE service_id = ? AND option_id = ?", "iss",
				       (int64_t)(at >= ch->option_at), s->id,
				       s->enabled_option) == SQLITE_DONE
		       ? 0 : -1;
}

/* One history row to be posted; rows are sorted by time before posting so that the
 * history's seq order is the order of the dates. */
struct event {
	int64_t at;
	int order;
	const char *account_id;
	const char *type;
	int64_t amount;
	char description[96];
};

struct events {
	struct event rows[512];
	int n;
};

static void add_event(struct events *ev, const struct call *c, const char *account_id,
		      int64_t day, int64_t seconds, const char *type, int64_t amount,
		      const char *description)
{
	struct event *e;
	if (ev->n >= (int)N_ELEMS(ev->rows) || day > c->today_day)
		return;
	e = &ev->rows[ev->n];
	e->at = day * 86400 + seconds;
	if (e->at > c->now)	/* today's rows may not lie in the future */
		e->at = day * 86400 > c->now - 60 ? day * 86400 : c->now - 60;
	e->order = ev->n++;
	e->account_id = account_id;
	e->type = type;
	e->amount = amount;
	snprintf(e->description, sizeof(e->description), "%s", description);
}

static int event_cmp(const void *a, const void *b)
{
	const struct event *x = a, *y = b;
	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return x->order - y->order;
}

static int fail_sql(sqlite3 *db, char *err, size_t errsize, const char *what)
{
	snprintf(err, errsize, "%s: %s", what, sqlite3_errmsg(db));
	return -1;
}

static int seed_catalogue(sqlite3 *db)
{
	for (size_t i = 0; i < N_ELEMS(tariffs); i++) {
		const struct tariff_row *t = &tariffs[i];
		sqlite3_stmt *st = db_stmt(db, "INSERT INTO tariffs (id, type, name, description, "
					       "monthly_fee, speed_mbps, channels, minutes, gigabytes) "
					       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
		if (!st)
			return -1;
		db_bind(st, "sissi", t->id, (int64_t)t->type, t->name, t->description,
			t->fee * 100);
		if (t->speed >= 0)
			sqlite3_bind_int64(st, 6, t->speed);
		if (t->channels >= 0)
			sqlite3_bind_int64(st, 7, t->channels);
		if (t->minutes >= 0)
			sqlite3_bind_int64(st, 8, t->minutes);
		if (t->gigabytes >= 0)
			sqlite3_bind_int64(st, 9, t->gigabytes);
		if (sqlite3_step(st) != SQLITE_DONE)
			return -1;
		sqlite3_reset(st);
	}
	for (size_t i = 0; i < N_ELEMS(options); i++)
		if (db_exec(db, "INSERT INTO options (id, type, name, monthly_fee) VALUES (?, ?, ?, ?)",
			    "sisi", options[i].id, (int64_t)options[i].type, options[i].name,
			    options[i].fee * 100) != SQLITE_DONE)
			return -1;
	return 0;
}

static int seed_people(struct call *c, const char *pwhash, const char *svc_hash)
{
	sqlite3 *db = c->db;
	for (size_t i = 0; i < N_ELEMS(profiles); i++) {
		const struct profile_row *p = &profiles[i];
		if (db_exec(db, "INSERT INTO profiles (id, login, pwhash, last_name, name, middle_name, "
				"email, phone, region, two_step, created_at) "
				"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			    "issssssssii", (int64_t)(i + 1), p->login, pwhash, p->last, p->name,
			    p->middle, p->email, p->phone, p->region, (int64_t)p->two_step,
			    c->now - (int64_t)(3 * 365 + 40 * i) * 86400) != SQLITE_DONE)
			return -1;
	}
	for (size_t i = 0; i < N_ELEMS(accounts); i++) {
		const struct account_row *a = &accounts[i];
		int64_t profile = 0;
		char contract[11];
		for (size_t p = 0; a->holder && p < N_ELEMS(profiles); p++)
			if (!strcmp(profiles[p].login, a->holder))
				profile = (int64_t)(p + 1);
		srv_day_to_date(c->today_day - 1900 - 97 * (int64_t)i, contract);
		sqlite3_stmt *st = db_stmt(db, "INSERT INTO accounts (id, number, region, address, "
					       "payment_system, profile_id, relation, owner_last, "
					       "owner_name, owner_middle, owner_contact, contract_date, "
					       "attached_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
		if (!st)
			return -1;
		db_bind(st, "sssss", a->id, a->number, a->region, a->address, a->system);
		if (profile) {
			sqlite3_bind_int64(st, 6, profile);
			sqlite3_bind_int64(st, 13, c->now - (int64_t)(2 * 365 + 30) * 86400);
		}
		sqlite3_bind_text(st, 7, a->relation, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 8, a->owner_last, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 9, a->owner_name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 10, a->owner_middle, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 11, a->owner_contact, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 12, contract, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_DONE)
			return -1;
		sqlite3_reset(st);
	}
	for (size_t i = 0; i < N_ELEMS(services); i++) {
		const struct service_row *s = &services[i];
		if (db_exec(db, "INSERT INTO services (id, account_id, type, number, display_number, "
				"service_login, service_pwhash, status, tariff_id) "
				"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
			    "ssissssss", s->id, s->account_id, (int64_t)s->type, s->number, s->display,
			    s->login, svc_hash, s->status, s->tariff_id) != SQLITE_DONE)
			return -1;
		for (size_t o = 0; o < N_ELEMS(options); o++)
			if (options[o].type == s->type &&
			    db_exec(db, "INSERT INTO service_options (service_id, option_id, enabled) "
					"VALUES (?, ?, ?)", "ssi", s->id, options[o].id,
				    (int64_t)(s->enabled_option &&
					      !strcmp(s->enabled_option, options[o].id))) != SQLITE_DONE)
				return -1;
	}
	return 0;
}

/* The invoice of one month with a line per charged service and enabled option. */
static int seed_invoice(struct call *c, const struct account_row *a, int mi, int64_t fee,
			bool paid)
{
	char id[48], period[8], due[11];
	bool credit = !strcmp(a->system, "CREDIT");

	srv_month_text(mi, period);
	snprintf(id, sizeof(id), "inv%s_%s", a->id + 3, period);
	srv_day_to_date(credit ? month_day(mi + 1, 20) : month_day(mi, 1), due);
	if (db_exec(c->db, "INSERT INTO invoices (id, account_id, period, amount, due_date, paid) "
			   "VALUES (?, ?, ?, ?, ?, ?)", "sssisi", id, a->id, period, fee, due,
		    (int64_t)paid) != SQLITE_DONE ||
	    db_exec(c->db, "INSERT INTO invoice_lines (invoice_id, service, description, amount) "
			   "SELECT ?1, " SERVICE_NAME_SQL ", 'Тариф «' || t.name || '»', t.monthly_fee "
			   "FROM services s JOIN tariffs t ON t.id = s.tariff_id "
			   "WHERE s.account_id = ?2 AND s.status IN ('ACTIVE', 'BLOCKED') "
			   "ORDER BY s.rowid", "ss", id, a->id) != SQLITE_DONE ||
	    db_exec(c->db, "INSERT INTO invoice_lines (invoice_id, service, description, amount) "
			   "SELECT ?1, " SERVICE_NAME_SQL ", 'Опция «' || o.name || '»', o.monthly_fee "
			   "FROM services s JOIN service_options so ON so.service_id = s.id "
			   "JOIN options o ON o.id = so.option_id "
			   "WHERE s.account_id = ?2 AND so.enabled = 1 "
			   "AND s.status IN ('ACTIVE', 'BLOCKED') ORDER BY s.rowid", "ss",
		    id, a->id) != SQLITE_DONE)
		return -1;
	return 0;
}

/* Two years of deterministic history for the held accounts (amounts derive from the
 * month index), plus their invoices; an opening payment makes the sums come out at the
 * documented balances. Each month's fee and invoice are of the tariffs and options in
 * force then (internet_as_of()), and so are the payments that follow them. */
static int seed_history(struct call *c, const char *card_token)
{
	static struct events ev;
	const struct changes ch = changes_of(c);
	int cur = srv_month_of(c->today);
	int64_t last_autopay_day = -1, last_autopay = 0;
	char text[96], period[8];

	ev.n = 0;
	for (int ai = 0; ai < N_HELD; ai++) {
		const struct account_row *a = &accounts[ai];
		int64_t fee;	/* the month's fee: its charge, and what pays for it */
		bool credit = !strcmp(a->system, "CREDIT");

		for (int k = 0; k < MONTHS; k++) {
			int mi = cur - (MONTHS - 1) + k;
			int64_t pay;
			if (internet_as_of(c, &ch, month_day(mi, 1) * 86400 + 300) < 0)
				return -1;
			fee = ledger_monthly_fee(c, a->id);
			pay = fee - 1000 * ((k + ai) % 4);
			charge_text(mi, text, sizeof(text));
			add_event(&ev, c, a->id, month_day(mi, 1), 300, "CHARGE", -fee, text);
			if (seed_invoice(c, a, mi, fee, k < MONTHS - 1) < 0)
				return -1;
			if (ai == 0) {
				/* The MONTHLY autopay rule pays this account on the 10th. */
				int64_t day = month_day(mi, 10);
				pay += 5000 * (k % 3);
				add_event(&ev, c, a->id, day, 6 * 3600, "AUTOPAY", pay,
					  "Автоплатёж картой " DEMO_CARD_MASK);
				if (day <= c->today_day) {
					last_autopay_day = day;
					last_autopay = pay;
				}
			} else if (credit) {
				/* Credit accounts pay the previous month by the 20th. */
				if (k > 0)
					add_event(&ev, c, a->id, month_day(mi, 15), 11 * 3600,
						  "PAYMENT", fee, "Оплата в отделении банка");
			} else if (!(ai == 2 && k >= MONTHS - 3)) {
				/* The relative's account stopped paying three months ago. */
				add_event(&ev, c, a->id, month_day(mi, 3 + (k + ai) % 6),
					  10 * 3600 + 60 * k, "PAYMENT", pay,
					  k % 3 ? "Оплата картой " DEMO_CARD_MASK
						: "Оплата через СБП");
			}
		}
		if (ai == 0) {
			int mi = cur - 11;
			add_event(&ev, c, "acc1", month_day(mi, 15), 14 * 3600, "TRANSFER_OUT", -20000,
				  "Перевод на счёт 590000000002");
			add_event(&ev, c, "acc2", month_day(mi, 15), 14 * 3600, "TRANSFER_IN", 20000,
				  "Перевод со счёта 590000000001");
			add_event(&ev, c, "acc1", month_day(cur - 3, 12), 12 * 3600, "BONUS", 10000,
				  "Оплата бонусами");
		}
		if (ai == 1) {
			int mi = cur - 5;
			int64_t from = month_day(mi, 3), to = from + 5;
			char until[11];
			add_event(&ev, c, "acc2", from, 9 * 3600, "PROMISED", 30000, "Обещанный платёж");
			add_event(&ev, c, "acc2", to, 300 + 60, "PROMISED", -30000,
				  "Списание обещанного платежа");
			srv_day_to_date(to, until);
			if (db_exec(c->db, "INSERT INTO promised_payments (id, account_id, amount, month, "
					   "created_at, expires_on, status) "
					   "VALUES ('pp1', 'acc2', 30000, ?, ?, ?, 'REPAID')", "sis",
				    srv_month_text(mi, period), from * 86400 + 9 * 3600,
				    until) != SQLITE_DONE)
				return -1;
		}
	}
	/* Opening payments: the history before the two years shown, one row per account. */
	for (int ai = 0; ai < N_HELD; ai++) {
		int64_t sum = 0;
		for (int i = 0; i < ev.n; i++)
			if (!strcmp(ev.rows[i].account_id, accounts[ai].id))
				sum += ev.rows[i].amount;
		add_event(&ev, c, accounts[ai].id, month_day(cur - MONTHS, 28), 12 * 3600, "PAYMENT",
			  accounts[ai].balance - sum, "Пополнение баланса");
	}
	qsort(ev.rows, (size_t)ev.n, sizeof(ev.rows[0]), event_cmp);
	{
		int64_t now = c->now, today_day = c->today_day;
		char today[11];
		memcpy(today, c->today, sizeof(today));
		for (int i = 0; i < ev.n; i++) {
			struct event *e = &ev.rows[i];
			c->now = e->at;
			srv_date(e->at, c->today);
			/* Each month's fee has the parts of the tariffs and options then. */
			if (internet_as_of(c, &ch, e->at) < 0 ||
			    (strcmp(e->type, "CHARGE")
				     ? ledger_post(c, e->account_id, e->type, e->amount, e->description)
				     : ledger_charge_fee(c, e->account_id, -e->amount,
							 e->description)) != CALL_OK)
				return -1;
		}
		c->now = now;
		c->today_day = today_day;
		memcpy(c->today, today, sizeof(today));
		if (internet_as_of(c, &ch, now) < 0)
			return -1;
	}

	/* The card and the autopay rule that made the AUTOPAY rows. */
	{
		char last[11];
		srv_day_to_date(last_autopay_day, last);
		if (db_exec(c->db, "INSERT INTO processor_tokens (token, behavior) VALUES (?, 'OK')", "s",
			    card_token) != SQLITE_DONE ||
		    db_exec(c->db, "INSERT INTO cards (id, profile_id, mask, payment_system, expires, "
				   "token, created_at) VALUES ('card1', 1, ?, 'MIR', '12/30', ?, ?)",
			    "ssi", DEMO_CARD_MASK, card_token,
			    c->now - (int64_t)(MONTHS * 31 + 20) * 86400) != SQLITE_DONE ||
		    db_exec(c->db, "INSERT INTO autopay_rules (id, profile_id, account_id, card_id, "
				   "kind, amount, day, enabled, last_date, last_status, last_amount) "
				   "VALUES ('apr1', 1, 'acc1', 'card1', 'MONTHLY', 150000, 10, 1, ?, "
				   "'SUCCEEDED', ?)", "si", last, last_autopay) != SQLITE_DONE)
			return -1;
	}
	return 0;
}

/* Daily usage for 400 days: megabytes for internet, minutes for phones. */
static int seed_usage(struct call *c)
{
	sqlite3_stmt *st = db_stmt(c->db, "INSERT INTO usage (service_id, date, value) VALUES (?, ?, ?)");
	if (!st)
		return -1;
	for (size_t i = 0; i < N_ELEMS(services); i++) {
		const struct service_row *s = &services[i];
		bool held = false;
		for (int a = 0; a < N_HELD; a++)
			held |= !strcmp(accounts[a].id, s->account_id);
		if (!held || (s->type != 1 && s->type != 2 && s->type != 16))
			continue;
		for (int64_t d = 0; d < 400; d++) {
			int64_t day = c->today_day - d;
			int64_t v = s->type == 1 ? 500 + (day * 7919 + (int64_t)i * 131) % 5501
						 : (day * 31 + (int64_t)i * 17) % 91;
			char date[11];
			srv_day_to_date(day, date);
			db_bind(st, "ssi", s->id, date, v);
			if (sqlite3_step(st) != SQLITE_DONE)
				return -1;
			sqlite3_reset(st);
		}
	}
	return 0;
}

/* Two requests of the other demo subscribers that support has not answered yet, for
 * the staff's queue (kabinet --demo --staff): at fixed hours of their days. */
static int seed_waiting_requests(struct call *c)
{
	static const struct {
		const char *id, *account_id, *topic, *text;
		int profile_id, days_back, hour;
	} rows[] = {
		{ "req2", "acc5", "Двойное списание абонентской платы",
		  "Здравствуйте. В этом месяце абонентская плата списана дважды, с разницей "
		  "в один день. Прошу вернуть лишнее.", 3, 2, 14 },
		{ "req3", "acc4", "Не приходит SMS с кодом входа",
		  "Не приходит SMS с кодом для входа в личный кабинет, номер +7 922 765-43-11.",
		  2, 1, 9 },
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		int64_t at = (c->today_day - rows[i].days_back) * 86400 + rows[i].hour * 3600;
		if (db_exec(c->db, "INSERT INTO requests (id, profile_id, account_id, topic, "
				   "status, created_at) VALUES (?, ?, ?, ?, 'NEW', ?)", "sissi",
			    rows[i].id, rows[i].profile_id, rows[i].account_id, rows[i].topic,
			    at) != SQLITE_DONE ||
		    db_exec(c->db, "INSERT INTO request_messages (request_id, sender, at, text) "
				   "VALUES (?, 'USER', ?, ?)", "sis", rows[i].id, at,
			    rows[i].text) != SQLITE_DONE)
			return -1;
	}
	return 0;
}

static int seed_extras(struct call *c)
{
	int cur = srv_month_of(c->today);
	char expire[11], burn[11];
	/* 10:00 UTC five days back: its day does not hang on the hour the seed runs. */
	int64_t created = (c->today_day - 5) * 86400 + 10 * 3600;

	srv_day_to_date(month_day(cur / 12 * 12 + 24, 1) - 1, expire);	/* Dec 31 next year */
	srv_day_to_date(month_day(cur + 2, 1) - 1, burn);		/* end of next month */
	if (db_exec(c->db, "INSERT INTO bonus (profile_id, status, balance, level, level_expire) "
			   "VALUES (1, 'ACTIVE', 1250, 'STANDARD', ?)", "s", expire) != SQLITE_DONE ||
	    db_exec(c->db, "INSERT INTO bonus_burning (profile_id, points, burning_date) "
			   "VALUES (1, 300, ?)", "s", burn) != SQLITE_DONE ||
	    db_exec(c->db, "INSERT INTO requests (id, profile_id, account_id, topic, status, "
			   "created_at) VALUES ('req1', 1, 'acc1', 'Низкая скорость интернета', "
			   "'IN_PROGRESS', ?)", "i", created) != SQLITE_DONE ||
	    db_exec(c->db, "INSERT INTO request_messages (request_id, sender, at, text) "
			   "VALUES ('req1', 'USER', ?, ?)", "is", created,
		    "Добрый день! Вечером скорость интернета падает до 10 Мбит/с, хотя тариф "
		    "«Домашний 300». Роутер перезагружал.") != SQLITE_DONE ||
	    db_exec(c->db, "INSERT INTO request_messages (request_id, sender, at, text) "
			   "VALUES ('req1', 'SUPPORT', ?, ?)", "is", created + 3 * 3600,
		    "Здравствуйте, Пётр Сергеевич! Мы проверили линию и передали заявку "
		    "инженерам. Они свяжутся с вами в течение двух рабочих дней.") != SQLITE_DONE)
		return -1;
	return seed_waiting_requests(c);
}

/* One view of demo's cabinet by support, two days ago, for the access log to show:
 * three calls of two methods. */
static int seed_audit(struct call *c)
{
	/* 11:00 UTC two days back, whatever the hour the seed runs. */
	int64_t at = (c->today_day - 2) * 86400 + 11 * 3600;
	const struct audit_view view = { .view_id = "view1", .profile_id = 1,
					 .staff_login = "support1", .staff_name = "Орлова Елена",
					 .reason = "T-1042: сверка платежа", .opened_at = at,
					 .remote_addr = "10.0.0.15" };

	if (audit_view_opened(c->db, &view) < 0 ||
	    audit_method_called(c->db, "view1", "getAccounts", at + 5) < 0 ||
	    audit_method_called(c->db, "view1", "getPaymentHistory", at + 40) < 0 ||
	    audit_method_called(c->db, "view1", "getAccounts", at + 95) < 0)
		return -1;
	return 0;
}

static void seed_call(struct call *c, sqlite3 *db)
{
	memset(c, 0, sizeof(*c));
	c->db = db;
	c->method = "seed";
	c->now = srv_now();
	srv_date(c->now, c->today);
	c->today_day = srv_parse_date(c->today);
}

/* Begins the write transaction of a seed. A seed asks `exists` (0 or 1) before its
 * password hashing and again here, under the lock: 1 means it is already there (and no
 * transaction is open). -1 with err. */
static int seed_begin(sqlite3 *db, const char *exists, char *err, size_t errsize)
{
	if (db_begin(db, true) != SQLITE_OK)
		return fail_sql(db, err, errsize, "begin");
	if (db_int(db, exists, 0, "") == 1) {
		db_rollback(db);
		return 1;
	}
	return 0;
}

/* Ends what seed_begin began: commits, or rolls back when filled < 0 (`what` names the
 * seed in err). Returns 0 or -1. */
static int seed_end(sqlite3 *db, int filled, const char *what, char *err, size_t errsize)
{
	if (filled < 0) {
		fail_sql(db, err, errsize, what);
		db_reset_all(db);
		db_rollback(db);
		return -1;
	}
	if (db_commit(db) != SQLITE_OK) {
		fail_sql(db, err, errsize, "commit");
		db_rollback(db);
		return -1;
	}
	return 0;
}

/* The operator's staff of the demo, one of each role, with fixed TOTP secrets
 * (docs/demo-data.md): 20 bytes each, written in base32. */
static int seed_staff(struct call *c, const char *staff_hash)
{
	static const struct {
		const char *login, *name, *role, *secret;
	} staff[] = {
		{ "support1", "Орлова Елена", "support", "KABINETSUPPORTDEMOSECRETTOTPKEYA" },
		{ "office1", "Фёдоров Максим", "office", "KABINETOFFICEDEMOSECRETTOTPKEYAB" },
	};
	for (size_t i = 0; i < sizeof(staff) / sizeof(staff[0]); i++)
		if (db_exec(c->db, "INSERT INTO staff (login, name, role, pwhash, totp_secret, "
				   "created_at) VALUES (?, ?, ?, ?, ?, ?)", "sssssi",
			    staff[i].login, staff[i].name, staff[i].role, staff_hash,
			    staff[i].secret, c->now) != SQLITE_DONE)
			return -1;
	return 0;
}

/* Everything of the demo: the catalogue, its people, their history, usage, the rest,
 * the operator's staff and a view of one of them in the audit trail. */
static int demo_rows(struct call *c, const char *const hashes[3], const char *card_token)
{
	if (seed_catalogue(c->db) < 0 || seed_people(c, hashes[0], hashes[1]) < 0 ||
	    seed_history(c, card_token) < 0 || seed_usage(c) < 0 || seed_extras(c) < 0 ||
	    seed_staff(c, hashes[2]) < 0 || seed_audit(c) < 0)
		return -1;
	return 0;
}

#define DEMO_EXISTS "SELECT EXISTS (SELECT 1 FROM profiles)"

int seed_demo(sqlite3 *db, char *err, size_t errsize)
{
	struct call c;
	char pwhash[128], svc_hash[128], staff_hash[128], token[48];
	const char *const hashes[3] = { pwhash, svc_hash, staff_hash };
	int rc;

	if (db_int(db, DEMO_EXISTS, 0, "") == 1)
		return 1;
	/* One hash per password for all rows: each costs ~0.1 s and 64 MiB. */
	if (srv_password_hash("Kabinet-2026", pwhash) < 0 ||
	    srv_password_hash("Service-2026", svc_hash) < 0 ||
	    srv_password_hash("Staff-2026", staff_hash) < 0) {
		snprintf(err, errsize, "password hashing failed (out of memory)");
		return -1;
	}
	srv_new_token(token);
	seed_call(&c, db);
	if ((rc = seed_begin(db, DEMO_EXISTS, err, errsize)) != 0)
		return rc;
	return seed_end(db, demo_rows(&c, hashes, token), "seed demo", err, errsize);
}

/* The parts of the scale profile's charges: the tariff of the account's first service
 * in force that day (PAST_TARIFF before the change, «Домашний 300» after) and its
 * static IP from the 1st after its connection, which stays on; the account's one-off
 * when it has no service. ?2 the day of the change, ?3 the first day of the option. */
static int scale_charges(sqlite3 *db, int64_t profile, const char *tariff_from,
			 const char *option_from)
{
	return db_exec(db, "UPDATE history SET service_id = (SELECT s.id FROM services s "
			   "  WHERE s.account_id = history.account_id ORDER BY s.rowid LIMIT 1) "
			   "WHERE type = 'CHARGE' AND account_id IN "
			   "  (SELECT id FROM accounts WHERE profile_id = ?1)", "i",
		       profile) == SQLITE_DONE &&
			       db_exec(db, "INSERT INTO charge_parts (history_id, service_id, kind, name, "
					   "amount) SELECT h.id, h.service_id, "
					   "CASE WHEN h.service_id IS NULL THEN 'ONE_OFF' ELSE 'TARIFF' END, "
					   "CASE WHEN h.service_id IS NULL THEN NULL ELSE t.name END, "
					   "CASE WHEN h.service_id IS NULL THEN -h.amount "
					   "  ELSE t.monthly_fee END "
					   "FROM history h JOIN accounts a ON a.id = h.account_id "
					   "JOIN tariffs t ON t.id = CASE WHEN h.date < ?2 "
					   "  THEN '" PAST_TARIFF "' ELSE 'tar_inet300' END "
					   "WHERE h.type = 'CHARGE' AND a.profile_id = ?1 "
					   "UNION ALL SELECT h.id, h.service_id, 'OPTION', o.name, "
					   "o.monthly_fee FROM history h JOIN accounts a ON a.id = h.account_id "
					   "JOIN options o ON o.id = 'opt_static_ip' "
					   "WHERE h.type = 'CHARGE' AND a.profile_id = ?1 "
					   "AND h.service_id IS NOT NULL AND h.date >= ?3", "iss",
				       profile, tariff_from, option_from) == SQLITE_DONE &&
			       db_exec(db, "UPDATE service_options SET enabled = 1 "
					   "WHERE option_id = 'opt_static_ip' AND service_id IN "
					   "(SELECT (SELECT s.id FROM services s WHERE s.account_id = a.id "
					   "  ORDER BY s.rowid LIMIT 1) FROM accounts a "
					   "  WHERE a.profile_id = ?1)", "i", profile) == SQLITE_DONE
		       ? 0 : -1;
}

/* The fee of a scale charge on `day`, as scale_charges() splits it: fees[0] the tariff
 * before the change, fees[1] after, fees[2] the option. */
static int64_t scale_fee(const struct changes *ch, const int64_t fees[3], int64_t day)
{
	return (day < ch->tariff_at / 86400 ? fees[0] : fees[1]) +
	       (day >= ch->option_from_day ? fees[2] : 0);
}

/* The accounts, services and history of the scale profile, with prepared statements in
 * the one transaction: 10 000 accounts take well under a second. The services are
 * dealt round-robin: service j (from 1) is on account (j - 1) % n + 1. */
static int scale_rows(struct call *c, int64_t profile, int n, int services_n, int history)
{
	sqlite3 *db = c->db;
	char id[32], sid[32], number[16], login[32], contract[11], date[11];
	sqlite3_stmt *acc = db_stmt(db, "INSERT INTO accounts (id, number, region, address, "
				       "payment_system, profile_id, relation, owner_last, owner_name, "
				       "owner_middle, owner_contact, contract_date, attached_at) "
				       "VALUES (?, ?, 'Пермский край', ?, 'ADVANCE', ?, 'OWN', "
				       "'Иванов', 'Сергей', 'Павлович', '+79990000000', ?, ?)");
	sqlite3_stmt *svc = db_stmt(db, "INSERT INTO services (id, account_id, type, number, "
				       "display_number, service_login, status, tariff_id) "
				       "VALUES (?, ?, 1, ?, ?, ?, 'ACTIVE', 'tar_inet300')");
	sqlite3_stmt *opt = db_stmt(db, "INSERT INTO service_options (service_id, option_id, enabled) "
				       "SELECT ?, id, 0 FROM options WHERE type = 1");
	sqlite3_stmt *hist = db_stmt(db, "INSERT INTO history (id, account_id, date, at, type, "
					"amount, description) VALUES (?, ?, ?, ?, ?, ?, ?)");
	const struct changes ch = changes_of(c);
	const int64_t fees[3] = {
		db_int(db, "SELECT monthly_fee FROM tariffs WHERE id = '" PAST_TARIFF "'", 0, ""),
		db_int(db, "SELECT monthly_fee FROM tariffs WHERE id = 'tar_inet300'", 0, ""),
		db_int(db, "SELECT monthly_fee FROM options WHERE id = 'opt_static_ip'", 0, ""),
	};
	char tariff_from[11], option_from[11];

	if (!acc || !svc || !opt || !hist)
		return -1;

	srv_day_to_date(c->today_day - 1500, contract);
	for (int i = 0; i < n; i++) {
		char address[96];
		snprintf(id, sizeof(id), "accs%d", i + 1);
		snprintf(sid, sizeof(sid), "svcs%d", i + 1);
		snprintf(number, sizeof(number), "8%011d", i + 1);
		snprintf(login, sizeof(login), "scale_%d", i + 1);
		snprintf(address, sizeof(address), "г. Пермь, ул. Пушкина, д. %d, кв. %d",
			 i / 200 + 1, i % 200 + 1);
		db_bind(acc, "sssisi", id, number, address, profile, contract, c->now);
		if (sqlite3_step(acc) != SQLITE_DONE)
			return -1;
		sqlite3_reset(acc);
	}
	for (int j = 0; j < services_n; j++) {
		snprintf(id, sizeof(id), "accs%d", j % n + 1);
		snprintf(sid, sizeof(sid), "svcs%d", j + 1);
		snprintf(login, sizeof(login), "scale_%d", j + 1);
		db_bind(svc, "sssss", sid, id, login, login, login);
		db_bind(opt, "s", sid);
		if (sqlite3_step(svc) != SQLITE_DONE || sqlite3_step(opt) != SQLITE_DONE)
			return -1;
		sqlite3_reset(svc);
		sqlite3_reset(opt);
	}
	/* History oldest first over the last two years, round-robin over the accounts:
	 * payments and the fee of the day (scale_fee()) in turn. */
	for (int j = 0; j < history; j++) {
		int64_t day = c->today_day - (int64_t)(history - 1 - j) * 730 / history;
		bool charge = j / n % 2 == 1;
		int64_t at = day * 86400 + 9 * 3600 + j % 3600;
		char hid[32], text[96];
		snprintf(hid, sizeof(hid), "hs%d", j + 1);
		snprintf(id, sizeof(id), "accs%d", j % n + 1);
		srv_day_to_date(day, date);
		if (at > c->now)
			at = c->now;
		if (charge)
			charge_text(srv_month_of(date), text, sizeof(text));
		else
			snprintf(text, sizeof(text), "Оплата картой " DEMO_CARD_MASK);
		db_bind(hist, "sssisis", hid, id, date, at, charge ? "CHARGE" : "PAYMENT",
			charge ? -scale_fee(&ch, fees, day) : (int64_t)70000, text);
		if (sqlite3_step(hist) != SQLITE_DONE)
			return -1;
		sqlite3_reset(hist);
	}
	srv_day_to_date(ch.tariff_at / 86400, tariff_from);
	srv_day_to_date(ch.option_from_day, option_from);
	return scale_charges(db, profile, tariff_from, option_from) == 0 &&
			       db_exec(db, "UPDATE accounts SET balance = (SELECT COALESCE(SUM(amount), 0) "
					   "FROM history h WHERE h.account_id = accounts.id) "
					   "WHERE profile_id = ?", "i", profile) == SQLITE_DONE
		       ? 0 : -1;
}

/* The scale profile and its rows. */
static int scale_profile(struct call *c, const char *pwhash, int accounts_n, int services_n,
			 int history)
{
	sqlite3 *db = c->db;

	/* On a database without the demo the catalogue comes first. */
	if (db_int(db, "SELECT EXISTS (SELECT 1 FROM tariffs WHERE id = 'tar_inet300')", 0, "") != 1 &&
	    seed_catalogue(db) < 0)
		return -1;
	if (db_exec(db, "INSERT INTO profiles (login, pwhash, last_name, name, middle_name, phone, "
			"region, created_at) VALUES ('scale', ?, 'Иванов', 'Сергей', 'Павлович', "
			"'+79990000000', 'Пермский край', ?)", "si", pwhash, c->now) != SQLITE_DONE)
		return -1;
	return scale_rows(c, sqlite3_last_insert_rowid(db), accounts_n, services_n, history);
}

#define SCALE_EXISTS "SELECT EXISTS (SELECT 1 FROM profiles WHERE login = 'scale')"

int seed_scale(sqlite3 *db, int accounts_n, int services_n, int history, char *err,
	       size_t errsize)
{
	struct call c;
	char pwhash[128];
	int rc;

	if (accounts_n < 1) {
		snprintf(err, errsize, "scale needs at least one account");
		return -1;
	}
	if (db_int(db, SCALE_EXISTS, 0, "") == 1)
		return 1;
	if (srv_password_hash("Kabinet-2026", pwhash) < 0) {
		snprintf(err, errsize, "password hashing failed (out of memory)");
		return -1;
	}
	seed_call(&c, db);
	if ((rc = seed_begin(db, SCALE_EXISTS, err, errsize)) != 0)
		return rc;
	return seed_end(db, scale_profile(&c, pwhash, accounts_n, services_n, history), "seed scale",
			err, errsize);
}
