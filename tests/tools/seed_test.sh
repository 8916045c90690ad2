#!/usr/bin/env bash
# The seed article (../shared, skipped when absent): build, export, render, and the scorer runs
# to its summary line.
set -uo pipefail
bin=$1; src=$2
shared="$src/../shared"
if [ ! -d "$shared/corpus/seed" ]; then echo "skipped: no ../shared"; exit 77; fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
check() { local what=$1; shift; if "$@" >/dev/null 2>"$tmp/err"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $what: $(head -c 400 "$tmp/err")"; fi; }
check "build seed" "$bin" build "$shared/corpus/seed" -o "$tmp/seed.json"
check "export graphml" "$bin" export "$tmp/seed.json" --to graphml -o "$tmp/seed.graphml"
check "networkx reads it" python3 -c "import networkx; networkx.read_graphml('$tmp/seed.graphml')"
check "render" "$bin" render "$tmp/seed.json" -o "$tmp/seed.svg"
python3 "$shared/eval/egeval.py" --bin "$bin" events "$shared/eval/seed.gold.json" >"$tmp/ev.txt" 2>&1
if tail -n 1 "$tmp/ev.txt" | grep -q "^events: recall="; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: egeval events: $(tail -n 5 "$tmp/ev.txt")"; fi
tail -n 1 "$tmp/ev.txt"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
