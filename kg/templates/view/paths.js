// Paths between two entities over the links the report states.
// One part of the page script: kg/render.py joins the parts of kg/templates/view/ in
// the order of VIEW_SCRIPTS inside one function, so they share its scope.
// ---- paths: breadth-first over drawn links the report states, hubs avoided on request
var pathLit = { nodes: {}, edges: {} };
function shortestPath(a, b) {
  var ok = function (id) { return id === a || id === b || !state.hubs || byId[id].stated < HUB; };
  var prev = {};
  prev[a] = null;
  var queue = [a];
  while (queue.length) {
    var u = queue.shift();
    if (u === b) break;
    incident[u].forEach(function (e) {
      if (e.reading) return;
      var m = e.from === u ? e.to : e.from;
      if (m in prev || nodeHidden(m) || !ok(m)) return;
      prev[m] = u;
      queue.push(m);
    });
  }
  if (!(b in prev)) return null;
  var path = [b];
  for (var v = b; prev[v] !== null; v = prev[v]) path.unshift(prev[v]);
  return path;
}

// every stated link of a hop, forward ones first, as `kg path` writes them
function hopLinks(u, v) {
  var links = incident[u].filter(function (e) {
    return !e.reading && ((e.from === u && e.to === v) || (e.from === v && e.to === u));
  }).map(function (e) { return { e: e, fwd: e.from === u }; });
  links.sort(function (x, y) {
    return (x.fwd === y.fwd ? 0 : x.fwd ? -1 : 1) || cmp(x.e.rel, y.e.rel) ||
      cmp(x.e.role || "", y.e.role || "");
  });
  return links;
}
function cmp(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

function describe(p) {
  var sep = state.lang === "zh" ? "｜" : " | ";
  var parts = [label(byId[p[0]])];
  for (var i = 1; i < p.length; i++) {
    var links = hopLinks(p[i - 1], p[i]);
    var fwd = links.filter(function (k) { return k.fwd; }).map(function (k) { return t(k.e.zh, k.e.en); });
    var bwd = links.filter(function (k) { return !k.fwd; }).map(function (k) { return t(k.e.zh, k.e.en); });
    var arrows = (fwd.length ? ["—[" + fwd.join(sep) + "]→"] : []).concat(
      bwd.length ? ["←[" + bwd.join(sep) + "]—"] : []);
    parts.push(arrows.join("/"), label(byId[p[i]]));
  }
  return parts.join(" ");
}

function setPath(a, b, quiet) {
  state.path = [a || null, b || null];
  showPath();
  if (!quiet) changed();
}

function showPath() {
  var ends = state.path;
  document.getElementById("path-from").textContent = ends[0] ? label(byId[ends[0]]) : "—";
  document.getElementById("path-to").textContent = ends[1] ? label(byId[ends[1]]) : "—";
  var result = document.getElementById("path-result");
  result.textContent = "";
  pathLit = { nodes: {}, edges: {} };
  window.kg.path = null;
  if (ends[0] && ends[1]) {
    var p = shortestPath(ends[0], ends[1]);
    if (!p) {
      result.textContent = t("可见部分中两者之间没有报告陈述的路径",
                             "No path the report states between them among the visible nodes");
    } else {
      var lit = [];
      p.forEach(function (id) { pathLit.nodes[id] = true; });
      for (var i = 1; i < p.length; i++) {
        hopLinks(p[i - 1], p[i]).forEach(function (k) { pathLit.edges[k.e.id] = true; lit.push(k.e.id); });
      }
      result.textContent = describe(p);
      window.kg.path = { nodes: p, edges: lit };
    }
  }
  restyle();
}

document.getElementById("path-clear").addEventListener("click", function () { setPath(null, null); });
document.getElementById("avoid-hubs").addEventListener("change", function (ev) {
  state.hubs = ev.target.checked;
  showPath();
  changed();
});
