// Paths between two entities over the links the report states.
// One part of the page script: kg/render.py joins the parts of kg/templates/view/ in
// the order of VIEW_SCRIPTS inside one function, so they share its scope.
// ---- paths: the cheapest chain over drawn links the report states, as `kg path
// --no-readings` ranks them (kg/path_rank.py): each hop costs 1, each entity inside the chain
// adds the log of its number of stated neighbours (`stated`), so hubs cost more. "Fewest
// steps" is the plain breadth-first chain; "avoid hubs" leaves out nodes with HUB links.
var pathLit = { nodes: {}, edges: {} };
state.plain = false;
function pathOk(a, b) {
  return function (id) {
    return !nodeHidden(id) && (id === a || id === b || !state.hubs || byId[id].stated < HUB);
  };
}
function shortestPath(a, b) {
  var ok = pathOk(a, b);
  var prev = {};
  prev[a] = null;
  var queue = [a];
  while (queue.length) {
    var u = queue.shift();
    if (u === b) break;
    incident[u].forEach(function (e) {
      if (e.reading) return;
      var m = e.from === u ? e.to : e.from;
      if (m in prev || !ok(m)) return;
      prev[m] = u;
      queue.push(m);
    });
  }
  if (!(b in prev)) return null;
  var path = [b];
  for (var v = b; prev[v] !== null; v = prev[v]) path.unshift(prev[v]);
  return path;
}

// the hub penalty of an entity: the log of its number of stated neighbours
function penalty(id) { var d = byId[id].stated; return d > 0 ? Math.log(d) : 0; }
var TIE = 1e-9;  // costs this close are equal (kg/path_rank.py rounds to 9 decimals)
// ties as kg.netx orders them: fewer hops, then each node's English label, then its IRI
function nodeKey(id) { return [(byId[id].en || "").toLowerCase(), id]; }
function better(x, y) {
  if (!y) return true;
  if (Math.abs(x.cost - y.cost) >= TIE) return x.cost < y.cost;
  if (x.path.length !== y.path.length) return x.path.length < y.path.length;
  for (var i = 0; i < x.path.length; i++) {
    var p = nodeKey(x.path[i]), q = nodeKey(y.path[i]);
    if (p[0] !== q[0]) return p[0] < q[0];
    if (p[1] !== q[1]) return p[1] < q[1];
  }
  return false;
}
// Dijkstra from a; a node's best chain is kept whole, so ties compare as in kg path
function cheapestPath(a, b) {
  var ok = pathOk(a, b);
  var best = {}, done = {};
  best[a] = { cost: 0, path: [a] };
  for (;;) {
    var u = null;
    Object.keys(best).forEach(function (id) {
      if (!done[id] && (u === null || better(best[id], best[u]))) u = id;
    });
    if (u === null) return null;
    if (u === b) return best[b];
    done[u] = true;
    incident[u].forEach(function (e) {
      if (e.reading) return;
      var m = e.from === u ? e.to : e.from;
      if (done[m] || m === u || !ok(m)) return;
      var next = { cost: best[u].cost + 1 + (m === b ? 0 : penalty(m)),
                   path: best[u].path.concat([m]) };
      if (better(next, best[m])) best[m] = next;
    });
  }
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
  var cost = document.getElementById("path-cost");
  cost.textContent = "";
  pathLit = { nodes: {}, edges: {} };
  window.kg.path = null;
  if (ends[0] && ends[1]) {
    var found = state.plain ? { path: shortestPath(ends[0], ends[1]), cost: null }
      : cheapestPath(ends[0], ends[1]);
    var p = found && found.path;
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
      cost.textContent = (p.length - 1) + t(" 步", p.length === 2 ? " hop" : " hops") +
        (found.cost === null ? "" : t("，代价 ", ", cost ") + found.cost.toFixed(2));
      window.kg.path = { nodes: p, edges: lit, cost: found.cost };
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

// "fewest steps": the plain shortest chain, as `kg path --plain`; made here, beside "avoid hubs"
(function () {
  var box = document.createElement("p"), lab = document.createElement("label");
  var box2 = document.createElement("input"), text = document.createElement("span");
  box2.type = "checkbox";
  box2.id = "plain-path";
  text.setAttribute("data-zh", "只求最少步数（不避枢纽）");
  text.setAttribute("data-en", "Fewest steps (hubs or not)");
  text.textContent = t("只求最少步数（不避枢纽）", "Fewest steps (hubs or not)");
  lab.appendChild(box2);
  lab.appendChild(document.createTextNode(" "));
  lab.appendChild(text);
  box.appendChild(lab);
  var hubs = document.getElementById("avoid-hubs").closest("p");
  hubs.parentNode.insertBefore(box, hubs.nextSibling);
  var cost = document.createElement("p");
  cost.id = "path-cost";
  var result = document.getElementById("path-result");
  result.parentNode.insertBefore(cost, result.nextSibling);
  box2.addEventListener("change", function (ev) {
    state.plain = ev.target.checked;
    showPath();
  });
})();
