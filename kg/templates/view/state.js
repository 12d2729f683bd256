// The page's data, indexes and the state the URL hash holds; what is on the page.
// One part of the page script: kg/render.py joins the parts of kg/templates/view/ in
// the order of VIEW_SCRIPTS inside one function, so they share its scope.
var data = JSON.parse(document.getElementById("kg-data").textContent);
var cards = data.cards;
var byId = {}, byCurie = {}, incident = {};
data.nodes.forEach(function (n) { byId[n.id] = n; byCurie[n.curie] = n.id; incident[n.id] = []; });
data.edges.forEach(function (e) {
  incident[e.from].push(e);
  if (e.to !== e.from) incident[e.to].push(e);
});
var LABEL_PX = 13;        // on-screen size of the labels we show (the tests ask >= 12)
var OVERVIEW_LABELS = 30; // the overview labels at most this many nodes, the most linked
                          // ones (fewer on a small screen: one per 20,000 px²)
var FOCUS_LABELS = 80;    // beyond this many in focus, label the focus, its ring and the hubs
var HUB = 20;             // "avoid hubs": no path through a node with this many stated links
var READING = data.edgeStyle.reading, GREY = data.edgeStyle.stated;  // kg/look.py EDGE
var STATED = "#8a8a8a", FAINT = "rgba(184,184,184,0.18)";  // in focus: darker; dimmed: faint

// ---- the state that the URL hash holds
var state = {
  lang: data.lang, focus: null, ring: 1, readings: false, hide: {}, nodim: {},
  path: [null, null], hubs: false
};
var shownAtStart = {};
data.nodes.forEach(function (n) { shownAtStart[n.id] = !n.frontier; });
var revealed = {};        // frontier nodes brought onto the page by a focus or a ring

function t(zh, en) { return state.lang === "zh" ? (zh || en) : (en || zh); }
function label(n) { return t(n.zh, n.en); }

// ---- what is on the page
function passes(n) {
  if (state.hide[n.kind]) return false;
  if (n.kind === "program") {
    var dims = n.dims.length ? n.dims : [""];
    return dims.some(function (d) { return !state.nodim[d]; });
  }
  return true;
}
function usable(e) { return state.readings || !e.reading; }
function onPage(id) {
  return (shownAtStart[id] || revealed[id] || id === state.focus) && passes(byId[id]);
}

// the focused node and its rings, over the links that are drawn
var focusSet = {}, focusRing1 = {};
function computeFocusSet() {
  focusSet = {};
  focusRing1 = {};
  if (!state.focus) return;
  focusSet[state.focus] = true;
  var ring = [state.focus];
  for (var k = 0; k < state.ring && ring.length; k++) {
    var next = [];
    ring.forEach(function (id) {
      incident[id].forEach(function (e) {
        if (!usable(e)) return;
        var m = e.from === id ? e.to : e.from;
        if (focusSet[m] || !passes(byId[m])) return;
        focusSet[m] = true;
        if (k === 0) focusRing1[m] = true;
        next.push(m);
      });
    });
    ring = next;
  }
  Object.keys(focusSet).forEach(function (id) { if (!shownAtStart[id]) revealed[id] = true; });
}
