// Read a GEXF file with graphology-gexf (the reader behind Gephi Lite and sigma.js) and print
// what it found as JSON: node and edge counts, the graph type, and the attributes of the first
// node and edge. Usage: node read_gexf.js FILE.gexf
"use strict";
const fs = require("fs");
const Graph = require("graphology");
const gexf = require("graphology-gexf");

const graph = gexf.parse(Graph, fs.readFileSync(process.argv[2], "utf-8"));
const firstNode = graph.nodes()[0];
const firstEdge = graph.edges()[0];
console.log(JSON.stringify({
  nodes: graph.order,
  edges: graph.size,
  type: graph.type,
  node: firstNode === undefined ? null : {id: firstNode, ...graph.getNodeAttributes(firstNode)},
  edge: firstEdge === undefined ? null : graph.getEdgeAttributes(firstEdge),
}));
