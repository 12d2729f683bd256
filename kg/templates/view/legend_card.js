// The legend and its filters, and the card of the focused entity.
// One part of the page script: kg/render.py joins the parts of kg/templates/view/ in
// the order of VIEW_SCRIPTS inside one function, so they share its scope.
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
    s.className = swatch.line || ("swatch " + swatch.shape);
    if (swatch.color) s.style.background = swatch.color;
    lab.appendChild(s);
  }
  lab.appendChild(document.createTextNode(text));
  lab.appendChild(el("span", "", "count"));
  li.appendChild(lab);
  return li;
}

function buildLegend() {
  var legend = document.getElementById("legend");
  legend.replaceChildren();
  data.legend.forEach(function (l) {
    var li = checkbox(t(l.zh, l.en), !state.hide[l.type], function (on) {
      if (on) delete state.hide[l.type]; else state.hide[l.type] = true;
      filtersChanged();
    }, l);
    li.dataset.type = l.type;
    legend.appendChild(li);
  });
  var kinds = document.getElementById("edge-legend");
  kinds.replaceChildren();
  var stated = el("li");
  var lab = el("label");
  lab.appendChild(el("span", "", "solid"));
  lab.appendChild(document.createTextNode(t("报告陈述的关系", "Relations the report states")));
  lab.appendChild(el("span", "", "count"));
  stated.appendChild(lab);
  stated.dataset.edges = "stated";
  kinds.appendChild(stated);
  var reading = checkbox(t("编者解读（虚线）", "Curator's readings (dashed)"), state.readings,
                         function (on) { setReadings(on); }, { line: "dash" });
  reading.dataset.edges = "reading";
  kinds.appendChild(reading);
  var dims = document.getElementById("dimension-filter");
  dims.replaceChildren();
  Object.keys(data.dimensions).forEach(function (d) {
    var li = checkbox(t(data.dimensions[d].zh, data.dimensions[d].en), !state.nodim[d],
                      function (on) { if (on) delete state.nodim[d]; else state.nodim[d] = true; filtersChanged(); });
    li.dataset.dimension = d;
    dims.appendChild(li);
  });
  var none = checkbox(t("（未标注维度的项目）", "(programs with no dimension)"), !state.nodim[""],
                      function (on) { if (on) delete state.nodim[""]; else state.nodim[""] = true; filtersChanged(); });
  none.dataset.dimension = "";
  dims.appendChild(none);
  document.getElementById("dimension-box").hidden = !Object.keys(data.dimensions).length;
  document.getElementById("readings").checked = state.readings;
  document.getElementById("avoid-hubs").checked = state.hubs;
  counts();
}

function filtersChanged() {
  computeFocusSet();
  arrange();
  restyle();
  showPath();
  changed();
}

function setReadings(on, quiet) {
  state.readings = !!on;
  document.getElementById("readings").checked = state.readings;
  var box = document.querySelector('#edge-legend li[data-edges="reading"] input');
  if (box) box.checked = state.readings;
  computeFocusSet();
  arrange();
  restyle();
  if (state.focus) showCard(state.focus);
  if (!quiet) { showPath(); changed(); }
}

// ---- the card
function el(tag, text, cls) {
  var e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}
function pages(first, last) {
  return (!last || last === first) ? "p. " + first : "pp. " + first + "–" + last;
}
function link(id) {
  var a = el("a", label(byId[id]));
  a.href = "#" + encodeState({ focus: id, ring: 1 });
  a.dataset.id = id;
  a.addEventListener("click", function (ev) {
    ev.preventDefault();
    focus(id);
  });
  return a;
}

function relationGroups(id) {
  var groups = {}, order = [];
  incident[id].forEach(function (e) {
    var out = e.from === id;
    var other = out ? e.to : e.from;
    var key = (e.reading ? 1 : 0) + "|" + (out ? 0 : 1) + "|" + e.rel;
    if (!groups[key]) {
      groups[key] = { reading: e.reading, out: out, zh: e.rel_zh, en: e.rel_en, items: [] };
      order.push(key);
    }
    groups[key].items.push({ other: other, edge: e });
  });
  order.sort();
  return order.map(function (k) {
    var g = groups[k];
    g.items.sort(function (a, b) { return label(byId[a.other]).localeCompare(label(byId[b.other])); });
    return g;
  });
}

function showCard(id) {
  var n = byId[id];
  var c = cards[id] || { types: [], description: {}, figures: [], sources: [], aliases: [] };
  var box = document.getElementById("card");
  box.replaceChildren();
  box.appendChild(el("h3", label(n)));
  var other = state.lang === "zh" ? n.en : n.zh;
  if (other && other !== label(n)) box.appendChild(el("p", other, "other"));
  box.appendChild(el("p", c.types.map(function (x) { return t(x[0], x[1]); }).join(", "), "type"));
  box.appendChild(el("p", n.curie, "curie"));
  var desc = t(c.description.zh, c.description.en);
  if (desc) box.appendChild(el("p", desc, "description"));
  if (c.aliases.length) box.appendChild(el("p", t("别名：", "Aliases: ") + c.aliases.join(", ")));
  var actions = el("div", null, "actions");
  [["path-from-here", t("设为路径起点", "Path from here"), function () { setPath(id, state.path[1]); }],
   ["path-to-here", t("设为路径终点", "Path to here"), function () { setPath(state.path[0], id); }],
   ["expand", t("再展开一圈", "One more ring"), function () { if (state.focus !== id) focus(id); else expand(); }],
   ["collapse", t("收起一圈", "One ring less"), function () { collapse(); }]]
    .forEach(function (a) {
      var b = el("button", a[1]);
      b.type = "button";
      b.dataset.action = a[0];
      b.addEventListener("click", a[2]);
      actions.appendChild(b);
    });
  box.appendChild(actions);

  var groups = relationGroups(id);
  var total = groups.reduce(function (s, g) { return s + g.items.length; }, 0);
  box.appendChild(el("h4", t("关系", "Relations") + " (" + total + ")"));
  var rel = el("div", null, "relations");
  groups.forEach(function (g) {
    var title = (g.out ? "→ " : "← ") + t(g.zh, g.en) +
      (g.reading ? t("（编者解读）", " (curator's reading)") : "") + " (" + g.items.length + ")";
    var h = el("h5", title, g.reading ? "reading" : "");
    h.dataset.rel = g.items[0].edge.rel;
    rel.appendChild(h);
    var ul = el("ul");
    g.items.slice(0, 40).forEach(function (item) {
      var li = el("li");
      li.appendChild(link(item.other));
      var e = item.edge;
      if (e.role) li.appendChild(el("span", " [" + t(e.role_zh, e.role_en) + "]", "role"));
      var note = t(e.note_zh, e.note_en);
      if (note) li.appendChild(el("span", note, "note"));
      ul.appendChild(li);
    });
    if (g.items.length > 40) ul.appendChild(el("li", t("… 另有 ", "… and ") + (g.items.length - 40) + t(" 项", " more"), "more"));
    rel.appendChild(ul);
  });
  box.appendChild(rel);

  if (c.figures.length) {
    box.appendChild(el("h4", t("数据", "Figures") + " (" + c.figures.length + ")"));
    var ul = el("ul", null, "figures");
    c.figures.forEach(function (f) {
      var li = el("li");
      var qualifier = t(f[5], f[6]);
      li.appendChild(document.createTextNode(
        t(f[0], f[1]) + ": " + (qualifier ? qualifier + " " : "") + f[2] + " " + t(f[3], f[4]) +
        (f[7] ? " (" + (/^\d{4}(-\d\d){0,2}$/.test(f[7]) ? t("截至 ", "as of ") : "") + f[7] + ")" : "") + " "));
      if (f[8].length) li.appendChild(el("span", f[8].map(function (p) { return "p. " + p; }).join(", "), "pages"));
      (f[9] || []).forEach(function (s) {
        var src = el("span", t(s[0], s[1]) + " ", "src");
        src.appendChild(el("span", pages(s[2], s[3]), "pages"));
        li.appendChild(src);
      });
      ul.appendChild(li);
    });
    box.appendChild(ul);
  }
  box.appendChild(el("h4", t("来源", "Sources") + " (" + c.sources.length + ")"));
  var srcs = el("ul", null, "sources");
  c.sources.forEach(function (s) {
    var li = el("li", t(s[0], s[1]) + " ");
    li.appendChild(el("span", pages(s[2], s[3]), "pages"));
    srcs.appendChild(li);
  });
  box.appendChild(srcs);
  box.hidden = false;
  document.getElementById("side").scrollTop = 0;
  document.getElementById("panel-toggle").textContent = label(n) + " ▴";
}
