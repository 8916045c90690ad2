# Shared by the end-to-end scripts (sourced, not run): a temporary folder removed on exit,
# pass/fail/skip counters and the checks. Each script prints "N passed, N failed" at its end.
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0; skip=0
ok()      { pass=$((pass+1)); }
bad()     { fail=$((fail+1)); echo "FAIL: $*"; }
skipped() { skip=$((skip+1)); echo "skip: $*"; }
# check WHAT CMD...: the command succeeds (its output is shown when it does not)
check() { local what=$1; shift; if "$@" >"$tmp/check.out" 2>&1; then ok; else bad "$what: $(head -c 400 "$tmp/check.out")"; fi; }
# expect_exit CODE WHAT CMD...: the command exits with CODE; with 1, exactly one non-warning
# line on stderr. Leaves the output in $tmp/out.txt and $tmp/err.txt.
expect_exit() {
  local code=$1 what=$2; shift 2
  "$@" >"$tmp/out.txt" 2>"$tmp/err.txt"; local rc=$?
  if [ "$rc" -ne "$code" ]; then bad "$what: exit $rc, want $code ($(head -c 300 "$tmp/err.txt"))"; return; fi
  if [ "$code" -eq 1 ] && [ "$(grep -vc '^warning:' "$tmp/err.txt")" -ne 1 ]; then
    bad "$what: want one error line, got: $(cat "$tmp/err.txt")"; return; fi
  ok
}
have_py() { python3 -c "import $1" >/dev/null 2>&1; }
