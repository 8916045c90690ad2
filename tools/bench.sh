#!/usr/bin/env bash
# make bench: throughput of the analysis and the graph build on real news when ../shared is there
# (VOA stories, Reuters-21578 bodies), otherwise on the bundled examples repeated.
# Usage: tools/bench.sh BIN
set -euo pipefail
bin=$1
here=$(cd "$(dirname "$0")/.." && pwd)
shared="$here/../shared/corpus"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
corpus="$tmp/corpus.jsonl"
if [ -f "$shared/voa/voa_stories.jsonl" ] && [ -d "$shared/reuters21578" ]; then
  python3 - "$shared" "$corpus" <<'PY'
import json, re, sys, glob, html
shared, out = sys.argv[1], sys.argv[2]
with open(out, "w", encoding="utf-8") as f:
    for l in open(f"{shared}/voa/voa_stories.jsonl", encoding="utf-8"):
        f.write(l if l.endswith("\n") else l + "\n")
    n = 0
    for p in sorted(glob.glob(f"{shared}/reuters21578/reut2-*.sgm")):
        raw = open(p, encoding="latin-1").read()
        for m in re.finditer(r"<BODY>(.*?)</BODY>", raw, re.S):
            n += 1
            f.write(json.dumps({"id": f"reuters-{n}", "date": None, "text": html.unescape(m.group(1))}) + "\n")
PY
  echo "corpus: VOA + Reuters-21578 bodies"
else
  for i in $(seq 1 400); do
    for a in "$here"/examples/articles/*.txt; do
      python3 -c "import json,sys; t=open(sys.argv[1]).read().split(' ',2)[2]; print(json.dumps({'id':sys.argv[2],'date':'2024-03-06','text':t}))" "$a" "$i-$(basename "$a")"
    done
  done > "$corpus"
  echo "corpus: bundled examples repeated (no ../shared)"
fi
bytes=$(python3 -c "import json,sys; print(sum(len(json.loads(l)['text'].encode()) for l in open(sys.argv[1])))" "$corpus")
docs=$(wc -l < "$corpus")
echo "documents: $docs, text: $((bytes / 1024)) KiB"
run() { # name, threads, command...
  local name=$1 threads=$2; shift 2
  local t0 t1
  t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N)
  python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); b=int(sys.argv[3]); print(f'{sys.argv[4]:28s} threads={sys.argv[5]}  {s:6.2f} s  {b/s/1e6:6.2f} MB/s  {b/s/1e6/int(sys.argv[5]):6.2f} MB/s/core')" "$t0" "$t1" "$bytes" "$name" "$threads"
}
run "annotate (full analysis)" 1 "$bin" annotate --from jsonl --to jsonl -j 1 "$corpus" -o "$tmp/a.jsonl"
run "build graph" 1 "$bin" build -j 1 "$corpus" -o "$tmp/g.json" -q
run "build graph" 2 "$bin" build -j 2 "$corpus" -o "$tmp/g2.json" -q
cmp -s "$tmp/g.json" "$tmp/g2.json" && echo "graph identical with 1 and 2 threads" || echo "WARNING: graphs differ between thread counts"
run "load graph + stats" 1 "$bin" stats "$tmp/g.json"

# ---- NER / CoNLL throughput (nerperf block): tokens/s of `annotate --from conll --to conll` on
# CoNLL-2003 eng.train (user CPU seconds, one thread) and model load time (empty document).
conll="$shared/conll2003/eng.train"
if [ -f "$conll" ]; then
  toks=$(awk 'NF > 0 && $1 != "-DOCSTART-"' "$conll" | wc -l)
  /usr/bin/time -o "$tmp/u" -f "%U" "$bin" annotate --from conll --to conll -j 1 "$conll" -o "$tmp/c.conll" >/dev/null 2>&1
  u=$(tail -1 "$tmp/u")
  echo "-DOCSTART- -X- O O" > "$tmp/empty.conll"
  /usr/bin/time -o "$tmp/l" -f "%U" "$bin" annotate --from conll --to conll -j 1 "$tmp/empty.conll" -o /dev/null >/dev/null 2>&1
  l=$(tail -1 "$tmp/l")
  python3 -c "import sys; t=int(sys.argv[1]); u=max(float(sys.argv[2]),1e-3); print(f'conll annotate (eng.train)    tokens={t}  user {u:.2f} s  {t/u:,.0f} tokens/s; load+startup user {sys.argv[3]} s')" "$toks" "$u" "$l"
fi

# ---- TimeML: annotating all of TimeBank + AQUAINT (issue: well under a second), one thread.
tb="$shared/timebank"
if [ -d "$tb/TimeBank" ] && [ -d "$tb/AQUAINT" ]; then
  files=("$tb"/TimeBank/*.tml "$tb"/AQUAINT/*.tml)
  tbytes=$(cat "${files[@]}" | wc -c)
  mkdir -p "$tmp/tml"
  /usr/bin/time -o "$tmp/t" -f "%e %U" "$bin" annotate --from timeml --to timeml -j 1 -o "$tmp/tml" "${files[@]}" >/dev/null 2>&1
  read -r te tu < "$tmp/t"
  python3 -c "import sys; b=int(sys.argv[1]); e=float(sys.argv[2]); u=float(sys.argv[3]); print(f'timeml annotate (TimeBank+AQUAINT, {sys.argv[4]} files, {b/1e6:.1f} MB)  wall {e:.2f} s (with start-up)  user {u:.2f} s  {b/max(e,1e-3)/1e6:.1f} MB/s wall')" "$tbytes" "$te" "$tu" "${#files[@]}"
fi

# ---- Exporters on a synthetic 50,000-event graph (CPU MB/s per format), from the io tests.
tests_bin="$(dirname "$bin")/../tests/io_tests"
if [ -x "$tests_bin" ]; then
  EG_BENCH=1 "$tests_bin" -tc='bench*' 2>&1 | grep -o '[a-z]* *[0-9.]* MB in .*MB/s' | sed 's/^/export /'
fi

# ---- Loading a big graph and asking it questions: tools/bench_query.sh (EG_BENCH_EVENTS events,
# default 200000; the issue's figure is 1,000,000 and takes minutes and GBs to generate).
if [ "${EG_BENCH_EVENTS:-200000}" -gt 0 ]; then
  bash "$here/tools/bench_query.sh" "$bin" "${EG_BENCH_EVENTS:-200000}" "$tmp/query"
fi
