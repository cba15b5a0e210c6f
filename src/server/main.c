/* kabinetd: the reference server of the personal-cabinet API. Parses the command
 * line, runs the admin subcommands, or serves HTTP until SIGINT/SIGTERM. */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "kabinet/server/admin.h"
#include "kabinet/server/db.h"
#include "kabinet/server/device_page.h"
#include "kabinet/server/http.h"
#include "kabinet/server/log.h"
#include "kabinet/server/oidc.h"
#include "kabinet/server/srv.h"
#include "kabinet/server/staff.h"

static const char usage[] =
	"usage: kabinetd [--listen HOST:PORT] --db FILE [--seed demo] [--outbox FILE]\n"
	"                [--today YYYY-MM-DD] [--delay-ms N] [--session-ttl SECONDS]\n"
	"                [--threads N] [--tls-cert FILE --tls-key FILE]\n"
	"                [--providers FILE] [--public-url URL] [--trusted-proxy ADDR]\n"
	"                [--max-connections N] [--max-per-address N]\n"
	"                [--request-timeout SECONDS] [--min-body-rate BYTES]\n"
	"       kabinetd admin seed --db FILE demo\n"
	"       kabinetd admin seed --db FILE scale --accounts N --history N [--services N]\n"
	"       kabinetd admin bill --db FILE --date YYYY-MM-DD [--outbox FILE]\n"
	"       kabinetd admin staff --db FILE add LOGIN --name NAME --role support|office\n"
	"       kabinetd admin staff --db FILE list | disable LOGIN | reset LOGIN | code LOGIN\n"
	"       kabinetd --help | --version\n";

static int fail(const char *fmt, const char *arg)
{
	fprintf(stderr, "kabinetd: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	return 2;
}

static bool parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || n > 1 << 20 || fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return NULL;
	}
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	if (buf)
		buf[n] = '\0';
	fclose(f);
	return buf;
}

/* --today pins the date: the clock runs on from the real time of day. */
static int set_today(const char *date)
{
	int64_t day = srv_parse_date(date);
	int64_t real = (int64_t)time(NULL);
	if (day == INT64_MIN)
		return -1;
	srv_cfg.today_offset = day * 86400 - (real - real % 86400);
	return 0;
}

/* --public-url: http(s)://host[:port][/path], kept without a trailing slash. */
static int set_public_url(const char *url)
{
	static char buf[512];
	size_t n = strlen(url);
	if ((strncmp(url, "https://", 8) && strncmp(url, "http://", 7)) || n >= sizeof(buf) ||
	    strpbrk(url, "?#\"\'<> "))
		return -1;
	memcpy(buf, url, n + 1);
	while (n > 0 && buf[n - 1] == '/')
		buf[--n] = '\0';
	if (!strcmp(buf, "http:/") || !strcmp(buf, "https:/") || n <= 8)
		return -1;
	srv_cfg.public_url = buf;
	return 0;
}

/* --trusted-proxy: a numeric IPv4 or IPv6 address, kept in inet_ntop's form so that
 * http.c compares it with a peer's as text. */
static int set_trusted_proxy(const char *addr)
{
	unsigned char bin[sizeof(struct in6_addr)];
	int family = strchr(addr, ':') ? AF_INET6 : AF_INET;
	if (inet_pton(family, addr, bin) != 1 ||
	    !inet_ntop(family, bin, srv_cfg.trusted_proxy, sizeof(srv_cfg.trusted_proxy)))
		return -1;
	return 0;
}

/* The default public URL: the address kabinetd listens on. */
static void default_public_url(const char *host, uint16_t port)
{
	static char buf[128];
	if (srv_cfg.public_url)
		return;
	snprintf(buf, sizeof(buf), strchr(host, ':') ? "http%s://[%s]:%u" : "http%s://%s:%u",
		 srv_cfg.tls ? "s" : "", host, (unsigned)port);
	srv_cfg.public_url = buf;
}

/* Open files for what is not a client's connection: the guard's refusals draining, the
 * database's, the log, the threads' pipes, the providers' calls. */
#define SPARE_DESCRIPTORS (GUARD_LINGER_MAX + 96)
#define WANTED_DESCRIPTORS 65536

/* Raises the soft limit of open files towards the hard one (to WANTED_DESCRIPTORS at
 * most), and lowers --max-connections, saying so, when they would not fit. */
static void fit_descriptors(struct guard_limits *lim)
{
	struct rlimit rl;
	rlim_t want = WANTED_DESCRIPTORS;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return;
	if (rl.rlim_max != RLIM_INFINITY && want > rl.rlim_max)
		want = rl.rlim_max;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
		rl.rlim_cur = want;
		if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
			getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur != RLIM_INFINITY &&
	    rl.rlim_cur < (rlim_t)lim->max_connections + SPARE_DESCRIPTORS) {
		unsigned fit = rl.rlim_cur > 2 * SPARE_DESCRIPTORS
				       ? (unsigned)rl.rlim_cur - SPARE_DESCRIPTORS
				       : SPARE_DESCRIPTORS;
		log_msg("only %llu open files allowed (ulimit -n): --max-connections %u lowered "
			"to %u",
			(unsigned long long)rl.rlim_cur, lim->max_connections, fit);
		lim->max_connections = fit;
	}
}

static int open_db(const char *path)
{
	char err[512];
	if (!path)
		return fail("%s", "--db FILE is required");
	srv_cfg.db_path = path;
	if (db_init(path, err, sizeof(err)) != 0 || !db_thread())
		return fail("%s", err);
	return 0;
}

static int admin(int argc, char **argv)
{
	const char *db = NULL, *what = NULL, *date = NULL;
	long accounts = -1, history = -1, services = -1;
	char err[512] = "";
	int rc;

	if (argc < 1)
		return fail("%s", "admin: seed, bill or staff?");
	if (!strcmp(argv[0], "staff"))
		return staff_admin(argc, argv);
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--db") && i + 1 < argc)
			db = argv[++i];
		else if (!strcmp(argv[i], "--date") && i + 1 < argc)
			date = argv[++i];
		else if (!strcmp(argv[i], "--outbox") && i + 1 < argc)
			srv_cfg.outbox_path = argv[++i];
		else if (!strcmp(argv[i], "--accounts") && i + 1 < argc) {
			if (!parse_long(argv[++i], 1, 100000, &accounts))
				return fail("--accounts: %s is not a number from 1 to 100000", argv[i]);
		} else if (!strcmp(argv[i], "--services") && i + 1 < argc) {
			if (!parse_long(argv[++i], 0, 1000000, &services))
				return fail("--services: %s is not a number from 0 to 1000000", argv[i]);
		} else if (!strcmp(argv[i], "--history") && i + 1 < argc) {
			if (!parse_long(argv[++i], 0, 10000000, &history))
				return fail("--history: %s is not a number from 0 to 10000000", argv[i]);
		} else if (argv[i][0] != '-' && !what)
			what = argv[i];
		else
			return fail("admin: unexpected argument %s", argv[i]);
	}
	if (!strcmp(argv[0], "seed")) {
		if (!what || (strcmp(what, "demo") && strcmp(what, "scale")))
			return fail("%s", "admin seed: name demo or scale");
		if (!strcmp(what, "scale") && (accounts < 0 || history < 0))
			return fail("%s", "admin seed scale needs --accounts N and --history N");
		if ((rc = open_db(db)))
			return rc;
		rc = !strcmp(what, "demo") ? seed_demo(db_thread(), err, sizeof(err))
					   : seed_scale(db_thread(), (int)accounts,
							services < 0 ? (int)accounts : (int)services,
							(int)history, err, sizeof(err));
		db_close_all();
		if (rc < 0)
			return fail("seed: %s", err);
		printf(rc == 1 ? "kabinetd: %s already has data; nothing seeded\n"
			       : "kabinetd: seeded %s\n", db);
		return 0;
	}
	if (!strcmp(argv[0], "bill")) {
		if (!date || srv_parse_date(date) == INT64_MIN)
			return fail("%s", "admin bill needs --date YYYY-MM-DD");
		if ((rc = open_db(db)))
			return rc;
		set_today(date);
		rc = billing_run(db_thread(), date, err, sizeof(err));
		db_close_all();
		if (rc < 0)
			return fail("bill: %s", err);
		printf("kabinetd: billed %s\n", date);
		return 0;
	}
	return fail("admin: unknown command %s (seed, bill or staff)", argv[0]);
}

int main(int argc, char **argv)
{
	struct http_options opt = {
		.host = "127.0.0.1",
		.port = 8480,
		.limits = { .max_connections = GUARD_MAX_CONNECTIONS,
			    .max_per_address = GUARD_MAX_PER_ADDRESS,
			    .request_timeout_s = GUARD_REQUEST_TIMEOUT,
			    .min_body_rate = GUARD_MIN_BODY_RATE },
	};
	const char *db = NULL, *seed = NULL, *cert_path = NULL, *key_path = NULL;
	const char *providers = NULL;
	struct http_server *srv;
	struct rlimit no_core = { 0, 0 };
	char err[512];
	uint16_t port;
	long v;

	/* No core dumps: they would hold passwords in flight. */
	setrlimit(RLIMIT_CORE, &no_core);
	if (sodium_init() < 0)
		return fail("%s", "libsodium failed to initialise");

	if (argc > 1 && !strcmp(argv[1], "admin"))
		return admin(argc - 2, argv + 2);

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(usage, stdout);
			return 0;
		}
		if (!strcmp(a, "--version")) {
			printf("kabinetd %s\n", KABINET_VERSION);
			return 0;
		}
		if (!val) {
			fprintf(stderr, "kabinetd: unknown or incomplete option %s\n%s", a, usage);
			return 2;
		}
		i++;
		if (!strcmp(a, "--listen")) {
			static char host[64];
			const char *colon = strrchr(val, ':');
			size_t hl;
			if (!colon || !parse_long(colon + 1, 0, 65535, &v))
				return fail("--listen: %s is not HOST:PORT", val);
			hl = (size_t)(colon - val);
			if (hl >= 2 && val[0] == '[' && val[hl - 1] == ']') {
				val++;
				hl -= 2;
			}
			if (hl == 0 || hl >= sizeof(host))
				return fail("--listen: %s is not HOST:PORT", val);
			memcpy(host, val, hl);
			host[hl] = '\0';
			opt.host = !strcmp(host, "localhost") ? "127.0.0.1" : host;
			opt.port = (uint16_t)v;
		} else if (!strcmp(a, "--db")) {
			db = val;
		} else if (!strcmp(a, "--seed")) {
			if (strcmp(val, "demo"))
				return fail("--seed: only \"demo\" is known, not %s", val);
			seed = val;
		} else if (!strcmp(a, "--outbox")) {
			srv_cfg.outbox_path = val;
		} else if (!strcmp(a, "--today")) {
			if (set_today(val))
				return fail("--today: %s is not a date YYYY-MM-DD", val);
		} else if (!strcmp(a, "--delay-ms")) {
			if (!parse_long(val, 0, 600000, &v))
				return fail("--delay-ms: %s is not a number from 0 to 600000", val);
			srv_cfg.delay_ms = (unsigned)v;
		} else if (!strcmp(a, "--session-ttl")) {
			if (!parse_long(val, 1, 30L * 86400, &v))
				return fail("--session-ttl: %s is not a number of seconds", val);
			srv_cfg.session_idle = v;
		} else if (!strcmp(a, "--threads")) {
			if (!parse_long(val, 1, 256, &v))
				return fail("--threads: %s is not a number from 1 to 256", val);
			opt.threads = (unsigned)v;
		} else if (!strcmp(a, "--max-connections")) {
			if (!parse_long(val, 1, 100000, &v))
				return fail("--max-connections: %s is not a number from 1 to 100000",
					    val);
			opt.limits.max_connections = (unsigned)v;
		} else if (!strcmp(a, "--max-per-address")) {
			if (!parse_long(val, 0, 100000, &v))
				return fail("--max-per-address: %s is not a number from 0 (no limit) "
					    "to 100000", val);
			opt.limits.max_per_address = (unsigned)v;
		} else if (!strcmp(a, "--request-timeout")) {
			if (!parse_long(val, 1, 3600, &v))
				return fail("--request-timeout: %s is not a number of seconds from 1 "
					    "to 3600", val);
			opt.limits.request_timeout_s = (unsigned)v;
		} else if (!strcmp(a, "--min-body-rate")) {
			if (!parse_long(val, 0, 1L << 30, &v))
				return fail("--min-body-rate: %s is not a number of bytes a second "
					    "(0 for none)", val);
			opt.limits.min_body_rate = (unsigned)v;
		} else if (!strcmp(a, "--tls-cert")) {
			cert_path = val;
		} else if (!strcmp(a, "--tls-key")) {
			key_path = val;
		} else if (!strcmp(a, "--providers")) {
			providers = val;
		} else if (!strcmp(a, "--public-url")) {
			if (set_public_url(val))
				return fail("--public-url: %s is not an http(s) URL without query", val);
		} else if (!strcmp(a, "--trusted-proxy")) {
			if (set_trusted_proxy(val))
				return fail("--trusted-proxy: %s is not a numeric IPv4 or IPv6 address",
					    val);
		} else {
			fprintf(stderr, "kabinetd: unknown option %s\n%s", a, usage);
			return 2;
		}
	}
	if (!db) {
		fprintf(stderr, "kabinetd: --db FILE is required\n%s", usage);
		return 2;
	}
	if (!cert_path != !key_path)
		return fail("%s", "--tls-cert and --tls-key go together");
	if (cert_path) {
		char *cert = read_file(cert_path), *key = read_file(key_path);
		if (!cert || !key)
			return fail("cannot read %s", !cert ? cert_path : key_path);
		opt.tls_cert = cert;
		opt.tls_key = key;
		srv_cfg.tls = true;
	}
	if (providers && !srv_cfg.public_url &&
	    (!strcmp(opt.host, "0.0.0.0") || !strcmp(opt.host, "::")))
		return fail("--providers with --listen on every address (%s) needs --public-url: "
			    "the approval page's address is where browsers reach kabinetd",
			    opt.host);
	if (providers && oidc_load(providers, err, sizeof(err)))
		return fail("--providers: %s", err);
	device_page_init();
	int rc = open_db(db);
	if (rc)
		return rc;
	if (seed && seed_demo(db_thread(), err, sizeof(err)) < 0)
		return fail("seed: %s", err);
	/* The main thread's connection is not needed while serving. */
	db_close_all();

	/* SIGINT/SIGTERM are blocked before the server's threads exist, so that they
	 * inherit the mask and only the main thread takes the signal, in sigwait(). */
	sigset_t stop_signals;
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGINT);
	sigaddset(&stop_signals, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
	signal(SIGPIPE, SIG_IGN);

	fit_descriptors(&opt.limits);
	/* The public URL is set once the port is known, before the first request. */
	opt.bound = default_public_url;
	srv = http_start(&opt, &port, err, sizeof(err));
	if (!srv)
		return fail("%s", err);
	if (strchr(opt.host, ':'))
		printf("kabinetd listening on http%s://[%s]:%u\n", srv_cfg.tls ? "s" : "", opt.host,
		       (unsigned)port);
	else
		printf("kabinetd listening on http%s://%s:%u\n", srv_cfg.tls ? "s" : "", opt.host,
		       (unsigned)port);
	fflush(stdout);

	int sig = 0;
	while (sigwait(&stop_signals, &sig) != 0)
		;
	log_msg("stopping: finishing requests in flight");
	http_stop(srv);
	db_close_all();
	oidc_free_all();
	if (cert_path) {
		sodium_memzero((void *)opt.tls_key, strlen(opt.tls_key));
		free((void *)opt.tls_cert);
		free((void *)opt.tls_key);
	}
	return 0;
}
