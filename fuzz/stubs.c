/* What the fuzz targets link instead of the interface: the readers share date
 * arithmetic with ui/tariffs_calc.c (tariffs_iso_day, tariffs_date_of), whose
 * formatting half calls these. No reader formats: a call is a bug of the target. */
#include <stdio.h>
#include <stdlib.h>

#include "kabinet/ui.h"

static void not_here(const char *name)
{
	fprintf(stderr, "fuzz: %s called: the readers do not format\n", name);
	abort();
}

char *ui_money(int64_t kopecks, char *buf, size_t size)
{
	not_here("ui_money");
	return buf;
}

char *ui_date(const char *iso, bool brief, char *buf, size_t size)
{
	not_here("ui_date");
	return buf;
}

char *ui_number(int64_t n, char *buf, size_t size)
{
	not_here("ui_number");
	return buf;
}
