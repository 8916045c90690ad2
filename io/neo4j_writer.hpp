#pragma once
// Neo4j export: a folder of CSV files in neo4j-admin's import format (one nodes file per label,
// one relationships file per type), an import.sh running `neo4j-admin database import full`
// and a load.cypher doing the same with LOAD CSV into a running database. See docs/formats.md,
// "Neo4j".

#include <filesystem>
#include <string>
#include <vector>

#include "graph/graph.hpp"

namespace eg {

/// Writes into `dir` (created if missing; files of a previous export are overwritten):
/// nodes_<Label>.csv for each node kind present (Event, Actor, Place, Date, Document; every node
/// also gets the label `EgNode`), edges_<TYPE>.csv for each edge kind present (SOURCE, TARGET,
/// ON_DATE, …), import.sh and load.cypher. Each file is written atomically. Returns the names
/// of the files written, in order. Throws EnvironmentError when `dir` or a file cannot be
/// written.
std::vector<std::string> write_neo4j(const graph::Graph& g, const std::filesystem::path& dir);

}  // namespace eg
