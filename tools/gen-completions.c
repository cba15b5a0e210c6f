/* Writes kabinet's shell completions from the command line's own tables
 * (include/kabinet/cmd/commands.h): the subcommands, the global options and each
 * subcommand's, the values of an option that has a list of them (--lang ru|en), files
 * and commands where an option takes one, and the config's profiles, which the
 * completion asks `kabinet --list-profiles` for as it completes.
 * Usage: gen-completions bash|zsh|fish >FILE */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "kabinet/cmd/commands.h"

static const struct cli_arg globals[] = {
#define GLOBAL_ARG(id, name, value, complete) \
	{ "--" name, sizeof(value) > 1 ? value : NULL, CLI_COMPLETE_##complete, 0 },
	CLI_OPTIONS(GLOBAL_ARG)
#undef GLOBAL_ARG
};
#define GLOBAL_COUNT (sizeof(globals) / sizeof(globals[0]))

/* The options of a subcommand, up to the first without a name. */
static size_t arg_count(const struct cli_command *c)
{
	size_t n = 0;

	while (n < CLI_ARGS_MAX && c->args[n].name)
		n++;
	return n;
}

/* The words of a --lang ru|en value, space-separated. */
static void print_words(const char *value)
{
	for (; *value; value++)
		putchar(*value == '|' ? ' ' : *value);
}

/* Every global option, or only those that take a value, with `sep` between. */
static void print_globals(const char *sep, bool with_value_only)
{
	bool first = true;

	for (size_t i = 0; i < GLOBAL_COUNT; i++) {
		if (with_value_only && !globals[i].value)
			continue;
		printf("%s%s", first ? "" : sep, globals[i].name);
		first = false;
	}
}

static void print_commands(void)
{
	const struct cli_command *c;

	for (size_t i = 0; (c = cli_command_at(i)); i++)
		printf("%s%s", i ? " " : "", c->name);
}

/* What excludes c's option i: the options of its group, or itself alone; each
 * printed through `fmt` (one %s, the option), with `sep` between. */
static void print_excluders(const struct cli_command *c, size_t i, const char *fmt,
			    const char *sep)
{
	bool first = true;

	for (size_t j = 0; j < arg_count(c); j++)
		if (j == i || (c->args[i].group && c->args[j].group == c->args[i].group)) {
			fputs(first ? "" : sep, stdout);
			printf(fmt, c->args[j].name);
			first = false;
		}
}

/* ---- bash ---- */

/* The case branch of bash for the value of `a` (pattern already printed). */
static void bash_value(const struct cli_arg *a)
{
	switch (a->complete) {
	case CLI_COMPLETE_WORDS:
		fputs("COMPREPLY=($(compgen -W \"", stdout);
		print_words(a->value);
		puts("\" -- \"$cur\")); return 0 ;;");
		break;
	case CLI_COMPLETE_FILE:
		puts("compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- \"$cur\")); return 0 ;;");
		break;
	case CLI_COMPLETE_COMMAND:
		puts("COMPREPLY=($(compgen -c -- \"$cur\")); return 0 ;;");
		break;
	case CLI_COMPLETE_PROFILE:
		/* Not compgen -W, which expands the words again: a name is the config's text,
		 * taken literally and quoted for the line. */
		puts("local p; while IFS= read -r p; do [[ $p == \"$cur\"* ]] && "
		     "COMPREPLY+=(\"$(printf %q \"$p\")\"); done < <(_kabinet_profiles); return 0 ;;");
		break;
	case CLI_COMPLETE_NONE:
		puts("return 0 ;;");
		break;
	}
}

static void bash(void)
{
	const struct cli_command *c;

	puts("# bash completion for kabinet(1): its subcommands, options, option values and the\n"
	     "# config's profiles. Written by tools/gen-completions.c from the command line's\n"
	     "# tables (include/kabinet/cmd/commands.h); do not edit.\n");
	puts("# The profiles of the config that --config on the line names, else the user's.\n"
	     "_kabinet_profiles() {\n"
	     "\tlocal i cfg=()\n"
	     "\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
	     "\t\t[[ ${COMP_WORDS[i]} == --config ]] || continue\n"
	     "\t\t[[ ${COMP_WORDS[i+1]} == = ]] && ((i++))\n"
	     "\t\tcfg=(--config \"${COMP_WORDS[i+1]/#\\~/$HOME}\")\n"
	     "\tdone\n"
	     "\tkabinet \"${cfg[@]}\" --list-profiles 2>/dev/null\n"
	     "}\n");
	puts("_kabinet() {\n"
	     "\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
	     "\tlocal cmd='' seen=' ' words='' i\n"
	     "\tCOMPREPLY=()\n"
	     "\t# --lang=ru: bash splits at '=' (COMP_WORDBREAKS).\n"
	     "\tif [[ $cur == = ]]; then\n"
	     "\t\tcur=''\n"
	     "\telif [[ $prev == = ]]; then\n"
	     "\t\tprev=${COMP_WORDS[COMP_CWORD-2]}\n"
	     "\tfi\n"
	     "\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
	     "\t\tseen+=\"${COMP_WORDS[i]} \"\n"
	     "\t\t[[ -z $cmd ]] || continue\n"
	     "\t\tcase ${COMP_WORDS[i]} in");
	fputs("\t\t", stdout);
	print_globals("|", true);
	puts(") [[ ${COMP_WORDS[i+1]} == = ]] || { ((i++)); seen+=\"${COMP_WORDS[i]} \"; } ;;\n"
	     "\t\t=) ((i++)); seen+=\"${COMP_WORDS[i]} \" ;;\n"
	     "\t\t-*) ;;\n"
	     "\t\t*) cmd=${COMP_WORDS[i]} ;;\n"
	     "\t\tesac\n"
	     "\tdone");
	puts("\tcase \"$cmd $prev\" in");
	for (size_t i = 0; i < GLOBAL_COUNT; i++)
		if (globals[i].value) {
			printf("\t*\" %s\") ", globals[i].name);
			bash_value(&globals[i]);
		}
	for (size_t k = 0; (c = cli_command_at(k)); k++)
		for (size_t i = 0; i < arg_count(c); i++)
			if (c->args[i].value) {
				printf("\t\"%s %s\") ", c->name, c->args[i].name);
				bash_value(&c->args[i]);
			}
	puts("\tesac");
	puts("\tcase $cmd in");
	printf("\t'') [[ $cur == -* ]] && words='");
	print_globals(" ", false);
	printf("' || words='");
	print_commands();
	puts("' ;;");
	for (size_t k = 0; (c = cli_command_at(k)); k++) {
		printf("\t%s)\n", c->name);
		for (size_t i = 0; i < arg_count(c); i++) {
			const struct cli_arg *a = &c->args[i];
			fputs("\t\t[[ ", stdout);
			print_excluders(c, i, "$seen == *\" %s \"*", " || ");
			printf(" ]] || words+=' %s'\n", a->name);
		}
		printf("\t\twords+=' ");
		print_globals(" ", false);
		puts("' ;;");
	}
	puts("\tesac\n"
	     "\tCOMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
	     "}\n"
	     "complete -F _kabinet kabinet");
}

/* ---- zsh ---- */

static void zsh_value(const struct cli_arg *a)
{
	switch (a->complete) {
	case CLI_COMPLETE_WORDS:
		fputs("compadd -- ", stdout);
		print_words(a->value);
		puts("; return ;;");
		break;
	case CLI_COMPLETE_FILE:
		puts("_files; return ;;");
		break;
	case CLI_COMPLETE_COMMAND:
		puts("_command_names -e; return ;;");
		break;
	case CLI_COMPLETE_PROFILE:
		puts("compadd -- ${(f)\"$(_kabinet_profiles)\"}; return ;;");
		break;
	case CLI_COMPLETE_NONE:
		printf("_message %s; return ;;\n", a->value);
		break;
	}
}

static void zsh(void)
{
	const struct cli_command *c;

	puts("#compdef kabinet\n"
	     "# zsh completion for kabinet(1): its subcommands, options, option values and the\n"
	     "# config's profiles. Written by tools/gen-completions.c from the command line's\n"
	     "# tables (include/kabinet/cmd/commands.h); do not edit.\n");
	puts("# The profiles of the config that --config on the line names, else the user's.\n"
	     "_kabinet_profiles() {\n"
	     "\tlocal i\n"
	     "\tlocal -a cfg\n"
	     "\tfor ((i = 2; i < CURRENT; i++)); do\n"
	     "\t\tcase $words[i] in\n"
	     "\t\t--config) cfg=(--config ${~words[i+1]}) ;;\n"
	     "\t\t--config=*) cfg=(--config ${~words[i]#--config=}) ;;\n"
	     "\t\tesac\n"
	     "\tdone\n"
	     "\tkabinet $cfg --list-profiles 2>/dev/null\n"
	     "}\n");
	puts("local cur=$words[CURRENT] prev=$words[CURRENT-1] cmd= i\n"
	     "local -a seen opts\n"
	     "if [[ $cur == --*=* ]]; then\n"
	     "\tprev=${cur%%=*}\n"
	     "\tcompset -P '*='\n"
	     "fi\n"
	     "seen=(${words[2,CURRENT-1]})\n"
	     "for ((i = 2; i < CURRENT; i++)); do\n"
	     "\tcase $words[i] in");
	putchar('\t');
	print_globals("|", true);
	puts(") ((i++)) ;;\n"
	     "\t-*) ;;\n"
	     "\t*) cmd=$words[i]; break ;;\n"
	     "\tesac\n"
	     "done");
	puts("case \"$cmd $prev\" in");
	for (size_t i = 0; i < GLOBAL_COUNT; i++)
		if (globals[i].value) {
			printf("(*\" %s\") ", globals[i].name);
			zsh_value(&globals[i]);
		}
	for (size_t k = 0; (c = cli_command_at(k)); k++)
		for (size_t i = 0; i < arg_count(c); i++)
			if (c->args[i].value) {
				printf("(\"%s %s\") ", c->name, c->args[i].name);
				zsh_value(&c->args[i]);
			}
	puts("esac");
	puts("case $cmd in");
	printf("('') [[ $cur == -* ]] && opts=(");
	print_globals(" ", false);
	printf(") || opts=(");
	print_commands();
	puts(") ;;");
	for (size_t k = 0; (c = cli_command_at(k)); k++) {
		printf("(%s)\n", c->name);
		for (size_t i = 0; i < arg_count(c); i++) {
			const struct cli_arg *a = &c->args[i];
			fputs("\t(( ", stdout);
			print_excluders(c, i, "${seen[(I)%s]}", " || ");
			printf(" )) || opts+=(%s)\n", a->name);
		}
		printf("\topts+=(");
		print_globals(" ", false);
		puts(") ;;");
	}
	puts("esac\n"
	     "compadd -- $opts");
}

/* ---- fish ---- */

static void fish_value(const struct cli_arg *a)
{
	switch (a->complete) {
	case CLI_COMPLETE_WORDS:
		fputs(" -x -a '", stdout);
		print_words(a->value);
		puts("'");
		break;
	case CLI_COMPLETE_FILE:
		puts(" -r -F");
		break;
	case CLI_COMPLETE_COMMAND:
		puts(" -x -a '(__fish_complete_command)'");
		break;
	case CLI_COMPLETE_PROFILE:
		puts(" -x -a '(__kabinet_profiles)'");
		break;
	case CLI_COMPLETE_NONE:
		puts(a->value ? " -x" : "");
		break;
	}
}

static void fish(void)
{
	const struct cli_command *c;

	puts("# fish completion for kabinet(1): its subcommands, options, option values and the\n"
	     "# config's profiles. Written by tools/gen-completions.c from the command line's\n"
	     "# tables (include/kabinet/cmd/commands.h); do not edit.\n");
	puts("# The subcommand on the line, if one is there yet.\n"
	     "function __kabinet_command\n"
	     "\tset -l skip 0\n"
	     "\tfor t in (commandline -opc)[2..-1]\n"
	     "\t\tif test $skip = 1\n"
	     "\t\t\tset skip 0\n"
	     "\t\t\tcontinue\n"
	     "\t\tend\n"
	     "\t\tswitch $t");
	fputs("\t\t\tcase ", stdout);
	print_globals(" ", true);
	puts("\n"
	     "\t\t\t\tset skip 1\n"
	     "\t\t\tcase '-*'\n"
	     "\t\t\tcase '*'\n"
	     "\t\t\t\techo $t\n"
	     "\t\t\t\treturn 0\n"
	     "\t\tend\n"
	     "\tend\n"
	     "\treturn 1\n"
	     "end\n");
	puts("# Whether the subcommand is $argv[1].\n"
	     "function __kabinet_in\n"
	     "\ttest \"$(__kabinet_command)\" = $argv[1]\n"
	     "end\n");
	puts("# Whether any of $argv is on the line already.\n"
	     "function __kabinet_seen\n"
	     "\tset -l tokens (commandline -opc)\n"
	     "\tfor a in $argv\n"
	     "\t\tcontains -- $a $tokens; and return 0\n"
	     "\tend\n"
	     "\treturn 1\n"
	     "end\n");
	puts("# The profiles of the config that --config on the line names, else the user's.\n"
	     "function __kabinet_profiles\n"
	     "\tset -l tokens (commandline -opc)\n"
	     "\tset -l cfg\n"
	     "\tfor i in (seq (count $tokens))\n"
	     "\t\tif test \"$tokens[$i]\" = --config; and test $i -lt (count $tokens)\n"
	     "\t\t\tset cfg --config $tokens[(math $i + 1)]\n"
	     "\t\telse if string match -q -- '--config=*' $tokens[$i]\n"
	     "\t\t\tset cfg $tokens[$i]\n"
	     "\t\tend\n"
	     "\tend\n"
	     "\tkabinet $cfg --list-profiles 2>/dev/null\n"
	     "end\n");
	puts("complete -c kabinet -f");
	printf("complete -c kabinet -n 'not __kabinet_command' -a '");
	print_commands();
	puts("'");
	for (size_t i = 0; i < GLOBAL_COUNT; i++) {
		printf("complete -c kabinet -l %s", globals[i].name + 2);
		fish_value(&globals[i]);
	}
	for (size_t k = 0; (c = cli_command_at(k)); k++)
		for (size_t i = 0; i < arg_count(c); i++) {
			const struct cli_arg *a = &c->args[i];
			printf("complete -c kabinet -n '__kabinet_in %s; and not __kabinet_seen ", c->name);
			print_excluders(c, i, "%s", " ");
			printf("' -l %s", a->name + 2);
			fish_value(a);
		}
}

int main(int argc, char **argv)
{
	static const struct {
		const char *shell;
		void (*print)(void);
	} shells[] = { { "bash", bash }, { "zsh", zsh }, { "fish", fish } };

	for (size_t i = 0; argc == 2 && i < sizeof(shells) / sizeof(shells[0]); i++)
		if (!strcmp(argv[1], shells[i].shell)) {
			shells[i].print();
			return fflush(stdout) || ferror(stdout) ? 1 : 0;
		}
	fprintf(stderr, "usage: gen-completions bash|zsh|fish\n");
	return 2;
}
