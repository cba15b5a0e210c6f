#!/bin/sh
# The man pages against the program. kabinet(1) and kabinet-config(5), as the build
# makes them, name no command-line option, subcommand, `:` command, config option,
# keymap or action that the program does not take, and name every one it takes; every
# key bound in src/client/default-config is named for its action (and keymap) in
# kabinet(1)'s table of KEYS AND ACTIONS; and they render (man -l, or groff where
# there is no man) without a warning or an escape left raw.
# The program's lists come from its own tables: the config language's names from
# `gen-man-actions --names` (actions, keymaps, options, color areas), the options from
# the command line's tables (CLI_OPTIONS in include/kabinet/cmd/commands.h, the
# subcommands in src/client/cmd/commands.c) and the subcommands' own from
# their strcmp(arg, "--NAME") in src/client/cmd/cmd_*.c, the `:` commands from commands[]
# in src/client/config.c (and every action, which the command line takes by name).
# Prints cmocka-style result lines for scripts/run-tests.sh.
cd "$(dirname "$0")/../.." || exit 1
BUILD=${KABINET_BUILD:-build}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

for f in "$BUILD/man/kabinet.1" "$BUILD/man/kabinet-config.5" "$BUILD/tools/gen-man-actions"; do
	[ -e "$f" ] || { echo "man.sh: $f is missing (make all)" >&2; exit 1; }
done
command -v groff >/dev/null 2>&1 || { echo "man.sh: groff is missing (make deps)" >&2; exit 1; }
"$BUILD/tools/gen-man-actions" --names >"$tmp/names" || exit 1
# What a reader sees, WIDTH columns wide, with the formatter's warnings kept: through
# man itself where it is installed, else groff as man runs it.
plain() {	# PAGE WIDTH OUT
	if command -v man >/dev/null 2>&1; then
		LANG=C.UTF-8 MANWIDTH=$2 MANPAGER=cat PAGER=cat man -l --warnings=w "$1" \
			>"$3" 2>"$3.warn"
	else
		LANG=C.UTF-8 groff -t -man -Tutf8 -ww -P-cbou -rLL="$2"n "$1" >"$3" 2>"$3.warn"
	fi
}
# Rendered three times: with bold as SGR (names are bold), plain at 80 columns, and
# plain wide enough for no row of a table to wrap (the keys of each action).
for page in kabinet.1 kabinet-config.5; do
	LANG=C.UTF-8 GROFF_SGR=1 groff -t -man -Tutf8 -rHY=0 -rLL=200n "$BUILD/man/$page" \
		>"$tmp/$page.sgr" 2>/dev/null
	plain "$BUILD/man/$page" 80 "$tmp/$page.txt"
	mv "$tmp/$page.txt.warn" "$tmp/$page.warn"
	plain "$BUILD/man/$page" 250 "$tmp/$page.wide"
done

python3 - "$tmp" <<'PY'
import glob, os, re, sys

tmp = sys.argv[1]
results = []


def check(name, problems):
    problems = list(dict.fromkeys(problems))
    print("[ RUN      ] %s" % name)
    if problems:
        for p in problems[:40]:
            print("    " + p)
        print("[  FAILED  ] %s" % name)
    else:
        print("[       OK ] %s" % name)
    results.append((name, not problems))


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


# --- the program's names ---
names = {"action": set(), "keymap": set(), "option": set(), "area": set()}
for line in read(os.path.join(tmp, "names")).splitlines():
    kind, _, name = line.partition(" ")
    names[kind].add(name)
global_opts = set(re.findall(r'^\s*X\([A-Z_]+,\s*"([a-z][a-z0-9-]*)"',
                             read("include/kabinet/cmd/commands.h"), re.M))
subcommands = set(re.findall(r'^\t\{ "([a-z][a-z-]*)", \{', read("src/client/cmd/commands.c"), re.M))
sub_opts = {}
for path in sorted(glob.glob("src/client/cmd/cmd_*.c")):
    sub = os.path.basename(path)[4:-2].replace("_", "-")
    opts = set(re.findall(r'strcmp\([^,()]+, "--([a-z][a-z0-9-]*)"\)', read(path)))
    if sub in subcommands:
        sub_opts[sub] = opts
all_opts = global_opts | set().union(*sub_opts.values()) if sub_opts else set(global_opts)
config = read("src/client/config.c")
table_cmds = set(re.findall(r'\{ "([a-z]+)", cmd_[a-z_]+,', config))
# quit and q: actions by name, q its short form (config.c).
colon_cmds = table_cmds | names["action"] | {"q"}

if not (names["action"] and names["option"] and global_opts and subcommands and table_cmds):
    print("man.sh: a list of the program came out empty: the tables' form changed")
    sys.exit(1)


# --- the pages ---
def bold_spans(page, sections=None):
    text = read(os.path.join(tmp, page + ".sgr"))
    if sections is not None:
        # Only the text of those sections (a heading is a bold line at column 0).
        parts = re.split(r"(?m)^\x1b\[1m([A-Z][A-Z &]*)\x1b\[(?:0|22)m$", text)
        text = "".join(parts[i + 1] for i in range(1, len(parts) - 1, 2) if parts[i] in sections)
    # A span cut by the end of a line goes on in the next.
    text = re.sub(r"\x1b\[(?:0|22)m\n[ \t]*\x1b\[1m", " ", text)
    spans = []
    for span in re.findall(r"\x1b\[1m(.*?)\x1b\[(?:0|22)m", text):
        span = re.sub(r"\x1b\[[0-9;]*m", "", span).strip()
        if span:
            spans.append(span)
    return spans


def plain(page, kind="txt"):
    # No overstrike, whatever the formatter did for bold and underline.
    return re.sub(r".\x08", "", read(os.path.join(tmp, page + "." + kind)))


def section(text, title):
    m = re.search(r"(?m)^%s\n(.*?)(?=^\S|\Z)" % re.escape(title), text, re.S)
    return m.group(1) if m else ""


pages = ["kabinet.1", "kabinet-config.5"]
spans = {p: bold_spans(p) for p in pages}
texts = {p: plain(p) for p in pages}


def option_name(word):
    return word.replace("-", "_")


# Config lines shown in the pages: every bold span that is one, and every line of
# kabinet-config(5)'s EXAMPLE.
def config_lines():
    for p in pages:
        for s in spans[p]:
            yield p, s
    for line in section(texts["kabinet-config.5"], "EXAMPLE").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            yield "kabinet-config.5 EXAMPLE", line


def config_line_problems(where, s):
    out = []
    line = s[1:] if s.startswith(":") else s
    w = line.split()
    if not w:
        return out
    lower = lambda t: re.fullmatch(r"[a-z][a-z0-9_-]*", t) is not None
    if w[0] == "set" and len(w) > 1 and lower(w[1]) and option_name(w[1]) not in names["option"]:
        out.append("%s: '%s': no config option %s" % (where, s, w[1]))
    if w[0] == "bind" and len(w) >= 4:
        if lower(w[1]) and w[1] not in names["keymap"]:
            out.append("%s: '%s': no keymap %s" % (where, s, w[1]))
        if lower(w[3]) and w[3] not in names["action"]:
            out.append("%s: '%s': no action %s" % (where, s, w[3]))
    if w[0] == "unbind" and len(w) >= 3 and lower(w[1]) and w[1] not in names["keymap"]:
        out.append("%s: '%s': no keymap %s" % (where, s, w[1]))
    if w[0] == "color" and len(w) >= 3 and lower(w[1]) and w[1] not in names["area"]:
        out.append("%s: '%s': no color area %s" % (where, s, w[1]))
    return out


# --- what the pages name must exist ---
problems = []
for p in pages:
    for s in spans[p]:
        for opt in re.findall(r"(?<![\w-])--([a-z][a-z0-9]*(?:-[a-z0-9]+)*)", s):
            if opt not in all_opts:
                problems.append("%s: --%s: kabinet has no such option" % (p, opt))
check("named_options_exist", problems)

problems = []
for p in pages:
    for s in spans[p]:
        m = re.match(r":([a-z][a-z_]*)\b", s)
        if m and m.group(1) not in colon_cmds:
            problems.append("%s: '%s': the command line has no command %s" % (p, s, m.group(1)))
check("named_commands_exist", problems)

problems = []
for where, s in config_lines():
    problems += config_line_problems(where, s)
for p in pages:
    for s in spans[p]:
        # A lone word with an underscore in bold is a config option (read_only).
        if re.fullmatch(r"[a-z]+(?:_[a-z]+)+", s) and s not in names["option"]:
            problems.append("%s: %s: no config option of that name" % (p, s))
check("named_config_names_exist", problems)

# --- what the program takes must be named ---
problems = []
opts_named = {o for s in spans["kabinet.1"]
              for o in re.findall(r"(?<![\w-])--([a-z][a-z0-9]*(?:-[a-z0-9]+)*)", s)}
for opt in sorted(all_opts - opts_named):
    problems.append("kabinet.1: --%s is not described" % opt)
for sub in sorted(subcommands):
    if not any(s == sub or s.startswith(sub + " ") for s in spans["kabinet.1"]):
        problems.append("kabinet.1: the subcommand %s is not described" % sub)
check("every_option_is_named", problems)

problems = []
# Where the pages tell the command line's commands (a bold word elsewhere may be a
# JSON field of the same name), or written with its colon anywhere.
cmd_spans = bold_spans("kabinet-config.5", {"COMMANDS", "ACTIONS"}) + \
    bold_spans("kabinet.1", {"KEYS AND ACTIONS"})
if not cmd_spans:
    problems.append("no bold text in kabinet-config(5)'s COMMANDS and ACTIONS or kabinet(1)'s "
                    "KEYS AND ACTIONS: the sections were not found")
for cmd in sorted(table_cmds | {"quit"}):
    if not any(re.match(r"%s(\s|$)" % cmd, s) for s in cmd_spans) and \
            not any(re.match(r":%s(\s|$)" % cmd, s) for p in pages for s in spans[p]):
        problems.append("the command %s is not described in kabinet(1) or kabinet-config(5)" % cmd)
check("every_command_is_named", problems)

problems = []
cfg = spans["kabinet-config.5"]
for opt in sorted(names["option"]):
    if not any(s == opt or s.startswith(opt + " ") for s in cfg):
        problems.append("kabinet-config.5: the option %s is not described" % opt)
for km in sorted(names["keymap"]):
    if km not in cfg:
        problems.append("kabinet-config.5: the keymap %s is not listed" % km)
actions_text = section(texts["kabinet-config.5"], "ACTIONS")
for act in sorted(names["action"]):
    # In the table, or (none, which the table leaves out) named in bold.
    if not re.search(r"(?m)^\s+%s\s" % re.escape(act), actions_text) and act not in cfg:
        problems.append("kabinet-config.5: the action %s is not in the table of ACTIONS" % act)
check("every_config_name_is_named", problems)

# --- every default binding is in kabinet(1)'s table of keys ---
# A row of the table: the action, its keys ("k, Up"; "overview, payments: p"; "Esc;
# dialog: n, q, Esc"; "—" for none), whether it changes anything, what it does.
problems = []
table = {}
for line in section(plain("kabinet.1", "wide"), "KEYS AND ACTIONS").splitlines():
    m = re.match(r"\s+([a-z][a-z-]*)\s{2,}(\S.*?)\s{2,}", line)
    if m and m.group(1) in names["action"]:
        table[m.group(1)] = m.group(2)
if not table:
    problems.append("kabinet.1: no table of actions and keys in KEYS AND ACTIONS")


def table_keys(cell):
    # {keymap: set of keys}, "generic" for keys with no keymap named.
    out = {}
    for group in cell.split("; "):
        km = re.match(r"([a-z]+(?:, [a-z]+)*): (.+)$", group)
        if km and all(k in names["keymap"] for k in km.group(1).split(", ")):
            maps, keys = km.group(1).split(", "), km.group(2)
        else:
            maps, keys = ["generic"], group
        for k in maps:
            out.setdefault(k, set()).update(keys.split(", "))
    return out


bindings = []
for n, line in enumerate(read("src/client/default-config").splitlines(), 1):
    w = line.split()
    if len(w) == 4 and w[0] == "bind":
        bindings.append((n, w[1], w[2], w[3]))
if not bindings:
    problems.append("src/client/default-config: no bind line read: its form changed")
for n, keymap, key, act in bindings:
    if act not in table:
        problems.append("default-config:%d: %s (bound to %s) has no row in kabinet(1)'s "
                        "KEYS AND ACTIONS" % (n, act, key))
    elif key not in table_keys(table[act]).get(keymap, set()):
        problems.append("default-config:%d: bind %s %s %s: kabinet(1) names %r for %s" %
                        (n, keymap, key, act, table[act], act))
check("every_default_key_is_named", problems)

# --- rendering ---
problems = []
for p in pages:
    for w in read(os.path.join(tmp, p + ".warn")).splitlines():
        problems.append("%s: %s" % (p, w))
    for n, line in enumerate(texts[p].splitlines(), 1):
        if re.search(r"\\[(\[*&fe-]", line):
            problems.append("%s:%d (rendered): %s" % (p, n, line.strip()))
check("pages_render_cleanly", problems)

passed = sum(1 for _, ok in results if ok)
print("[==========] %d test(s) run." % len(results))
print("[  PASSED  ] %d test(s)." % passed)
if passed < len(results):
    print("[  FAILED  ] %d test(s), listed below:" % (len(results) - passed))
    for name, ok in results:
        if not ok:
            print("[  FAILED  ] %s" % name)
    sys.exit(1)
PY
