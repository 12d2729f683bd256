"""The names of every output format, in one place the command line can read without loading
anything heavy. :mod:`kg.results` writes the query formats; :mod:`kg.export` holds a writer for
each export format and checks that it has one for every name here."""

from __future__ import annotations

__all__ = ["SELECT_FORMATS", "GRAPH_FORMATS", "EXPORT_FORMATS"]

# kg query: SELECT results, and CONSTRUCT/DESCRIBE graphs (the first is the default)
SELECT_FORMATS = ("table", "csv", "tsv", "json", "md")
GRAPH_FORMATS = ("ttl", "nt", "jsonld")

# kg export: name -> (kind, what it is)
EXPORT_FORMATS = {
    "ttl": ("rdf", "Turtle"),
    "nt": ("rdf", "N-Triples"),
    "nq": ("rdf", "N-Quads (named graphs kept)"),
    "trig": ("rdf", "TriG (named graphs kept)"),
    "jsonld": ("rdf", "JSON-LD with a compact @context"),
    "rdfxml": ("rdf", "RDF/XML"),
    "graphml": ("graph", "GraphML (Gephi, Cytoscape, yEd, igraph)"),
    "gexf": ("graph", "GEXF (Gephi)"),
    "cytoscape": ("graph", "Cytoscape.js JSON elements"),
    "csv": ("graph", "nodes.csv + relationships.csv for neo4j-admin database import"),
    "html": ("page", "the kg view page"),
}
