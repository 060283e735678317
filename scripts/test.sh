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
# The real-VS-Code tiers run in two lanes side by side (mostly they wait on Unique's 10 s poll floor); each
# tier's output is printed whole when it ends, and the summary gives each tier's own wall time and the lanes'.
# SERIAL=1 runs them one after another, streaming.
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
    summary+=("$(printf '%-48s ok (%s)' "$name" "$took")")
  else
    summary+=("$(printf '%-48s FAILED, exit %d (%s)' "$name" "$rc" "$took")")
    stage_failed=$((stage_failed + 1))
  fi
  return $rc
}

# run_tier LABEL CMD...: runs a test tier whose output ends with "LABEL: N passed, M failed" and leaves its
# result in $LOGS for add_tier. Alone, its output streams; in a lane (LANE=1, tiers side by side) the whole log
# is printed once the tier ends, so two tiers never interleave line by line.
# No such line (it could not start), a non-zero exit or zero tests all count as a failure.
run_tier() {
  local label="$1" t0 rc log line passed failed note='' id
  shift
  id="$(echo "$label" | tr -c 'a-zA-Z0-9.' '_')"
  log="$LOGS/$id.log"
  t0=$(date +%s%N)
  if [ -n "${LANE:-}" ]; then
    echo "=== $label: started"
    "$@" >"$log" 2>&1
    rc=$?
  else
    echo
    echo "=== $label: $*"
    "$@" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
  fi
  local ms
  ms=$(ms_since "$t0")
  line="$(grep -E "^$(printf '%s' "$label" | sed 's/[().]/\\&/g'): [0-9]+ passed, [0-9]+ failed" "$log" | tail -1)"
  if [ -z "$line" ]; then
    passed=0 failed=1 note=" (no \"$label: N passed, M failed\" line: the tier did not start or crashed)"
  else
    passed="$(sed -E 's/.*: ([0-9]+) passed.*/\1/' <<<"$line")"
    failed="$(sed -E 's/.*passed, ([0-9]+) failed.*/\1/' <<<"$line")"
    if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then failed=1 note=' (zero tests ran)'; fi
    if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1 note=" (exit $rc)"; fi
  fi
  printf '%s\n%s\n%s\n%s\n' "$passed" "$failed" "$note" "$ms" >"$LOGS/$id.result"
  if [ -n "${LANE:-}" ]; then
    { echo; echo "=== $label: $* ($(secs "$ms"))"; cat "$log"; } | flock "$LOGS/.print" cat
  fi
}

# add_tier LABEL: counts the result run_tier left (missing: the tier never ran, a failure).
add_tier() {
  local label="$1" id passed=0 failed=1 note=' (did not run)' ms=0
  id="$(echo "$label" | tr -c 'a-zA-Z0-9.' '_')"
  if [ -f "$LOGS/$id.result" ]; then { read -r passed; read -r failed; IFS= read -r note; read -r ms; } <"$LOGS/$id.result"; fi
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  summary+=("$(printf '%-48s %s passed, %s failed%s (%s)' "$label" "$passed" "$failed" "$note" "$(secs "$ms")")")
}

# tier LABEL CMD...: one tier on its own.
tier() {
  run_tier "$@"
  add_tier "$1"
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
  stage "publish dry run" node scripts/publishDry.mjs --vsix dist/unique-analytics.vsix
fi
if has integration || has proxy; then
  rm -rf out/test-results # the fault matrix tables printed below must come from this run
fi
# The real-VS-Code tiers (code-server + Chromium) in two lanes side by side: most of their time is waiting
# (Unique's 10 s poll floor, backoff, a 30 s timeout), so on 2 cores they overlap well. SERIAL=1: one by one.
#   lane 1: integration: every suite on the oldest VS Code (the longest tier), the version-sensitive ones on the newer;
#   lane 2: the proxy run, then E2E.
lane1=()
lane2=()
if has integration; then
  for i in "${!CS_VERSIONS[@]}"; do
    v="${CS_VERSIONS[$i]}"
    if [ "$i" -eq 0 ] || [ -n "${INTEGRATION_ALL_SUITES:-}" ]; then
      t=("integration ($v)" node test/harness/integration.mjs --version "$v" --subset all)
    else
      t=("integration ($v, version-sensitive suites)" node test/harness/integration.mjs --version "$v" --subset version-sensitive)
    fi
    lane1+=("$(printf '%q ' "${t[@]}")")
  done
fi
# A request of each kind once more behind a real proxy; fails unless the proxy's log shows they went through it.
has proxy && lane2+=("$(printf '%q ' "integration via proxy ($PROXY_VERSION)" node test/harness/integration.mjs --version "$PROXY_VERSION" --proxy)")
has e2e && lane2+=("$(printf '%q ' "e2e ($E2E_VERSION)" node test/harness/e2e.mjs --version "$E2E_VERSION")")
labels=()
for cmd in "${lane1[@]}" "${lane2[@]}"; do
  eval "set -- $cmd"
  labels+=("$1")
done
if [ -n "${SERIAL:-}" ] || [ ${#lane1[@]} -eq 0 ] || [ ${#lane2[@]} -eq 0 ]; then
  for cmd in "${lane1[@]}" "${lane2[@]}"; do eval "run_tier $cmd"; done
else
  t_lanes=$(date +%s%N)
  echo
  echo "=== ${#labels[@]} real-VS-Code tiers in two lanes; each one's output follows when it ends"
  (for cmd in "${lane1[@]}"; do eval "LANE=1 run_tier $cmd"; done) &
  (for cmd in "${lane2[@]}"; do eval "LANE=1 run_tier $cmd"; done) &
  wait
  summary+=("$(printf '%-48s %s' 'real-VS-Code tiers (two lanes)' "$(secs "$(ms_since "$t_lanes")") wall, the tiers below overlap")")
fi
for l in "${labels[@]}"; do add_tier "$l"; done
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
