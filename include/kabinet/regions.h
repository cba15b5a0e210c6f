/* Russia's regions by the names the personal cabinet uses (attachAccount wants one
 * exactly; register and updateProfile take only these), for the lists of the attach
 * wizard, registration and the profile. The names are common to kabinet and kabinetd
 * (src/common/regions.c); the filter is the client's (src/client/model/regions.c). */
#ifndef KABINET_REGIONS_H
#define KABINET_REGIONS_H

#include <stdbool.h>
#include <stddef.h>

/* At least regions_count(). */
#define REGIONS_MAX 128

size_t regions_count(void);
/* The i-th name, NULL past the end. */
const char *regions_name(size_t i);
/* Whether the name is one of the list, exactly. */
bool regions_known(const char *name);
/* Whether the name has what was typed in it, ignoring case, in Russian or in Latin
 * letters ("перм", "PERM" and "permskii" all find «Пермский край"). Empty typing
 * matches everything. */
bool regions_match(const char *name, const char *typed);

#endif
