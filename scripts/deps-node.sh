#!/bin/sh
# Installs the npm tools that check docs/openapi.yaml (Redocly's lint, Stoplight
# Prism), pinned by tools/node/package-lock.json, into build/node with `npm ci`: never
# globally. Run by `make deps` after scripts/deps.sh; does nothing when the installed
# copy is of the same lock. Without node and npm (not Debian) it says so and goes on:
# make check then leaves out the contract's checks.
set -eu
cd "$(dirname "$0")/.."
dir=build/node
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	echo "deps: no node and npm: the OpenAPI document's lint and check-contract are left out"
	exit 0
fi
if cmp -s tools/node/package-lock.json "$dir/package-lock.json" &&
	[ -x "$dir/node_modules/.bin/redocly" ] && [ -x "$dir/node_modules/.bin/prism" ]; then
	exit 0
fi
echo "deps: npm ci in $dir"
rm -rf "$dir"
mkdir -p "$dir"
cp tools/node/package.json tools/node/package-lock.json "$dir/"
(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
