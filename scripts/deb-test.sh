#!/bin/sh
# `make deb-test` (root): the packages of `make deb` on a fresh Debian 12 root made for
# the purpose. debootstrap (minbase) puts bookworm into BUILD/deb-root; apt installs the
# two packages there, their dependencies from Debian's archive; then, from the installed
# files only: `kabinet --version`; kabinetd's system user, its unit and its settings;
# the completions, the man page, the catalog and the keyring plugin; `kabinet --demo`
# in tmux (run by the host, the program in the chroot) until the overview shows the
# demo's accounts. Then apt purges both, and nothing of theirs is left: no file of the
# packages, no /etc/default/kabinetd, no /var/lib/kabinetd. Prints what it checked;
# exits 1 on the first failure.
#
# Usage: deb-test.sh BUILD_DIR [MIRROR]
set -eu

build=$(cd "${1:-build}" && pwd)
mirror=${2:-http://deb.debian.org/debian}
root=$build/deb-root
sock=$build/deb-test.tmux
[ "$(id -u)" = 0 ] || { echo "deb-test: needs root (debootstrap, chroot)" >&2; exit 1; }
ls "$build"/deb/kabinet_*.deb "$build"/deb/kabinetd_*.deb >/dev/null 2>&1 ||
	{ echo "deb-test: no packages in $build/deb (make deb)" >&2; exit 1; }

cleanup() {
	tmux -S "$sock" kill-server 2>/dev/null || true
	for m in dev/pts proc; do
		mountpoint -q "$root/$m" 2>/dev/null && umount -l "$root/$m"
	done
	return 0
}
trap cleanup EXIT
# dash runs no EXIT trap when a signal ends it: make the signal an exit, so that the
# mounts under the root never outlive the test.
trap 'exit 130' INT TERM HUP
fail() { echo "deb-test: FAILED: $*" >&2; exit 1; }
ok() { echo "deb-test: ok: $*"; }
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }

cleanup
rm -rf "$root"
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$build/deb-test.log" 2>&1 ||
	{ tail -n 20 "$build/deb-test.log" >&2; fail "debootstrap"; }
ok "a fresh Debian 12 (bookworm, minbase) in $root"
mount -t proc proc "$root/proc"
mount --bind /dev/pts "$root/dev/pts"
cp /etc/resolv.conf "$root/etc/resolv.conf"
mkdir -p "$root/tmp/debs"
cp "$build"/deb/kabinet_*.deb "$build"/deb/kabinetd_*.deb "$root/tmp/debs/"
in_root sh -c 'DEBIAN_FRONTEND=noninteractive apt-get install -y -q /tmp/debs/*.deb' \
	>>"$build/deb-test.log" 2>&1 || { tail -n 20 "$build/deb-test.log" >&2; fail "apt install"; }
ok "apt install ./kabinet_*.deb ./kabinetd_*.deb"

version=$(in_root kabinet --version) || fail "kabinet --version"
ok "kabinet --version: $version"
in_root getent passwd kabinetd >/dev/null || fail "no user kabinetd"
[ -f "$root/lib/systemd/system/kabinetd.service" ] || fail "no kabinetd.service"
[ -f "$root/etc/default/kabinetd" ] || fail "no /etc/default/kabinetd"
[ ! -e "$root/etc/systemd/system/multi-user.target.wants/kabinetd.service" ] ||
	fail "the package enabled kabinetd.service"
ok "the user kabinetd, /lib/systemd/system/kabinetd.service (not enabled), /etc/default/kabinetd"
for f in /usr/share/bash-completion/completions/kabinet /usr/share/zsh/vendor-completions/_kabinet \
	/usr/share/fish/vendor_completions.d/kabinet.fish /usr/share/man/man1/kabinet.1.gz \
	/usr/share/locale/ru/LC_MESSAGES/kabinet.mo /usr/lib/kabinet/kabinet-secret.so; do
	[ -f "$root$f" ] || fail "no $f"
done
ok "completions for bash, zsh and fish, the man page, the Russian catalog, the keyring plugin"

tmux -S "$sock" -f /dev/null new-session -d -s t -x 120 -y 40 \
	"chroot $root env -i PATH=/usr/bin:/bin HOME=/root LANG=en_US.UTF-8 TERM=xterm-256color TZ=UTC kabinet --demo; sleep 60"
i=0
until tmux -S "$sock" capture-pane -p -t t | grep -q 'Updated at'; do
	i=$((i + 1))
	[ $i -lt 300 ] || { tmux -S "$sock" capture-pane -p -t t >&2; fail "kabinet --demo"; }
	sleep 0.1
done
tmux -S "$sock" capture-pane -p -t t | grep -q '590000000001' ||
	{ tmux -S "$sock" capture-pane -p -t t >&2; fail "the demo's accounts"; }
tmux -S "$sock" send-keys -t t q
tmux -S "$sock" send-keys -t t y
ok "kabinet --demo from the installed files: the overview with 590000000001"
tmux -S "$sock" kill-server 2>/dev/null || true

# The packages' files (not the directories, which other packages share).
files=""
for f in $(in_root dpkg -L kabinet kabinetd); do
	[ -d "$root$f" ] || files="$files $f"
done
[ -n "$files" ] || fail "dpkg -L lists no file"
in_root sh -c 'DEBIAN_FRONTEND=noninteractive apt-get purge -y -q kabinet kabinetd' \
	>>"$build/deb-test.log" 2>&1 || fail "apt purge"
left=""
for f in $files /etc/default/kabinetd /var/lib/kabinetd; do
	[ -e "$root$f" ] && left="$left $f"
done
[ -z "$left" ] || fail "left after purge:$left"
! in_root dpkg -s kabinet >/dev/null 2>&1 || fail "kabinet still installed"
ok "apt purge kabinet kabinetd: nothing of theirs left"
