#!/usr/bin/env bash
# Installs the Debian packages eventgraph needs, if any are missing. Idempotent: does nothing
# when everything is there. As root it runs apt-get; otherwise it prints the command to run.
set -euo pipefail

packages=(
  build-essential cmake pkg-config python3
  libboost-graph-dev   # the graph (header-only parts of Boost.Graph)
  rapidjson-dev        # JSON (graph file, JSON Lines)
  libfmt-dev           # formatting
  doctest-dev          # unit tests
  libcli11-dev         # command line
  graphviz             # dot binary (tests: DOT is parsed by the real tool)
  libgraphviz-dev      # libgvc for in-process rendering
  python3-networkx     # tests: GraphML is read by networkx
  python3-igraph       # tests: GraphML is read by a second consumer (igraph), not just networkx
  libxml2-utils        # tests: xmllint --noout checks the GraphML and GEXF exports are well-formed
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# python3-networkx is only needed when the python3 on PATH cannot import networkx already.
if python3 -c 'import networkx' 2>/dev/null; then
  missing=("${missing[@]/python3-networkx/}")
fi
# Likewise python3-igraph when `import igraph` already works (e.g. installed with pip).
if python3 -c 'import igraph' 2>/dev/null; then
  missing=("${missing[@]/python3-igraph/}")
fi
read -r -a missing <<<"${missing[*]}"

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all dependencies present"
  exit 0
fi

cmd=(apt-get install -y --no-install-recommends "${missing[@]}")
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages: ${missing[*]}" >&2
  echo "install-deps: run as root:  apt-get update && ${cmd[*]}" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
"${cmd[@]}"
