/* A new card, as the payment forms take it (pay.c): the number grouped in fours as it
 * is typed with its system named, the expiry with its slash put in, the CVC masked,
 * the holder; each checked as it is left, the reason next to it; and the card read
 * out of the fields for one request and wiped after. The fields are the form's: the
 * number and CVC exist nowhere else. */
#include "kabinet/ui/edit.h"
#include "kabinet/ui/form.h"
#include "kabinet/ui/pay.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kabinet/i18n.h"
#include "kabinet/model/model.h"
#include "kabinet/model/payments.h"

void pay_digits(const struct ui_edit *e, char *out, size_t size)
{
	size_t n = 0;

	for (size_t i = 0; i < e->len && n + 1 < size; i++)
		if (e->buf[i] >= L'0' && e->buf[i] <= L'9')
			out[n++] = (char)e->buf[i];
	out[n] = '\0';
}

void pay_card_init(struct ui_field *f)
{
	static const struct {
		enum ui_field_kind kind;
		const char *label;
		size_t max;
	} spec[PAY_CARD_FIELDS] = {
		[PAY_PAN] = { UI_FIELD_TEXT, N_("Card number"), 23 },
		[PAY_EXP] = { UI_FIELD_TEXT, N_("Expires MM/YY"), 5 },
		[PAY_CVC] = { UI_FIELD_SECRET, N_("CVC"), 3 },
		[PAY_HOLDER] = { UI_FIELD_TEXT, N_("Holder (optional)"), 26 },
	};

	for (int i = 0; i < PAY_CARD_FIELDS; i++) {
		f[i] = (struct ui_field){ .kind = spec[i].kind, .label = spec[i].label };
		f[i].edit.max = spec[i].max;
	}
	f[PAY_CVC].edit.masked = true;
	f[PAY_CVC].edit.digits = true;
}

void pay_card_mask(const struct ui_field *f, char *out, size_t size)
{
	char d[24], m[24];
	size_t n;

	pay_digits(&f[PAY_PAN].edit, d, sizeof(d));
	n = strlen(d);
	if (n < 10) {
		snprintf(out, size, "%s", "****");
	} else {
		/* As the server masks a card: the first six and the last four digits. */
		memset(m, '*', n);
		memcpy(m, d, 6);
		memcpy(m + n - 4, d + n - 4, 4);
		m[n] = '\0';
		snprintf(out, size, "%.4s %.4s %.4s %s", m, m + 4, m + 8, m + 12);
		model_wipe(m, sizeof(m));
	}
	model_wipe(d, sizeof(d));
}

void pay_card_typed(struct ui_field *f, int which)
{
	char d[24], g[32];
	size_t n = 0;
	const char *sys;

	if (which == PAY_EXP) {
		/* "MM/YY": the slash comes by itself after the month. */
		pay_digits(&f[PAY_EXP].edit, d, sizeof(d));
		d[4] = '\0';
		if (strlen(d) > 2)
			snprintf(g, sizeof(g), "%.2s/%s", d, d + 2);
		else
			snprintf(g, sizeof(g), "%s", d);
		ui_edit_set(&f[PAY_EXP].edit, g);
		return;
	}
	if (which != PAY_PAN)
		return;
	pay_digits(&f[PAY_PAN].edit, d, sizeof(d));
	for (size_t i = 0; d[i] && n + 2 < sizeof(g); i++) {
		if (i && i % 4 == 0)
			g[n++] = ' ';
		g[n++] = d[i];
	}
	g[n] = '\0';
	ui_edit_set(&f[PAY_PAN].edit, g);
	sys = d[0] ? pay_card_system(d) : NULL;
	snprintf(f[PAY_PAN].note, sizeof(f[PAY_PAN].note), "%s",
		 sys ? pay_card_system_name(sys) : strlen(d) >= 4 ? _("not MIR, Visa or Mastercard") : "");
	model_wipe(d, sizeof(d));
	model_wipe(g, sizeof(g));
}

static void expiry_problem(const char *d, char *err, size_t size)
{
	time_t now = time(NULL);
	struct tm tm;
	int mm, yy;

	localtime_r(&now, &tm);
	if (strlen(d) != 4) {
		snprintf(err, size, "%s", _("Type the expiry as MM/YY."));
		return;
	}
	mm = (d[0] - '0') * 10 + (d[1] - '0');
	yy = (d[2] - '0') * 10 + (d[3] - '0') + 2000;
	if (mm < 1 || mm > 12)
		snprintf(err, size, "%s", _("The month is 01 to 12."));
	else if (yy * 12 + mm < (tm.tm_year + 1900) * 12 + tm.tm_mon + 1)
		snprintf(err, size, "%s", _("The card has expired."));
}

static bool holder_ok(const char *s)
{
	size_t n = strlen(s);

	if (!n)
		return true;	/* it is optional */
	if (n < 2 || n > 26)
		return false;
	for (size_t k = 0; k < n; k++)
		if (!((s[k] >= 'A' && s[k] <= 'Z') || (s[k] >= 'a' && s[k] <= 'z') || s[k] == ' ' ||
		      s[k] == '-' || s[k] == '.'))
			return false;
	return true;
}

bool pay_card_check(struct ui_field *f, int which)
{
	struct ui_field *fld = &f[which];
	char d[32];

	fld->error[0] = '\0';
	if (fld->hidden)
		return true;
	switch (which) {
	case PAY_PAN:
		pay_digits(&fld->edit, d, sizeof(d));
		if (!d[0])
			snprintf(fld->error, sizeof(fld->error), "%s", _("Type the card number."));
		else if (!pay_luhn_ok(d))
			snprintf(fld->error, sizeof(fld->error), "%s",
				 _("Not a card number: check the digits (16 to 19 of them)."));
		else if (!pay_card_system(d))
			snprintf(fld->error, sizeof(fld->error), "%s",
				 _("Only MIR, Visa and Mastercard cards are taken."));
		break;
	case PAY_EXP:
		pay_digits(&fld->edit, d, sizeof(d));
		expiry_problem(d, fld->error, sizeof(fld->error));
		break;
	case PAY_CVC:
		pay_digits(&fld->edit, d, sizeof(d));
		if (strlen(d) != 3)
			snprintf(fld->error, sizeof(fld->error), "%s",
				 _("The CVC is the three digits on the back of the card."));
		break;
	case PAY_HOLDER:
		ui_edit_get(&fld->edit, d, sizeof(d));
		if (!holder_ok(d))
			snprintf(fld->error, sizeof(fld->error), "%s",
				 _("As on the card: 2 to 26 Latin letters, or leave it empty."));
		break;
	default:
		return true;
	}
	model_wipe(d, sizeof(d));
	return !fld->error[0];
}

void pay_card_read(const struct ui_field *f, struct new_card *c)
{
	char exp[8];

	memset(c, 0, sizeof(*c));
	pay_digits(&f[PAY_PAN].edit, c->pan, sizeof(c->pan));
	pay_digits(&f[PAY_EXP].edit, exp, sizeof(exp));
	if (strlen(exp) == 4) {
		c->exp_month = (exp[0] - '0') * 10 + (exp[1] - '0');
		c->exp_year = 2000 + (exp[2] - '0') * 10 + (exp[3] - '0');
	}
	pay_digits(&f[PAY_CVC].edit, c->cvc, sizeof(c->cvc));
	ui_edit_get(&f[PAY_HOLDER].edit, c->holder, sizeof(c->holder));
}

void pay_card_wipe(struct ui_field *f, bool all)
{
	ui_edit_wipe(&f[PAY_CVC].edit);
	if (!all)
		return;
	ui_edit_wipe(&f[PAY_PAN].edit);
	ui_edit_wipe(&f[PAY_EXP].edit);
	ui_edit_wipe(&f[PAY_HOLDER].edit);
	f[PAY_PAN].note[0] = '\0';
}
