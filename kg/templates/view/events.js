// The graph, its events and window.kg, the page's scripting surface for tests.
// One part of the page script: kg/render.py joins the parts of kg/templates/view/ in
// the order of VIEW_SCRIPTS inside one function, so they share its scope.
// ---- the graph and its events
document.getElementById("lang-switch").addEventListener("click", function () {
  setLang(state.lang === "zh" ? "en" : "zh");
});
document.getElementById("readings").addEventListener("change", function (ev) { setReadings(ev.target.checked); });
document.getElementById("fit").addEventListener("click", function () { unfocus(); });
document.getElementById("panel-toggle").addEventListener("click", function () {
  var open = document.body.classList.toggle("panel-open");
  this.setAttribute("aria-expanded", String(open));
  // the graph gave or took back room: draw it at its new size, the focus still in view
  network.setSize("100%", "100%");
  if (state.focus) { arrange(); fitFocus(); } else network.fit({ animation: false });
  restyle();
});

window.kg = {
  nodes: nodes, edges: edges, network: null, ready: false, path: null, focused: null,
  state: state, search: search, focus: focus, unfocus: unfocus, expand: expand,
  collapse: collapse, showCard: showCard, setLang: setLang, setReadings: setReadings,
  toggle: function (id) { if (state.focus === id) expand(); else focus(id); },
  setPath: setPath, hash: function () { return encodeState(); },
  focusSet: function () { return Object.keys(focusSet).sort(); },
  labelled: function () { return Object.keys(labelled()).sort(); },
  // what vis-network draws for a node or an edge: its colour, border, label size
  drawn: function (id) {
    var o = (network.body.nodes[id] || network.body.edges[id]).options;
    return { color: o.color, font: o.font.size, borderWidth: o.borderWidth, width: o.width,
             dashes: o.dashes };
  },
  visibleCount: function () { return nodes.get({ filter: function (n) { return !n.hidden; } }).length; }
};

// the first state: the hash if there is one, before the first drawing
var start = location.hash.slice(1);
applyHash(start);
network = new vis.Network(document.getElementById("graph"), { nodes: nodes, edges: edges }, data.options);
window.kg.network = network;
if (state.focus) { network.selectNodes([state.focus]); arrange(); fitFocus(); }
else network.fit({ animation: false });
restyle();

var focusedByClick = -Infinity;
network.on("click", function (params) {
  if (!params.nodes.length) return;
  if (state.focus !== params.nodes[0]) focusedByClick = performance.now();
  focus(params.nodes[0], null, false, true);
});
network.on("doubleClick", function (params) {
  if (!params.nodes.length) return;
  var id = params.nodes[0];
  var shift = params.event && params.event.srcEvent && params.event.srcEvent.shiftKey;
  if (shift) { if (state.focus === id) collapse(); return; }
  if (state.focus !== id) { focus(id, null, false, true); return; }
  // the clicks of this double-click just focused it: that is its first ring
  if (performance.now() - focusedByClick < 600) return;
  expand();
});
network.on("zoom", function () { restyle(); });

network.once("afterDrawing", function () {
  requestAnimationFrame(function () {
    // the canvas has its final size now (and with it the rows a column holds): arrange and
    // fit once more, so that what is drawn stays put
    if (state.focus) { arrange(); fitFocus(); } else network.fit({ animation: false });
    restyle();
    window.kg.ready = true;
    window.kg.readyAt = performance.now();
    document.body.dataset.ready = "true";
    var h = encodeState();
    if (location.hash.slice(1) !== h) { written = h; location.replace("#" + h); }
  });
});
