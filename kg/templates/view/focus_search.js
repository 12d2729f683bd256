// Focus and rings (expand, collapse), and search.
// One part of the page script: kg/render.py joins the parts of kg/templates/view/ in
// the order of VIEW_SCRIPTS inside one function, so they share its scope.
// ---- focus and rings
// In focus, the entity stays where the overview has it and its rings are laid out around it
// in columns, ring 1 nearest, each ring's members grouped by the relation that links them
// (so labels never pile up on each other); the rest keeps its place, dimmed. Leaving the
// focus puts every node back (the overview's layout is kg/look.py's, as in the exports).
var LABEL_ROOM = 24, COLUMN_STEP = 260;  // canvas units under a node; screen px between columns
var moved = {};                          // id -> [x, y] before the focus moved it
function restoreLayout() {
  if (!network) return;
  Object.keys(moved).forEach(function (id) { network.moveNode(id, moved[id][0], moved[id][1]); });
  moved = {};
}
function relationOf(id, towards) {
  var rel = "~";
  incident[id].forEach(function (e) {
    if (usable(e) && (e.from === towards || e.to === towards) && e.rel < rel) rel = e.rel;
  });
  return rel;
}
function arrange() {
  restoreLayout();
  if (!network || !state.focus) return;
  var home = network.getPositions([state.focus])[state.focus];
  var rings = [[state.focus]], seen = {};
  seen[state.focus] = true;
  for (var k = 0; k < state.ring; k++) {
    var next = [];
    rings[k].forEach(function (id) {
      incident[id].forEach(function (e) {
        var m = e.from === id ? e.to : e.from;
        if (!focusSet[m] || seen[m] || nodeHidden(m)) return;
        seen[m] = true;
        next.push([relationOf(m, id), rings[k].indexOf(id), label(byId[m]), m]);
      });
    });
    if (!next.length) break;
    next.sort(function (a, b) { return a[1] - b[1] || cmp(a[0], b[0]) || cmp(a[2], b[2]); });
    rings.push(next.map(function (x) { return x[3]; }));
  }
  // rows of at most perColumn, columns on both sides, ring after ring outwards; the columns
  // stand far enough apart on screen (at the scale the fit will reach) for their labels
  var box = document.getElementById("graph"), H = box.clientHeight, W = box.clientWidth;
  var perColumn = Math.max(6, Math.floor(H / 26));
  var plans = rings.slice(1).map(function (ring) {
    var gap = LABEL_ROOM + 2 * Math.max.apply(null, ring.map(function (id) { return byId[id].size || 10; }));
    var columns = Math.max(2, 2 * Math.ceil(ring.length / (2 * perColumn)));
    return { ring: ring, gap: gap, columns: columns, rows: Math.ceil(ring.length / columns) };
  });
  var tallest = Math.max.apply(null, plans.map(function (p) { return p.rows * p.gap; }));
  var sides = plans.reduce(function (n, p) { return n + p.columns / 2; }, 0);
  var scale = Math.min(2.5, 0.8 * H / (tallest + 40));
  var stepPx = Math.min(narrow() ? 150 : COLUMN_STEP, Math.max(90, (0.9 * W - 150) / (2 * sides)));
  var step = stepPx / scale, before = 0;
  var start = network.getPositions(Object.keys(seen));
  plans.forEach(function (p) {
    p.ring.forEach(function (id, i) {
      var c = Math.floor(i / p.rows), row = i % p.rows;   // left columns first, then right
      var side = c < p.columns / 2 ? -1 : 1;
      var out = side < 0 ? p.columns / 2 - c : c - p.columns / 2 + 1;
      var x = home.x + side * step * (before + out);
      var y = home.y + (row - (Math.min(p.rows, p.ring.length - c * p.rows) - 1) / 2) * p.gap;
      moved[id] = [start[id].x, start[id].y];
      network.moveNode(id, x, y);
    });
    before += p.columns / 2;
  });
}
var fitLater = null;
function fitFocus() {
  if (!network) return;
  var ids = Object.keys(focusSet).filter(function (id) { return !nodeHidden(id); });
  network.fit({ nodes: ids, animation: false, minZoomLevel: 0.02, maxZoomLevel: 2.5 });
  // room for the labels at the edges of the fitted set
  network.moveTo({ scale: network.getScale() * (narrow() ? 0.8 : 0.9), animation: false });
}
function narrow() { return document.getElementById("graph").clientWidth < 600; }

function focus(id, ring, quiet, later) {
  if (!byId[id]) return;
  var again = state.focus === id;
  clearTimeout(fitLater);
  state.focus = id;
  if (ring) state.ring = ring; else if (!again) state.ring = 1;
  if (state.hide[byId[id].kind]) { delete state.hide[byId[id].kind]; buildLegend(); }
  computeFocusSet();
  arrange();
  restyle();
  if (network) {
    network.selectNodes([id]);
    // a click fits the view a moment later, so that the second click of a double-click
    // lands where the first did; clicking the focus again leaves the view alone
    if (later) { if (!again) fitLater = setTimeout(function () { fitFocus(); restyle(); }, 350); }
    else { fitFocus(); restyle(); }
  }
  showCard(id);
  window.kg.focused = id;
  if (!quiet) changed();
}

function unfocus(quiet) {
  state.focus = null;
  state.ring = 1;
  computeFocusSet();
  restoreLayout();
  restyle();
  if (network) { network.unselectAll(); network.fit({ animation: false }); restyle(); }
  document.getElementById("card").hidden = true;
  document.getElementById("panel-toggle").textContent = t("面板", "Panel");
  window.kg.focused = null;
  if (!quiet) changed();
}

// one more ring around the focus: it only adds nodes
function expand() {
  if (!state.focus) return;
  state.ring += 1;
  computeFocusSet();
  arrange();
  restyle();
  fitFocus();
  restyle();
  changed();
}

// one ring less; at the last ring the neighbours brought in from outside the selection go
function collapse() {
  if (!state.focus) return;
  state.ring = Math.max(0, state.ring - 1);
  revealed = {};
  computeFocusSet();
  arrange();
  restyle();
  fitFocus();
  restyle();
  changed();
}

// ---- search: zh, en, aliases, pinyin; exact, then prefix, then substring
function norm(s) { return String(s).toLowerCase().replace(/\s+/g, ""); }
function search(text) {
  var q = norm(text);
  if (!q) return [];
  var hits = [];
  data.nodes.forEach(function (n) {
    var best = 0;
    n.search.forEach(function (s) {
      var v = norm(s);
      var score = v === q ? 3 : v.indexOf(q) === 0 ? 2 : v.indexOf(q) >= 0 ? 1 : 0;
      if (score) score += q.length / v.length;
      if (score > best) best = score;
    });
    if (best) hits.push([best, n]);
  });
  hits.sort(function (a, b) { return b[0] - a[0] || label(a[1]).length - label(b[1]).length; });
  return hits.slice(0, 20).map(function (h) { return h[1]; });
}

var results = document.getElementById("search-results");
document.getElementById("search-form").addEventListener("submit", function (ev) {
  ev.preventDefault();
  var hits = search(document.getElementById("search").value);
  results.replaceChildren();
  if (!hits.length) {
    results.appendChild(el("li", t("没有匹配的实体", "No entity matches")));
    results.hidden = false;
    return;
  }
  focus(hits[0].id);
  if (hits.length > 1) {
    hits.forEach(function (n) {
      var li = el("li", label(n) + " · " + n.curie);
      li.dataset.id = n.id;
      li.addEventListener("click", function () { focus(n.id); results.hidden = true; });
      results.appendChild(li);
    });
    results.hidden = false;
  } else {
    results.hidden = true;
  }
});
document.addEventListener("click", function (ev) {
  if (!results.contains(ev.target) && ev.target.id !== "search-go") results.hidden = true;
});
