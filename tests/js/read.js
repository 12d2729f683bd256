// Read an export with the JavaScript readers Gephi Lite and Cytoscape use, and print what
// they read as JSON (tests/test_export_look.py compares it with kg.look's values).
//
//   node tests/js/read.js FILE gexf|graphml|cytoscape
//
// gexf, graphml: graphology's parsers (graphology-gexf, graphology-graphml, as Gephi Lite
// reads files) -> {"type", "multi", "order", "size", "nodes": {id: attributes},
// "edges": [{id, source, target}]}.
// cytoscape: Cytoscape.js itself, headless, given the file's elements and style ->
// {"nodes": {id: {position, color, width, shape}}, "edges": number} where color, width and
// shape are the styles Cytoscape.js computed for the node.
"use strict";

const fs = require("fs");

function graphology(parser, text) {
  const Graph = require("graphology");
  const graph = parser.parse(Graph, text);
  const nodes = {};
  graph.forEachNode((id, attributes) => { nodes[id] = attributes; });
  const edges = graph.mapEdges((id, attributes, source, target) => ({ id, source, target }));
  return { type: graph.type, multi: graph.multi, order: graph.order, size: graph.size,
           nodes, edges };
}

function cytoscape(text) {
  const json = JSON.parse(text);
  // what the file says to do: its elements, its style, and its layout ("preset": the
  // positions it gives)
  const cy = require("cytoscape")({ headless: true, styleEnabled: true,
                                    elements: json.elements, style: json.style,
                                    layout: json.layout });
  const nodes = {};
  cy.nodes().forEach((n) => {
    nodes[n.id()] = { position: n.position(), color: n.style("background-color"),
                      width: n.numericStyle("width"), shape: n.style("shape"),
                      label: n.style("label") };
  });
  const out = { nodes, edges: cy.edges().length,
                dashed: cy.edges().filter((e) => e.style("line-style") === "dashed").length };
  cy.destroy();
  return out;
}

function main(argv) {
  const [file, format] = argv;
  if (!file || !format) throw new Error("usage: node read.js FILE gexf|graphml|cytoscape");
  const text = fs.readFileSync(file, "utf8");
  let out;
  if (format === "gexf") out = graphology(require("graphology-gexf"), text);
  else if (format === "graphml") out = graphology(require("graphology-graphml"), text);
  else if (format === "cytoscape") out = cytoscape(text);
  else throw new Error(`unknown format ${format}`);
  // exit once written: a headless Cytoscape.js keeps a timer that would hold node open
  process.stdout.write(JSON.stringify(out), () => process.exit(0));
}

try {
  main(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`read.js: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
}
