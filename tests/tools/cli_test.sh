#!/usr/bin/env bash
# End-to-end tests of the eventgraph binary on the bundled example articles: real consumers
# (networkx, Graphviz dot, a JSON parser) read what it writes; exit codes and error messages
# for bad input and bad usage; idempotent re-adds; identical output whatever the thread count.
# Usage: cli_test.sh BIN SOURCE_DIR
set -uo pipefail
bin=$1; src=$2
ex="$src/examples/articles"
source "$(dirname "$0")/lib.sh"

# --- build, formats and their consumers
check "build examples" "$bin" build "$ex" -o "$tmp/g.json" -q
check "graph file is JSON with format" python3 -c "
import json,sys; g=json.load(open('$tmp/g.json')); assert g['format']=='eventgraph/1'
kinds={n['kind'] for n in g['nodes']}; assert {'event','actor','document','date'}<=kinds, kinds
assert len(g['edges'])>10" 
check "export graphml" "$bin" export "$tmp/g.json" --to graphml -o "$tmp/g.graphml"
check "networkx reads graphml" python3 -c "
import networkx as nx, json
g=nx.read_graphml('$tmp/g.graphml'); j=json.load(open('$tmp/g.json'))
assert g.number_of_nodes()==len(j['nodes']), (g.number_of_nodes(), len(j['nodes']))
assert g.number_of_edges()==len(j['edges'])
assert any(d.get('kind')=='event' for _,d in g.nodes(data=True))"
check "export yed graphml" "$bin" export "$tmp/g.json" --to graphml --yed -o "$tmp/y.graphml"
check "networkx reads yed graphml" python3 -c "import networkx as nx; nx.read_graphml('$tmp/y.graphml')"
check "export dot" "$bin" export "$tmp/g.json" --to dot -o "$tmp/g.dot"
dot -Tcanon "$tmp/g.dot" >/dev/null 2>"$tmp/dot.err"
if [ $? -eq 0 ] && [ ! -s "$tmp/dot.err" ]; then ok; else bad "dot parses without warnings: $(head -c 300 "$tmp/dot.err")"; fi
check "render svg" "$bin" render "$tmp/g.json" -o "$tmp/g.svg"
check "svg is svg" grep -q "<svg" "$tmp/g.svg"
check "export json round trip" "$bin" export "$tmp/g.json" --to json -o "$tmp/g2.json"
check "json round trip byte-identical" cmp "$tmp/g.json" "$tmp/g2.json"

# --- idempotence and determinism
cp "$tmp/g.json" "$tmp/g3.json"
check "re-adding articles" "$bin" build "$ex" --into "$tmp/g3.json" -q
check "re-adding changes nothing" cmp "$tmp/g.json" "$tmp/g3.json"
check "build with 1 thread" "$bin" build "$ex" -o "$tmp/t1.json" -j 1 -q
check "build with 4 threads" "$bin" build "$ex" -o "$tmp/t4.json" -j 4 -q
check "thread count does not change output" cmp "$tmp/t1.json" "$tmp/t4.json"
mkdir -p "$tmp/part1" "$tmp/part2"
cp "$ex"/2024-03-04* "$ex"/2024-03-06* "$tmp/part1/"; cp "$ex"/2024-03-07* "$ex"/2024-03-09* "$tmp/part2/"
check "build part 1" "$bin" build "$tmp/part1" -o "$tmp/inc.json" -q
check "extend with part 2" "$bin" build "$tmp/part2" --into "$tmp/inc.json" -q
check "incremental build equals one-shot build" cmp "$tmp/g.json" "$tmp/inc.json"

# --- annotate (the evaluation interface)
check "annotate jsonl" "$bin" annotate --from jsonl --to jsonl "$ex/2024-03-09-talks.jsonl" -o "$tmp/a.jsonl"
check "annotate output parses, offsets slice the text" python3 -c "
import json
for l in open('$tmp/a.jsonl'):
    o=json.loads(l); b=o['text'].encode()
    for k in ('entities','timexes'):
        for m in o[k]: assert b[m['start']:m['end']].decode()==m['text'], m
    for e in o['events']:
        t=e['trigger']; assert b[t['start']:t['end']].decode()==t['text']
"
check "annotate seed-format stdin" bash -c "'$bin' annotate - < '$ex/2024-03-06-us-strikes.txt' | python3 -c 'import json,sys; o=json.loads(sys.stdin.readline()); assert o[\"date\"]==\"2024-03-06\", o[\"date\"]'"

# --- queries
check "query actor" bash -c "'$bin' query '$tmp/g.json' actor 'Kata’ib Hezbollah' | grep -q ."
check "query timeline json" bash -c "'$bin' query '$tmp/g.json' timeline --json | python3 -c 'import json,sys; r=json.load(sys.stdin); assert len(r)>3'"
check "query events by kind" bash -c "'$bin' query '$tmp/g.json' events --kind strike | grep -q strike"
expect_exit 1 "query unknown actor" "$bin" query "$tmp/g.json" actor "Nobody Atall"
check "stats" "$bin" stats "$tmp/g.json"

# --- bad input: one line on stderr naming the file, exit 1, nothing clobbered
printf '{"id": "x", "text": "ok"}\n{"id": "y", "text": \n' > "$tmp/broken.jsonl"
echo keep > "$tmp/keep.json"
expect_exit 1 "broken JSON Lines" "$bin" build "$tmp/broken.jsonl" -o "$tmp/keep.json"
check "error names file and line" grep -q "broken.jsonl:2" "$tmp/err.txt"
check "failed build leaves output untouched" grep -qx keep "$tmp/keep.json"
check "no temp file left" bash -c "! ls '$tmp' | grep -q 'tmp\.'"
printf 'date 2024-01-01 caf\xe9 au lait\n' > "$tmp/latin1.txt"
expect_exit 1 "invalid UTF-8" "$bin" build "$tmp/latin1.txt" -o "$tmp/u.json"
: > "$tmp/empty.txt"
expect_exit 1 "empty file" "$bin" build "$tmp/empty.txt" -o "$tmp/e.json"
echo '{"format": "eventgraph/1", "nodes": [' > "$tmp/corrupt.json"
expect_exit 1 "corrupt graph file" "$bin" export "$tmp/corrupt.json" --to dot
expect_exit 1 "missing input" "$bin" build "$tmp/does-not-exist" -o "$tmp/m.json"
printf 'An article with no date line.\n' > "$tmp/nodate.txt"
"$bin" build "$tmp/nodate.txt" -o "$tmp/nd.json" -q 2>"$tmp/err.txt"
if [ $? -eq 0 ] && grep -q "^warning:.*nodate.txt" "$tmp/err.txt"; then ok; else bad "missing date warns"; fi
check "missing date is not invented" python3 -c "
import json; g=json.load(open('$tmp/nd.json'))
assert all(not n.get('doc_date') for n in g['nodes'] if n['kind']=='document')"

# --- bad usage: exit 2
expect_exit 2 "no subcommand" "$bin"
expect_exit 2 "unknown option" "$bin" build --no-such-flag x
expect_exit 2 "bad export format" "$bin" export "$tmp/g.json" --to xlsx
expect_exit 2 "bad --date" "$bin" build "$tmp/nodate.txt" --date 2024-13-45 -o "$tmp/x.json"
check "--version" "$bin" --version
for c in build annotate export render query stats train; do check "$c --help" "$bin" $c --help; done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
