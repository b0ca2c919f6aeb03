#!/usr/bin/env bash
# Puts Node.js 24 first on PATH. Source it: `. scripts/ensure-node.sh`.
# Where the machine's node is older than 24, the official binary from the `node@24`
# npm package is installed into .tools/node24 (git-ignored) and used instead.
_sportello_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_sportello_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(_sportello_major)" != "24" ]; then
  _sportello_bin="$_sportello_root/.tools/node24/node_modules/.bin"
  if [ ! -x "$_sportello_bin/node" ]; then
    echo "ensure-node: installing Node.js 24 into .tools/node24 (machine has $(node --version 2>/dev/null || echo none))" >&2
    npm install --prefix "$_sportello_root/.tools/node24" --no-audit --no-fund --no-save --ignore-scripts=false node@24 >&2 || return 1 2>/dev/null || exit 1
  fi
  export PATH="$_sportello_bin:$PATH"
fi
unset -f _sportello_major
