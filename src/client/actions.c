/* The action table (see actions.h): names, help texts, flags and scopes. */
#include "kabinet/actions.h"

#include <string.h>

static const struct {
	const char *name;
	const char *help;
	unsigned scope;
	unsigned flags;
} actions[ACT_COUNT] = {
	[ACT_NONE] = { "none", N_("Do nothing (hides the key's generic binding)"), SCOPE(GENERIC), 0 },
#define ACTION_INFO(id, name, scope, flags, help) [ACT_##id] = { name, help, scope, flags },
	ACTIONS(ACTION_INFO)
#undef ACTION_INFO
};

static bool valid(enum action act)
{
	return act >= ACT_NONE && act < ACT_COUNT;
}

const char *action_name(enum action act)
{
	return valid(act) ? actions[act].name : NULL;
}

enum action action_by_name(const char *name)
{
	for (int i = ACT_NONE; name && i < ACT_COUNT; i++)
		if (!strcmp(name, actions[i].name))
			return (enum action)i;
	return ACT_UNKNOWN;
}

const char *action_help(enum action act)
{
	return valid(act) ? _(actions[act].help) : "";
}

bool action_changes(enum action act)
{
	return valid(act) && (actions[act].flags & ACTF_CHANGES);
}

bool action_opens_screen(enum action act)
{
	return valid(act) && (actions[act].flags & ACTF_SCREEN);
}

unsigned action_scope(enum action act)
{
	return valid(act) ? actions[act].scope : 0;
}

bool action_in_keymap(enum action act, enum keymap map)
{
	unsigned scope = action_scope(act);

	return map >= 0 && map < KEYMAP_COUNT && ((scope & SCOPE(GENERIC)) || (scope & (1u << map)));
}
