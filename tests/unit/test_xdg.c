/* Unit tests of the XDG lookup shared by the config file, the state and the cache:
 * an absolute XDG_*_HOME wins, an unset or relative one falls back to the home's
 * default, and a relative or unset HOME gives way to the password database's home. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kabinet/cache.h"
#include "kabinet/config.h"
#include "kabinet/state.h"
#include "kabinet/xdg.h"

static void clean_env(void)
{
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("XDG_STATE_HOME");
	unsetenv("XDG_CACHE_HOME");
	setenv("HOME", "/home/ivan", 1);
}

static void absolute_variables_win(void **state)
{
	char buf[256];

	(void)state;
	clean_env();
	setenv("XDG_CONFIG_HOME", "/x/conf", 1);
	setenv("XDG_STATE_HOME", "/x/state", 1);
	setenv("XDG_CACHE_HOME", "/x/cache", 1);
	assert_non_null(config_user_path(buf, sizeof(buf)));
	assert_string_equal(buf, "/x/conf/kabinet/config");
	assert_int_equal(state_dir(buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/x/state/kabinet");
	assert_int_equal(cache_dir(buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/x/cache/kabinet");
}

/* Unset, empty and relative are all the home's defaults. */
static void unset_or_relative_variables_fall_back_to_home(void **state)
{
	static const char *const values[] = { NULL, "", "rel/dir" };
	char buf[256];

	(void)state;
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		clean_env();
		if (values[i]) {
			setenv("XDG_CONFIG_HOME", values[i], 1);
			setenv("XDG_STATE_HOME", values[i], 1);
			setenv("XDG_CACHE_HOME", values[i], 1);
		}
		assert_non_null(config_user_path(buf, sizeof(buf)));
		assert_string_equal(buf, "/home/ivan/.config/kabinet/config");
		assert_int_equal(state_dir(buf, sizeof(buf)), 0);
		assert_string_equal(buf, "/home/ivan/.local/state/kabinet");
		assert_int_equal(cache_dir(buf, sizeof(buf)), 0);
		assert_string_equal(buf, "/home/ivan/.cache/kabinet");
	}
}

/* A HOME that is not an absolute path is no home: the password database's is. */
static void relative_or_unset_home_is_the_accounts_home(void **state)
{
	static const char *const homes[] = { NULL, "", "ivan" };
	struct passwd *pw = getpwuid(getuid());
	char buf[256], want[300];

	(void)state;
	if (!pw || !pw->pw_dir || pw->pw_dir[0] != '/')
		skip();
	for (size_t i = 0; i < sizeof(homes) / sizeof(homes[0]); i++) {
		clean_env();
		if (homes[i])
			setenv("HOME", homes[i], 1);
		else
			unsetenv("HOME");
		assert_int_equal(xdg_dir("XDG_STATE_HOME", ".local/state", buf, sizeof(buf)), 0);
		snprintf(want, sizeof(want), "%s/.local/state/kabinet", pw->pw_dir);
		assert_string_equal(buf, want);
		assert_non_null(config_user_path(buf, sizeof(buf)));
		snprintf(want, sizeof(want), "%s/.config/kabinet/config", pw->pw_dir);
		assert_string_equal(buf, want);
	}
}

static void too_small_a_buffer_is_no_path(void **state)
{
	char buf[16];

	(void)state;
	clean_env();
	assert_int_equal(state_dir(buf, sizeof(buf)), -1);
	assert_int_equal(cache_dir(buf, sizeof(buf)), -1);
	assert_null(config_user_path(buf, sizeof(buf)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(absolute_variables_win),
		cmocka_unit_test(unset_or_relative_variables_fall_back_to_home),
		cmocka_unit_test(relative_or_unset_home_is_the_accounts_home),
		cmocka_unit_test(too_small_a_buffer_is_no_path),
	};
	return cmocka_run_group_tests_name("xdg", tests, NULL, NULL);
}
