// csr-kg page: the graph, its legend and filters, search, cards, expand/collapse and paths.
// Everything from the data is put on screen with textContent, never as markup.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var lang = data.lang;
  var cards = data.cards;
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var network = new vis.Network(document.getElementById("graph"),
                                { nodes: nodes, edges: edges }, data.options);

  // ---- visibility: class filter, dimension filter, expanded/collapsed nodes
  var classOn = {};
  data.legend.forEach(function (l) { classOn[l.type] = true; });
  var dimOn = { "": true };
  Object.keys(data.dimensions).forEach(function (d) { dimOn[d] = true; });
  var shown = {};  // node id -> shown by selection/expansion
  data.nodes.forEach(function (n) { shown[n.id] = !n.frontier; });

  function neighbours(id) {
    var out = {};
    edges.get({ filter: function (e) { return e.from === id || e.to === id; } })
      .forEach(function (e) { out[e.from === id ? e.to : e.from] = true; });
    delete out[id];
    return Object.keys(out);
  }

  function visible(n) {
    if (!shown[n.id] || !classOn[n.kind]) return false;
    if (n.kind === "program") {
      var dims = n.dims.length ? n.dims : [""];
      return dims.some(function (d) { return dimOn[d]; });
    }
    return true;
  }

  function refresh() {
    var changes = [];
    data.nodes.forEach(function (n) {
      var hidden = !visible(n);
      if (nodes.get(n.id).hidden !== hidden) changes.push({ id: n.id, hidden: hidden });
    });
    if (changes.length) nodes.update(changes);
    var count = nodes.get({ filter: function (n) { return !n.hidden; } }).length;
    document.getElementById("counts").textContent = count + " / " + edges.length;
  }

  // ---- text in two languages
  function t(zh, en) { return lang === "zh" ? (zh || en) : (en || zh); }
  function label(n) { return t(n.zh, n.en); }

  function setLang(next) {
    lang = next;
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-zh]").forEach(function (el) {
      el.textContent = el.getAttribute("data-" + lang);
    });
    nodes.update(data.nodes.map(function (n) { return { id: n.id, label: label(n) }; }));
    edges.update(data.edges.map(function (e) { return { id: e.id, label: t(e.zh, e.en) }; }));
    buildLegend();
    if (current) showCard(current);
    showPath();
  }

  // ---- legend and filters
  function checkbox(text, checked, onchange, swatch) {
    var li = document.createElement("li");
    var lab = document.createElement("label");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.checked = checked;
    box.addEventListener("change", function () { onchange(box.checked); });
    lab.appendChild(box);
    if (swatch) {
      var s = document.createElement("span");
      s.className = "swatch " + swatch.shape;
      s.style.background = swatch.color;
      lab.appendChild(s);
    }
    lab.appendChild(document.createTextNode(text));
    li.appendChild(lab);
    return li;
  }

  function buildLegend() {
    var legend = document.getElementById("legend");
    legend.replaceChildren();
    data.legend.forEach(function (l) {
      var count = data.nodes.filter(function (n) { return n.kind === l.type; }).length;
      var li = checkbox(t(l.zh, l.en) + " (" + count + ")", classOn[l.type], function (on) {
        classOn[l.type] = on;
        refresh();
      }, l);
      li.dataset.type = l.type;
      legend.appendChild(li);
    });
    var dims = document.getElementById("dimension-filter");
    dims.replaceChildren();
    Object.keys(data.dimensions).forEach(function (d) {
      var li = checkbox(t(data.dimensions[d].zh, data.dimensions[d].en), dimOn[d],
                        function (on) { dimOn[d] = on; refresh(); });
      li.dataset.dimension = d;
      dims.appendChild(li);
    });
    dims.appendChild(checkbox(t("（未标注维度的项目）", "(programs with no dimension)"), dimOn[""],
                              function (on) { dimOn[""] = on; refresh(); }));
    document.getElementById("dimension-box").hidden = !Object.keys(data.dimensions).length;
  }

  // ---- the card
  var current = null;
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function pages(first, last) {
    return (!last || last === first) ? "p. " + first : "pp. " + first + "–" + last;
  }

  function showCard(id) {
    current = id;
    var n = byId[id];
    var c = cards[id] || { types: [], description: {}, figures: [], sources: [], aliases: [] };
    var box = document.getElementById("card");
    box.replaceChildren();
    box.appendChild(el("h3", label(n)));
    var other = lang === "zh" ? n.en : n.zh;
    if (other && other !== label(n)) box.appendChild(el("p", other, "other"));
    box.appendChild(el("p", c.types.map(function (x) { return t(x[0], x[1]); }).join(", "),
                       "type"));
    box.appendChild(el("p", n.curie, "curie"));
    var desc = t(c.description.zh, c.description.en);
    if (desc) box.appendChild(el("p", desc, "description"));
    if (c.aliases.length) box.appendChild(el("p", t("别名：", "Aliases: ") + c.aliases.join(", ")));
    if (c.figures.length) {
      box.appendChild(el("h4", t("数据", "Figures") + " (" + c.figures.length + ")"));
      var ul = el("ul");
      c.figures.forEach(function (f) {
        var li = el("li");
        var qualifier = t(f[5], f[6]);
        li.appendChild(document.createTextNode(
          t(f[0], f[1]) + ": " + (qualifier ? qualifier + " " : "") + f[2] + " " + t(f[3], f[4]) +
          (f[7] ? " (" + (/^\d{4}(-\d\d){0,2}$/.test(f[7]) ? t("截至 ", "as of ") : "") + f[7] + ")" : "") + " "));
        if (f[8].length) li.appendChild(el("span", f[8].map(function (p) { return "p. " + p; }).join(", "), "pages"));
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }
    box.appendChild(el("h4", t("来源", "Sources") + " (" + c.sources.length + ")"));
    var src = el("ul", null, "sources");
    c.sources.forEach(function (s) {
      var li = el("li", t(s[0], s[1]) + " ");
      li.appendChild(el("span", pages(s[2], s[3]), "pages"));
      src.appendChild(li);
    });
    box.appendChild(src);
    var actions = el("div", null, "actions");
    [["path-from-here", t("设为路径起点", "Path from here"), function () { pathEnds[0] = id; showPath(); }],
     ["path-to-here", t("设为路径终点", "Path to here"), function () { pathEnds[1] = id; showPath(); }],
     ["toggle", t("展开/收起邻居", "Expand/collapse"), function () { toggle(id); }]]
      .forEach(function (a) {
        var b = el("button", a[1]);
        b.type = "button";
        b.dataset.action = a[0];
        b.addEventListener("click", a[2]);
        actions.appendChild(b);
      });
    box.appendChild(actions);
    box.hidden = false;
  }

  // ---- expand / collapse on double-click
  function toggle(id) {
    var around = neighbours(id);
    var hiddenOnes = around.filter(function (m) { return !shown[m]; });
    if (hiddenOnes.length) {
      hiddenOnes.forEach(function (m) { shown[m] = true; });
    } else {
      // collapse: hide the neighbours that only this node holds on the page
      around.forEach(function (m) {
        var others = neighbours(m).filter(function (k) { return k !== id && shown[k]; });
        if (!others.length) shown[m] = false;
      });
    }
    refresh();
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

  function focus(id) {
    if (!shown[id] || !classOn[byId[id].kind]) {
      shown[id] = true;
      classOn[byId[id].kind] = true;
      buildLegend();
    }
    refresh();
    network.selectNodes([id]);
    network.focus(id, { scale: 1.0, animation: false });
    showCard(id);
    window.kg.focused = id;
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

  // ---- the path between two chosen nodes (breadth-first, over what is visible)
  var pathEnds = [null, null];
  var lit = { nodes: [], edges: [] };
  function shortestPath(a, b) {
    var prev = {};
    prev[a] = null;
    var queue = [a];
    var visibleEdges = edges.get().filter(function (e) {
      return !nodes.get(e.from).hidden && !nodes.get(e.to).hidden;
    });
    var adj = {};
    visibleEdges.forEach(function (e) {
      (adj[e.from] = adj[e.from] || []).push([e.to, e.id]);
      (adj[e.to] = adj[e.to] || []).push([e.from, e.id]);
    });
    while (queue.length) {
      var u = queue.shift();
      if (u === b) break;
      (adj[u] || []).forEach(function (pair) {
        if (!(pair[0] in prev)) { prev[pair[0]] = [u, pair[1]]; queue.push(pair[0]); }
      });
    }
    if (!(b in prev)) return null;
    var path = { nodes: [b], edges: [] };
    for (var v = b; prev[v]; v = prev[v][0]) {
      path.edges.unshift(prev[v][1]);
      path.nodes.unshift(prev[v][0]);
    }
    return path;
  }

  function clearHighlight() {
    if (lit.nodes.length) nodes.update(lit.nodes.map(function (id) { return { id: id, borderWidth: 1, color: byId[id].color }; }));
    if (lit.edges.length) edges.update(lit.edges.map(function (id) { return { id: id, width: 0.8, color: { color: "#b8b8b8" } }; }));
    lit = { nodes: [], edges: [] };
    window.kg.path = null;
  }

  function showPath() {
    document.getElementById("path-from").textContent = pathEnds[0] ? label(byId[pathEnds[0]]) : "—";
    document.getElementById("path-to").textContent = pathEnds[1] ? label(byId[pathEnds[1]]) : "—";
    var result = document.getElementById("path-result");
    clearHighlight();
    result.textContent = "";
    if (!pathEnds[0] || !pathEnds[1]) return;
    var p = shortestPath(pathEnds[0], pathEnds[1]);
    if (!p) { result.textContent = t("可见部分中两者之间没有路径", "No path between them among the visible nodes"); return; }
    lit = { nodes: p.nodes, edges: p.edges };
    nodes.update(p.nodes.map(function (id) { return { id: id, borderWidth: 4, color: { background: byId[id].color, border: "#d62728" } }; }));
    edges.update(p.edges.map(function (id) { return { id: id, width: 4, color: { color: "#d62728" } }; }));
    result.textContent = p.nodes.map(function (id) { return label(byId[id]); }).join(" — ");
    window.kg.path = p;
  }

  document.getElementById("path-clear").addEventListener("click", function () {
    pathEnds = [null, null];
    showPath();
  });

  // ---- events
  network.on("click", function (params) {
    if (params.nodes.length) showCard(params.nodes[0]);
  });
  network.on("doubleClick", function (params) {
    if (params.nodes.length) toggle(params.nodes[0]);
  });
  document.getElementById("lang-switch").addEventListener("click", function () {
    setLang(lang === "zh" ? "en" : "zh");
  });
  document.getElementById("fit").addEventListener("click", function () { network.fit(); });

  window.kg = {
    network: network, nodes: nodes, edges: edges, search: search, focus: focus,
    showCard: showCard, toggle: toggle, setLang: setLang, ready: false, path: null,
    setPath: function (a, b) { pathEnds = [a, b]; showPath(); },
    visibleCount: function () { return nodes.get({ filter: function (n) { return !n.hidden; } }).length; }
  };
  buildLegend();
  setLang(lang);
  network.once("afterDrawing", function () {
    requestAnimationFrame(function () {
      window.kg.ready = true;
      window.kg.readyAt = performance.now();
      document.body.dataset.ready = "true";
    });
  });
})();
