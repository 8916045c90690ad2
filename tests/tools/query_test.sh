#!/usr/bin/env bash
# End-to-end tests of `eventgraph query` on the bundled example articles: forgiving names,
# did-you-mean and ambiguity errors (exit 1, one stderr line), empty answers (exit 0, "no
# results"), every question in table/JSON/CSV, the answering subgraph as DOT/GraphML, the
# match language, --evidence, and the binary cache beside the graph file.
# Usage: query_test.sh BIN SOURCE_DIR
set -uo pipefail
bin=$1; src=$2
ex="$src/examples/articles"
[ -d "$ex" ] || { echo "no examples"; exit 77; }
source "$(dirname "$0")/lib.sh"
# has WHAT PATTERN CMD...: stdout+stderr of CMD matches the grep -E pattern
has() { local what=$1 pat=$2; shift 2; "$@" >"$tmp/has.txt" 2>&1
  if grep -Eq -- "$pat" "$tmp/has.txt"; then ok; else bad "$what (want /$pat/, got: $(head -c 300 "$tmp/has.txt"))"; fi; }
# json WHAT PYEXPR CMD...: CMD's stdout parsed as JSON into r satisfies PYEXPR
json() { local what=$1 expr=$2; shift 2
  if "$@" 2>/dev/null | python3 -c "import json,sys; r=json.load(sys.stdin); assert $expr, r" 2>"$tmp/py.err"; then ok
  else bad "$what: $(tail -1 "$tmp/py.err")"; fi; }

g="$tmp/g.json"
"$bin" build "$ex" -o "$g" -q || { echo "build failed"; exit 1; }
q() { "$bin" query "$g" "$@"; }

# --- names
has "case and apostrophe variants" "actor:kataib-hezbollah" q actor "KATA'IB hezbollah"
has "typographic apostrophe" "actor:kataib-hezbollah" q actor "Kata’ib Hezbollah"
has "partial name" "actor:mohammed-shia-al-sudani" q actor "Sudani"
has "diacritics (place)" "Al Qā’im" q events --place "Qāim"
expect_exit 1 "unknown actor" q actor "Nobody Atall"
has "did you mean" "did you mean Nasser Kanaani" q actor "Naser Kanani"
expect_exit 1 "misspelt actor exits 1" q actor "Naser Kanani"
has "did you mean lists several" "did you mean Iranian Foreign Ministry .*, Foreign Ministry " q actor "Foreign Ministry Iranian Iraqi Iran"
expect_exit 1 "ambiguous name exits 1" q actor "Ministry"
has "ambiguous candidates" "ambiguous: Foreign Ministry .*Iranian Foreign Ministry" q actor "Ministry"

# --- actor profile
has "profile affiliation" "backed_by +Iran" q actor "Kataib Hezbollah"
has "profile counts" "as source +.*threaten 1" q actor "Kataib Hezbollah"
has "profile first seen" "first seen +2024-03" q actor "Kataib Hezbollah"
has "actor --events keeps the old listing" "strike" q actor "Kataib Hezbollah" --events
json "profile json" "any(x['field']=='type' and x['value']=='group' for x in r)" q actor "Kataib Hezbollah" --json

# --- who / whom
has "who condemned the United States" "Nasser Kanaani" q who --did condemn --target "United States"
json "who json" "sorted(x['who'] for x in r)==['Iraq','Iraqi government','Nasser Kanaani']" q who --did condemn --target "United States" --json
has "whom did Kata'ib Hezbollah threaten" "US military" q whom "Kata'ib Hezbollah" --did threaten
has "who by PLOVER" "US military" q who --did ASSAULT
expect_exit 0 "empty answer exits 0" q whom "Kata'ib Hezbollah" --did meet
has "empty answer says so" "no results" q whom "Kata'ib Hezbollah" --did meet
json "empty answer json is []" "r==[]" q whom "Kata'ib Hezbollah" --did meet --json
expect_exit 1 "unknown target" q who --did condemn --target "Atlantis"

# --- timeline, events
json "timeline has evidence" "len(r)>3 and all('evidence' in x for x in r)" q timeline --json
json "timeline --limit cuts" "len(r)==3" q timeline --limit 3 --json
"$bin" query "$g" timeline --limit 3 >/dev/null 2>"$tmp/lim.err"
if grep -q "events; showing the first 3 (raise --limit" "$tmp/lim.err"; then ok; else bad "timeline --limit says it cut: $(cat "$tmp/lim.err")"; fi
json "events --limit cuts" "len(r)==2" q events --limit 2 --json
json "timeline of an actor" "all('Kata' in (x['source']+x['target']) for x in r) and len(r)>=3" q timeline --actor KH --json
json "timeline by place (inside Anbar)" "len(r)>=2" q timeline --place Anbar --json
json "timeline date range" "all('2024-03'<=x['date'].lstrip('≤')[:10]<='2024-03-06' for x in r) and len(r)>0" q timeline --from 2024-03-05 --until 2024-03-06 --json
expect_exit 2 "bad date is a usage error" q timeline --from 2024-3
has "events csv header" "^date,kind,plover,source,target,place,mentions,event$" q events --kind strike --csv
json "events csv parses" "len(r)>0" bash -c "'$bin' query '$g' events --kind strike --csv | python3 -c 'import csv,sys,json; print(json.dumps(list(csv.DictReader(sys.stdin))))'"
json "events min mentions" "all(int(x['mentions'])>=2 for x in r) and len(r)>0" q events --min-mentions 2 --json
json "events modality" "len(r)>0" q events --modality asserted --json
json "events --to still works" "len(r)>0" q events --kind strike --from 2024-03-01 --to 2024-03-31 --json
json "evidence has doc and text" "all('#' in x['evidence'] and '«' in x['evidence'] and '[' in x['evidence'] for x in r)" q events --kind strike --evidence --json

# --- neighbors, path, related
has "neighbors depth 2" "^2 " q neighbors "Kata'ib Hezbollah" --depth 2
json "neighbors role" "all(x['link']=='source' for x in r) and len(r)>0" q neighbors "US military" --role source --json
has "path as a readable line" "^US military —[a-z ]+→ [a-z]+ \\(2024-03-0[0-9]\\) —[a-z ]+→ Kata'ib Hezbollah$" q path "US military" "Kata'ib Hezbollah"
has "path through an affiliation" "backed_by→ Iran" q path "US military" "Iran"
ev=$(q events --kind condemn --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["event"])')
has "related: what a condemnation is about" "about|same day" q related "$ev"
expect_exit 1 "related needs an event" q related "United States"

# --- match
json "match condemn" "len(r)>=3 and {'Iraq','Nasser Kanaani'}<={x['a'] for x in r if x['b']=='United States'}" q match "(?a)-[condemn]->(?b)" --json
json "match type and name" "[x['a'] for x in r]==['Nasser Kanaani']" q match '(a:person)-[DISAPPROVE]->("United States")' --json
json "match where date" "len(r)>=1" q match "(?a)-[ASSAULT]->(?b) where date >= 2024-03-05" --json
json "match chain" "len(r)>=1" q match '(?x)-[threaten]->(?y), (?y)-[strike]->(?z)' --json
expect_exit 1 "match syntax error" q match "(?a)-[condemn]-(?b)"
has "match syntax error says where" "expected \]->" q match "(?a)-[condemn]-(?b)"
expect_exit 1 "match unknown name" q match '(?a)-[condemn]->("Atlantis")'

# --- subgraph exports
check "who --dot writes DOT" q who --did condemn --dot "$tmp/who.dot"
check "dot parses" dot -Tcanon "$tmp/who.dot" -o /dev/null
check "path --graphml" q path "US military" "Iran" --graphml "$tmp/path.graphml"
check "networkx reads the subgraph" python3 -c "
import networkx as nx; g=nx.read_graphml('$tmp/path.graphml')
assert 'actor:iran' in g and 'actor:us-military' in g and g.number_of_nodes()<15, g.nodes()"

# --- cache
check "cache written beside the graph" test -s "$g.egc"
q actor KH --json >"$tmp/a1.json" 2>/dev/null
check "cached answer equals --no-cache answer" bash -c "'$bin' query '$g' actor KH --json --no-cache | cmp - '$tmp/a1.json'"
printf 'garbage' >"$g.egc"
has "corrupt cache warns" "^warning: .*corrupt graph cache" q actor KH
check "corrupt cache rebuilt" bash -c "'$bin' query '$g' actor KH --json 2>&1 | cmp - '$tmp/a1.json'"
cp "$g" "$tmp/g2.json"; "$bin" build "$ex/2024-03-09-talks.jsonl" -o "$g" -q
json "stale cache rebuilt after the graph changes" "len(r)>0 and all(x['date'].lstrip('≤')>='2024-03-08' for x in r)" q timeline --json
check "stats through the cache" "$bin" stats "$g"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
