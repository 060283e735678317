#!/usr/bin/env bash
# `npm test`: every check and test tier, in order, each with its count and wall time, then one line CI reads:
#   all tiers: N passed, M failed        (N/M sum the tests of all tiers; stages such as lint count apart)
# Exits non-zero when a stage or tier fails, or a tier ran zero tests. `npm ci` is not its job (CI does it).
#
# Tiers: typecheck lint unit package integration e2e bench (all by default; CI runs all). For quick local runs:
#   npm run test:fast  (= TIERS="typecheck lint unit": everyday work, under 2 minutes)
#   TIERS="typecheck unit" npm test      SKIP_E2E=1 npm test
# The integration tier, in real VS Codes (code-server), runs (test/harness/integration.mjs --subset):
#   - every suite on the first version of CODE_SERVER_VERSIONS (default "4.100.3 4.139.1"): our oldest VS Code;
#   - the version-sensitive suites on the others (VS Code's API and Node: activation, view, quick input, editors,
#     every request kind and fault through the real transport), not the ones that only wait out the extension's
#     own 10 s poll floor, backoff and Retry-After (same code on every version; E2E shows them on the newest).
#     INTEGRATION_ALL_SUITES=1 runs every suite on every version.
#   - then one request of each kind, and the proxy's own error answer, through a real proxy (tinyproxy) set as
#     VS Code's http.proxy: "integration via proxy (PROXY_VERSION)", default 4.139.1. TIERS="package proxy" runs only it.
#   E2E_VERSION=4.100.3 npm test              (default 4.139.1: the newest, through the installed .vsix)
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
TIERS="${TIERS:-typecheck lint unit package integration e2e bench}"
[ -n "${SKIP_E2E:-}" ] && TIERS="${TIERS//e2e/}"
read -r -a CS_VERSIONS <<<"${CODE_SERVER_VERSIONS:-4.100.3 4.139.1}"
E2E_VERSION="${E2E_VERSION:-4.139.1}"
PROXY_VERSION="${PROXY_VERSION:-4.139.1}"
for t in $TIERS; do
  case "$t" in typecheck | lint | unit | package | integration | proxy | e2e | bench) ;; *)
    echo "scripts/test.sh: unknown tier \"$t\" in TIERS (known: typecheck lint unit package integration proxy e2e bench)" >&2
    exit 2
    ;;
  esac
done
LOGS="$(mktemp -d)"
t_all=$(date +%s%N)
has() { [[ " $TIERS " == *" $1 "* ]]; }
# The proxy run belongs to the integration tier; TIERS="proxy" asks for it alone.
has integration && TIERS="$TIERS proxy"
ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }
secs() { printf '%d.%d s' $(($1 / 1000)) $((($1 % 1000) / 100)); }

summary=()  # one line per stage/tier for the closing table
total_passed=0
total_failed=0
stage_failed=0

# stage NAME CMD...: a check without a test count (typecheck, lint, package, setup).
stage() {
  local name="$1" t0 rc
  shift
  echo
  echo "=== $name: $*"
  t0=$(date +%s%N)
  "$@"
  rc=$?
  local took
  took=$(secs "$(ms_since "$t0")")
  if [ $rc -eq 0 ]; then
    summary+=("$(printf '%-34s ok (%s)' "$name" "$took")")
  else
    summary+=("$(printf '%-34s FAILED, exit %d (%s)' "$name" "$rc" "$took")")
    stage_failed=$((stage_failed + 1))
  fi
  return $rc
}

# tier LABEL CMD...: runs a test tier whose output ends with "LABEL: N passed, M failed".
# No such line (it could not start), a non-zero exit or zero tests all count as a failure.
tier() {
  local label="$1" t0 rc log line passed failed note=''
  shift
  log="$LOGS/$(echo "$label" | tr -c 'a-zA-Z0-9.' '_').log"
  echo
  echo "=== $label: $*"
  t0=$(date +%s%N)
  "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  line="$(grep -E "^$(printf '%s' "$label" | sed 's/[().]/\\&/g'): [0-9]+ passed, [0-9]+ failed" "$log" | tail -1)"
  if [ -z "$line" ]; then
    passed=0 failed=1 note=" (no \"$label: N passed, M failed\" line: the tier did not start or crashed)"
  else
    passed="$(sed -E 's/.*: ([0-9]+) passed.*/\1/' <<<"$line")"
    failed="$(sed -E 's/.*passed, ([0-9]+) failed.*/\1/' <<<"$line")"
    if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then failed=1 note=' (zero tests ran)'; fi
    if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1 note=" (exit $rc)"; fi
  fi
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  summary+=("$(printf '%-34s %s passed, %s failed%s (%s)' "$label" "$passed" "$failed" "$note" "$(secs "$(ms_since "$t0")")")")
}

# A prepared code-server per version (cached in .cache/; minutes only the first time).
setup_versions=()
if has integration; then setup_versions+=("${CS_VERSIONS[@]}"); fi
if has proxy; then setup_versions+=("$PROXY_VERSION"); fi
if has e2e; then setup_versions+=("$E2E_VERSION"); fi
for v in $(printf '%s\n' "${setup_versions[@]}" | sort -u); do
  stage "setup code-server $v" test/harness/setup-code-server.sh "$v"
done

has typecheck && stage typecheck npx tsc --noEmit -p .
has lint && stage lint npx eslint --max-warnings 0 .
# Unit tier builds every test bundle (out-test/); integration and E2E need them too.
if has unit; then
  tier unit bash -c 'node esbuild.mjs --tests && node test/runMocha.mjs unit'
elif has integration || has proxy || has e2e; then
  stage "build tests" node esbuild.mjs --tests
fi
if has package || has integration || has proxy || has e2e; then
  # A stale .vsix must never be tested: remove it, so a failed build leaves nothing behind.
  rm -f dist/unique-analytics.vsix
  stage package npm run -s package
fi
if has integration || has proxy; then
  rm -rf out/test-results # the fault matrix tables printed below must come from this run
fi
if has integration; then
  for i in "${!CS_VERSIONS[@]}"; do
    v="${CS_VERSIONS[$i]}"
    if [ "$i" -eq 0 ] || [ -n "${INTEGRATION_ALL_SUITES:-}" ]; then
      tier "integration ($v)" node test/harness/integration.mjs --version "$v" --subset all
    else
      tier "integration ($v, version-sensitive suites)" node test/harness/integration.mjs --version "$v" --subset version-sensitive
    fi
  done
fi
# A request of each kind once more behind a real proxy; fails unless the proxy's log shows they went through it.
has proxy && tier "integration via proxy ($PROXY_VERSION)" node test/harness/integration.mjs --version "$PROXY_VERSION" --proxy
has e2e && tier "e2e ($E2E_VERSION)" node test/harness/e2e.mjs --version "$E2E_VERSION"
# The fault matrix (operation x fault) the integration tier wrote, one table per VS Code version (and proxy run).
if has integration || has proxy; then
  for f in out/test-results/fault-matrix-*.md; do [ -f "$f" ] && { echo; echo "=== $f"; cat "$f"; }; done
fi
# Benchmarks at tiny sizes, so they cannot rot; their figures do not gate CI (bench/README.md).
has bench && stage "bench smoke" npm run -s bench:smoke

echo
echo "=== summary"
printf '%s\n' "${summary[@]}"
echo "wall time: $(secs "$(ms_since "$t_all")")"
[ "$stage_failed" -gt 0 ] && echo "stages: $stage_failed failed (see above)"
rm -rf "$LOGS"
echo "all tiers: $total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ] && [ "$stage_failed" -eq 0 ] && [ "$total_passed" -gt 0 ]
