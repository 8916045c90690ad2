#!/usr/bin/env bash
# make demo: build a graph of the bundled example articles, export it, draw it, ask it questions.
# Usage: tools/demo.sh BIN ARTICLES_DIR OUT_DIR
set -euo pipefail
bin=$1; articles=$2; out=$3
mkdir -p "$out"
rm -f "$out/graph.json"
"$bin" build "$articles" -o "$out/graph.json"
"$bin" export "$out/graph.json" --to graphml -o "$out/graph.graphml"
"$bin" export "$out/graph.json" --to dot -o "$out/graph.dot"
"$bin" render "$out/graph.json" -o "$out/graph.svg"
echo
echo "== Wrote $out/graph.json, $out/graph.graphml, $out/graph.dot, $out/graph.svg"
echo
echo "== Summary"
"$bin" stats "$out/graph.json"
ask() {
  echo
  echo "== \$ eventgraph query $out/graph.json $*"
  "$bin" query "$out/graph.json" "$@" || true
}
ask actor "Kata'ib Hezbollah"
ask events --kind condemn
ask path "US military" "Iran"
