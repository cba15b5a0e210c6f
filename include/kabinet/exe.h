/* Files that travel with the program: found next to the running executable
 * (/proc/self/exe), so a build tree works as it is and an installed program finds
 * what was installed beside it. Used for the keyring plugin, kabinetd (--demo) and
 * the translations. */
#ifndef KABINET_EXE_H
#define KABINET_EXE_H

#include <stdbool.h>
#include <stddef.h>

/* path becomes "<directory of the executable>/name"; false (path unspecified) when
 * the executable cannot be found out or the result does not fit in size bytes. */
bool exe_beside(char *path, size_t size, const char *name);

#endif
