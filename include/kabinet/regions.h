/* Russia's regions by the names the personal cabinet uses (attachAccount wants one
 * exactly), for the attach wizard's list. */
#ifndef KABINET_REGIONS_H
#define KABINET_REGIONS_H

#include <stdbool.h>
#include <stddef.h>

size_t regions_count(void);
/* The i-th name, NULL past the end. */
const char *regions_name(size_t i);
/* Whether the name has what was typed in it, ignoring case, in Russian or in Latin
 * letters ("перм", "PERM" and "permskii" all find «Пермский край"). Empty typing
 * matches everything. */
bool regions_match(const char *name, const char *typed);

#endif
