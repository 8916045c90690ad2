#!/usr/bin/env bash
# End-to-end tests of `eventgraph export` and `render` on the bundled example articles and on a
# graph with hostile names (<&"'\ and control characters): every format is read back by a real
# consumer (networkx for GraphML/GEXF/node-link, igraph for GraphML, xmllint, dot/sfdp, Python's
# csv and json modules), slicing flags cut the graph, render picks and refuses layouts by size.
# Consumers that are missing skip their checks (counted as skipped). Exit 77 when python3 is
# missing altogether.
# Usage: export_test.sh BIN SOURCE_DIR
set -uo pipefail
bin=$1; src=$2
ex="$src/examples/articles"
command -v python3 >/dev/null 2>&1 || { echo "python3 missing: skipped"; exit 77; }
source "$(dirname "$0")/lib.sh"

check "build examples" "$bin" build "$ex" -o "$tmp/g.json" -q

# A hostile graph: the example graph with nasty labels, ids and values.
python3 - "$tmp/g.json" "$tmp/h.json" <<'PY'
import json, sys
g = json.load(open(sys.argv[1], encoding='utf-8'))
nasty = "a<b>&c \"q\" 'x' back\\slash\x01\x07 tab\tnl\ncr\r, end"
for i, n in enumerate(g['nodes']):
    if n['kind'] in ('actor', 'event') and i % 2 == 0:
        n['label'] = nasty + str(i)
g['nodes'].append({"id": "actor:weird<&\"'\\", "kind": "actor", "label": nasty, "aliases": [nasty]})
ev = next(n['id'] for n in g['nodes'] if n['kind'] == 'event')
g['edges'].append({"source": ev, "target": "actor:weird<&\"'\\", "kind": "target", "value": nasty})
g['nodes'].sort(key=lambda n: n['id'])
g['edges'].sort(key=lambda e: (e['source'], e['target'], e['kind']))
json.dump(g, open(sys.argv[2], 'w', encoding='utf-8'), ensure_ascii=False)
PY
check "hostile graph readable" "$bin" export "$tmp/h.json" --to json -o "$tmp/h2.json"

counts() { python3 -c "
import json; g=json.load(open('$1'))
print(len(g['nodes']), len(g['edges']), sum(n['kind']=='event' for n in g['nodes']))"; }

for name in g h; do
  f="$tmp/$name.json"
  read -r N E EV <<<"$(counts "$f")"
  for fmt in graphml gexf nodelink cytoscape csv tsv geojson dot; do
    check "$name: export $fmt" "$bin" export "$f" --to $fmt -o "$tmp/$name.$fmt"
  done
  check "$name: export neo4j" "$bin" export "$f" --to neo4j -o "$tmp/$name.neo4j"

  if command -v xmllint >/dev/null 2>&1; then
    check "$name: xmllint graphml" xmllint --noout "$tmp/$name.graphml"
    check "$name: xmllint gexf" xmllint --noout "$tmp/$name.gexf"
  else skipped "xmllint"; fi

  if have_py networkx; then
    check "$name: networkx graphml" python3 -c "
import networkx as nx; g=nx.read_graphml('$tmp/$name.graphml')
assert (g.number_of_nodes(), g.number_of_edges())==($N,$E), (g.number_of_nodes(), g.number_of_edges())"
    check "$name: networkx gexf" python3 -c "
import networkx as nx; g=nx.read_gexf('$tmp/$name.gexf')
assert (g.number_of_nodes(), g.number_of_edges())==($N,$E), (g.number_of_nodes(), g.number_of_edges())
assert g.graph['mode']=='dynamic'
ev=[d for _,d in g.nodes(data=True) if d.get('kind')=='event' and 'start' in d]
assert ev, 'no dated event'"
    check "$name: networkx node-link" python3 -c "
import json, networkx as nx
from networkx.readwrite import json_graph
d=json.load(open('$tmp/$name.nodelink', encoding='utf-8'))
try: g=json_graph.node_link_graph(d, edges='edges')
except TypeError: g=json_graph.node_link_graph(d, link='edges')
assert (g.number_of_nodes(), g.number_of_edges())==($N,$E)"
  else skipped "networkx"; fi

  # Debian's python3-igraph is installed for the system python, which may not be the first
  # python3 on PATH (pyenv): use whichever interpreter can import it.
  igraph_py=""
  for py in python3 /usr/bin/python3; do
    if "$py" -c 'import igraph' 2>/dev/null; then igraph_py=$py; break; fi
  done
  if [ -n "$igraph_py" ]; then
    check "$name: igraph graphml" "$igraph_py" -c "
import igraph; g=igraph.Graph.Read_GraphML('$tmp/$name.graphml')
assert (g.vcount(), g.ecount())==($N,$E), (g.vcount(), g.ecount())"
  else skipped "igraph (python3-igraph)"; fi

  check "$name: cytoscape json" python3 -c "
import json; d=json.load(open('$tmp/$name.cytoscape', encoding='utf-8'))['elements']
assert (len(d['nodes']), len(d['edges']))==($N,$E)
ids={n['data']['id'] for n in d['nodes']}
assert all(e['data']['source'] in ids and e['data']['target'] in ids for e in d['edges'])"
  check "$name: geojson json" python3 -c "
import json; d=json.load(open('$tmp/$name.geojson', encoding='utf-8'))
assert d['type']=='FeatureCollection'
for f in d['features']:
    lon, lat = f['geometry']['coordinates']; assert -180<=lon<=180 and -90<=lat<=90"
  check "$name: csv rows = events" python3 -c "
import csv; rows=list(csv.DictReader(open('$tmp/$name.csv', newline='', encoding='utf-8')))
assert len(rows)==$EV, (len(rows), $EV); assert all(r['event_id'].startswith('event:') for r in rows)"
  check "$name: tsv rows = events" python3 -c "
import csv; rows=list(csv.DictReader(open('$tmp/$name.tsv', newline='', encoding='utf-8'), delimiter='\t', quoting=csv.QUOTE_NONE))
assert len(rows)==$EV, (len(rows), $EV); assert all(len(r)==23 and None not in r for r in rows)"
  check "$name: neo4j csv counts" python3 -c "
import csv, os; d='$tmp/$name.neo4j'
rows=lambda f: len(list(csv.DictReader(open(os.path.join(d,f), newline='', encoding='utf-8'))))
n=sum(rows(f) for f in os.listdir(d) if f.startswith('nodes_'))
e=sum(rows(f) for f in os.listdir(d) if f.startswith('edges_'))
assert (n,e)==($N,$E), (n,e)
s=open(os.path.join(d,'import.sh')).read(); assert 'neo4j-admin' in s and 'database import full' in s"
  check "$name: neo4j import.sh is sh" sh -n "$tmp/$name.neo4j/import.sh"

  if command -v dot >/dev/null 2>&1; then
    dot -Tsvg "$tmp/$name.dot" -o "$tmp/$name.svg" 2>"$tmp/dot.err"
    if [ $? -eq 0 ] && [ ! -s "$tmp/dot.err" ]; then ok; else bad "$name: dot without warnings: $(head -c 300 "$tmp/dot.err")"; fi
    sfdp -Tsvg "$tmp/$name.dot" -o "$tmp/$name.sfdp.svg" 2>"$tmp/sfdp.err"
    if [ $? -eq 0 ] && [ ! -s "$tmp/sfdp.err" ]; then ok; else bad "$name: sfdp without warnings: $(head -c 300 "$tmp/sfdp.err")"; fi
  else skipped "graphviz dot"; fi
done

# --- slicing
g="$tmp/g.json"
evs() { python3 -c "
import json,sys; g=json.load(open('$1')); print(sum(n['kind']=='event' for n in g['nodes']))"; }
check "slice --actor" "$bin" export "$g" --to json --actor 'Kata’ib Hezbollah' -o "$tmp/s_actor.json"
check "actor slice is smaller, keeps the actor" python3 -c "
import json; a=json.load(open('$tmp/s_actor.json')); g=json.load(open('$g'))
assert 0 < len(a['nodes']) < len(g['nodes']), (len(a['nodes']), len(g['nodes']))
assert any(n['kind']=='actor' and 'Hezbollah' in n['label'] for n in a['nodes'])
ids={n['id'] for n in a['nodes']}; assert all(e['source'] in ids and e['target'] in ids for e in a['edges'])"
check "slice --ego --depth" "$bin" export "$g" --to json --ego 'Kata’ib Hezbollah' --depth 1 -o "$tmp/s_ego.json"
first=$(python3 -c "
import json; g=json.load(open('$g')); print(min(n['date'] for n in g['nodes'] if n['kind']=='event' and n.get('date','')[:1].isdigit()))")
check "slice --from/--until" "$bin" export "$g" --to csv --from "$first" --until "$first" -o "$tmp/s_date.csv"
check "date slice keeps only that date" python3 -c "
import csv; rows=list(csv.DictReader(open('$tmp/s_date.csv', newline='')))
assert rows and all(r['date'].startswith('$first'[:len(r['date'])]) or '$first'.startswith(r['date']) for r in rows), [r['date'] for r in rows]"
check "slice --kind" "$bin" export "$g" --to csv --kind strike -o "$tmp/s_kind.csv"
check "kind slice only strikes" python3 -c "
import csv; rows=list(csv.DictReader(open('$tmp/s_kind.csv', newline=''))); assert rows and all(r['kind']=='strike' for r in rows)"
check "slice --plover --min-mentions" "$bin" export "$g" --to json --plover assault --min-mentions 1 -o "$tmp/s_pl.json"
"$bin" export "$g" --to json --max-nodes 2 -o "$tmp/s_max.json" 2>"$tmp/max.err"
if [ $? -eq 0 ] && grep -q "^kept 2 of [0-9]* events (--max-nodes 2)$" "$tmp/max.err" && [ "$(evs "$tmp/s_max.json")" -eq 2 ]; then ok
else bad "--max-nodes message and count: $(cat "$tmp/max.err")"; fi
"$bin" export "$g" --to json --actor 'Nobody Atall' -o "$tmp/none.json" 2>"$tmp/err.txt"
if [ $? -eq 1 ] && [ "$(wc -l <"$tmp/err.txt")" -eq 1 ]; then ok; else bad "unknown --actor: exit 1, one line"; fi
"$bin" export "$g" --to json --from 2024-3 -o "$tmp/none.json" 2>/dev/null
if [ $? -eq 2 ]; then ok; else bad "bad --from date is a usage error"; fi
"$bin" export "$g" --to neo4j 2>/dev/null
if [ $? -eq 2 ]; then ok; else bad "neo4j needs -o"; fi

# --- render: slicing, layout by size, too big for dot
check "render sliced" "$bin" render "$g" --actor 'Kata’ib Hezbollah' --to 2030 -o "$tmp/s.svg"
check "sliced svg" grep -q "<svg" "$tmp/s.svg"
python3 - "$tmp/big.json" 2100 <<'PY'
import json, sys
n = int(sys.argv[2]); nodes = []; edges = []
for i in range(n):
    nodes.append({"id": f"actor:{i:05}", "kind": "actor", "label": f"Actor {i}"})
for i in range(0, n - 1, 2):
    nodes.append({"id": f"event:{i:05}", "kind": "event", "label": f"Event {i}", "event_kind": "strike",
                  "plover": "ASSAULT", "date": f"2024-03-{1 + i % 28:02}", "granularity": "day"})
    edges.append({"source": f"event:{i:05}", "target": f"actor:{i:05}", "kind": "source"})
    edges.append({"source": f"event:{i:05}", "target": f"actor:{i+1:05}", "kind": "target"})
nodes.sort(key=lambda x: x['id']); edges.sort(key=lambda e: (e['source'], e['target'], e['kind']))
json.dump({"format": "eventgraph/1", "meta": {}, "nodes": nodes, "edges": edges}, open(sys.argv[1], 'w'))
PY
"$bin" render "$tmp/big.json" --layout dot -o "$tmp/big.svg" 2>"$tmp/err.txt"
if [ $? -eq 2 ] && grep -q "too many for the dot layout.*--layout sfdp" "$tmp/err.txt" && [ ! -e "$tmp/big.svg" ]; then ok
else bad "dot refuses > 2000 nodes: $(cat "$tmp/err.txt")"; fi
"$bin" render "$tmp/big.json" --max-nodes 300 -o "$tmp/mid.svg" 2>"$tmp/err.txt"
if [ $? -eq 0 ] && grep -q "^kept 300 of 1050 events" "$tmp/err.txt" && grep -q "sfdp" "$tmp/err.txt" && grep -q "<svg" "$tmp/mid.svg"; then ok
else bad "auto sfdp above 400 nodes, said on stderr: $(cat "$tmp/err.txt")"; fi

# --- export --to dot: a big graph is written for sfdp (the plain `dot` command then uses it),
# said on stderr; --layout dot keeps the timeline; small graphs keep it by default.
"$bin" export "$tmp/big.json" --max-nodes 300 --to dot -o "$tmp/mid.dot" 2>"$tmp/err.txt"
if [ $? -eq 0 ] && grep -q "export: .*using the sfdp layout" "$tmp/err.txt" && grep -q 'layout="sfdp", overlap=prism' "$tmp/mid.dot" &&
   ! grep -q "rankdir" "$tmp/mid.dot"; then ok
else bad "export dot above 400 nodes: sfdp with overlap removal: $(cat "$tmp/err.txt")"; fi
if command -v dot >/dev/null 2>&1; then
  dot -Tsvg "$tmp/mid.dot" -o "$tmp/mid2.svg" 2>"$tmp/dot.err"
  if [ $? -eq 0 ] && [ ! -s "$tmp/dot.err" ] && grep -q "<svg" "$tmp/mid2.svg"; then ok
  else bad "dot -Tsvg on the sfdp export: $(head -c 300 "$tmp/dot.err")"; fi
fi
"$bin" export "$tmp/big.json" --max-nodes 300 --to dot --layout dot -o "$tmp/mid3.dot" 2>"$tmp/err.txt"
if [ $? -eq 0 ] && ! grep -q "sfdp" "$tmp/err.txt" && grep -q "rankdir=LR" "$tmp/mid3.dot"; then ok
else bad "export dot --layout dot keeps the timeline: $(cat "$tmp/err.txt")"; fi
"$bin" export "$g" --to dot -o "$tmp/small.dot" 2>"$tmp/err.txt"
if [ $? -eq 0 ] && [ ! -s "$tmp/err.txt" ] && grep -q "rankdir=LR" "$tmp/small.dot"; then ok
else bad "small graph: timeline dot, nothing said: $(cat "$tmp/err.txt")"; fi

echo "$pass passed, $fail failed ($skip skipped)"
[ "$fail" -eq 0 ]
