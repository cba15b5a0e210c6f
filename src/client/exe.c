/* Files next to the running executable (see exe.h). */
#include "kabinet/exe.h"

#include <string.h>
#include <unistd.h>

bool exe_beside(char *path, size_t size, const char *name)
{
	ssize_t n;
	char *slash;

	if (size < 2)
		return false;
	n = readlink("/proc/self/exe", path, size - 1);
	if (n <= 0)
		return false;
	path[n] = '\0';
	slash = strrchr(path, '/');
	if (!slash || (size_t)(slash + 1 - path) + strlen(name) + 1 > size)
		return false;
	strcpy(slash + 1, name);
	return true;
}
