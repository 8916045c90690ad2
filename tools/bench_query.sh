#!/usr/bin/env bash
# Query benchmark: generates a synthetic graph file of N events (default 1,000,000) with 5,000
# actors, 500 places, 730 dates and N/10 documents (each event: a mention, source and target
# edges with a mention each, on_date, reported_in, a location for half of them), then times
# loading from JSON (which writes the cache), loading from the cache (GRAPH.egc), and single
# queries after a cached load (the cache is decoded lazily: a query decodes only the nodes and
# edges it reads; `stats` and the full timeline read everything). Not part of `ctest` (it takes
# minutes and GBs at 1M events).
# Usage: tools/bench_query.sh BIN [N] [WORKDIR]
set -euo pipefail
bin=$1; n=${2:-1000000}; work=${3:-$(mktemp -d)}
mkdir -p "$work"
g="$work/bench-$n.json"
if [ ! -s "$g" ]; then
  python3 - "$n" "$g" <<'PY'
import json, random, sys
n, out = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(7)
first = ["Ali", "Maria", "John", "Fatima", "Omar", "Li", "Anna", "Hassan", "Carlos", "Mustafa"]
last = ["Hadi", "Smith", "Kadhimi", "Rossi", "Haddad", "Chen", "Novak", "Amiri", "Silva", "Saleh"]
types = ["person", "organization", "country", "group"]
actors = []
for i in range(5000):
    name = f"{first[i % 10]} {last[(i // 10) % 10]} {i}"
    actors.append((f"actor:a{i:05d}", name, types[i % 4]))
places = [(f"place:p{i:04d}", f"Town {i}") for i in range(500)]
kinds = [("strike", "ASSAULT"), ("condemn", "DISAPPROVE"), ("meet", "CONSULT"), ("threaten", "THREATEN"),
         ("attack", "ASSAULT"), ("statement", ""), ("accuse", "DISAPPROVE"), ("protest", "PROTEST")]
days = [f"{2023 + d // 365}-{(d % 365) // 31 % 12 + 1:02d}-{d % 28 + 1:02d}" for d in range(730)]
days = sorted(set(days))
ndocs = max(1, n // 10)
w = open(out, "w", encoding="utf-8").write
w('{"format":"eventgraph/1",\n"meta":{"created_by":"bench_query"},\n"nodes":[\n')
first_line = True
def node(s):
    global first_line
    w(("" if first_line else ",\n") + s)
    first_line = False
for aid, name, t in actors:
    node(json.dumps({"id": aid, "kind": "actor", "label": name, "actor_type": t,
                     "mentions": [{"doc": "d0", "sentence": 0, "start": 0, "end": len(name), "text": name}]}))
for pid, name in places:
    node(json.dumps({"id": pid, "kind": "place", "label": name, "feature": "city", "precision": 1}))
for d in days:
    node(f'{{"id":"date:{d}","kind":"date","label":"{d}","date":"{d}","granularity":"day"}}')
for i in range(ndocs):
    node(f'{{"id":"doc:d{i}","kind":"document","label":"d{i}","doc_date":"{days[i % len(days)]}"}}')
ev = []
for i in range(n):
    k, p = kinds[i % len(kinds)]
    s = rnd.randrange(5000) if i % 3 else rnd.randrange(50)   # a few busy actors
    t = rnd.randrange(5000)
    d = days[rnd.randrange(len(days))]
    doc = f"d{i // 10}"
    ev.append((k, s, t, d, doc, rnd.randrange(500) if i % 2 else -1))
    node(f'{{"id":"event:{i:08x}","kind":"event","label":"{k} ({d})","event_kind":"{k}","plover":"{p}",'
         f'"date":"{d}","granularity":"day","modality":"asserted","mentions":[{{"doc":"{doc}","sentence":{i % 10},'
         f'"start":{i % 997},"end":{i % 997 + 6},"text":"{k}"}}]}}')
w('\n],\n"edges":[\n')
first_line = True
for i, (k, s, t, d, doc, pl) in enumerate(ev):
    e = f"event:{i:08x}"
    m = f'"mentions":[{{"doc":"{doc}","sentence":{i % 10},"start":{i % 997},"end":{i % 997 + 6},"text":"x"}}]'
    node(f'{{"source":"{e}","target":"actor:a{s:05d}","kind":"source",{m}}}')
    if t != s:
        node(f'{{"source":"{e}","target":"actor:a{t:05d}","kind":"target",{m}}}')
    if pl >= 0:
        node(f'{{"source":"{e}","target":"place:p{pl:04d}","kind":"location"}}')
    node(f'{{"source":"{e}","target":"date:{d}","kind":"on_date"}}')
    node(f'{{"source":"{e}","target":"doc:{doc}","kind":"reported_in"}}')
w('\n]}\n')
PY
fi
echo "graph: $g ($(du -h "$g" | cut -f1), $n events)"
rm -f "$g.egc"
t() {  # t LABEL CMD...: wall time and peak RSS of one run
  local label=$1; shift
  /usr/bin/time -f "%e s  %M KB" -o "$work/time.txt" "$@" >"$work/out.txt" 2>"$work/err.txt" || {
    echo "FAILED: $label"; cat "$work/err.txt"; return 1; }
  printf '%-48s %s  (%s rows)\n' "$label" "$(cat "$work/time.txt")" "$(($(wc -l <"$work/out.txt") - 1))"
}
t "stats, from JSON (writes the cache)" "$bin" stats "$g"
echo "cache: $(du -h "$g.egc" | cut -f1)"
t "stats, from the cache" "$bin" stats "$g"
t "query actor (exact name)" "$bin" query "$g" actor "Ali Hadi 0"
t "query actor (partial name)" "$bin" query "$g" actor "Kadhimi 20"
t "query who --did condemn --target" "$bin" query "$g" who --did condemn --target "Maria Smith 11"
t "query whom --did strike" "$bin" query "$g" whom "Ali Hadi 0" --did strike
t "query events --kind meet --from --until" "$bin" query "$g" events --kind meet --from 2023-03-01 --until 2023-03-02
t "query timeline --actor" "$bin" query "$g" timeline --actor "Omar Hadi 4"
t "query path" "$bin" query "$g" path "Ali Hadi 0" "Anna Kadhimi 26"
t "query match (named node)" "$bin" query "$g" match '(?a)-[condemn]->("Maria Smith 11")'
t "query neighbors (a place)" "$bin" query "$g" neighbors "Town 7"
t "query related" "$bin" query "$g" related event:00000011
t "query timeline (every event, with evidence)" "$bin" query "$g" timeline
t "query (no cache) actor" "$bin" query "$g" actor "Ali Hadi 0" --no-cache
echo "in-process times (load from the cache, then the answer alone):"
for q in "actor|Ali Hadi 0" "who|--did|condemn|--target|Maria Smith 11" "events|--kind|meet|--from|2023-03-01|--until|2023-03-02" "path|Ali Hadi 0|Anna Kadhimi 26" "match|(?a)-[condemn]->(\"Maria Smith 11\")"; do
  IFS='|' read -r -a args <<<"$q"
  "$bin" query "$g" "${args[@]}" --timing >/dev/null 2>"$work/timing.txt" || true
  printf '  %-40s %s\n' "${args[0]} ${args[1]:-}" "$(grep timing "$work/timing.txt")"
done
