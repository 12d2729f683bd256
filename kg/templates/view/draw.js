// Drawing: colours, dimming, labels at a readable size; the counts; the language.
// One part of the page script: kg/render.py joins the parts of kg/templates/view/ in
// the order of VIEW_SCRIPTS inside one function, so they share its scope.
// ---- drawing: colours, dimming, labels at a readable size
var typeName = {};
data.legend.forEach(function (l) { typeName[l.type] = l.zh + " · " + l.en; });
// a tooltip is a plain string, which vis-network puts on screen as text
var nodes = new vis.DataSet(data.nodes.map(function (n) {
  var names = n.zh === n.en || !n.en ? n.zh : n.zh ? n.zh + " / " + n.en : n.en;
  return Object.assign({}, n, { hidden: !shownAtStart[n.id],
                                title: names + "\n" + (typeName[n.kind] || n.kind) + "\n" + n.curie });
}));
var edges = new vis.DataSet(data.edges.map(function (e) {
  return Object.assign({}, e, e.reading ? { dashes: [4, 4], color: { color: READING } } : {},
                       { hidden: e.reading || !shownAtStart[e.from] || !shownAtStart[e.to] });
}));
var network = null;
var drawn = {}, drawnEdges = {};   // the last style given to each node / edge
var shownNow = {}, edgeShown = {}; // what the DataSets say is drawn
data.nodes.forEach(function (n) { shownNow[n.id] = shownAtStart[n.id]; });
data.edges.forEach(function (e) { edgeShown[e.id] = !e.reading && shownAtStart[e.from] && shownAtStart[e.to]; });

function rgba(hex, a) {
  var v = parseInt(hex.slice(1), 16);
  return "rgba(" + (v >> 16) + "," + ((v >> 8) & 255) + "," + (v & 255) + "," + a + ")";
}

function labelled() {
  var pool = data.nodes.filter(function (n) { return !nodeHidden(n.id) && (!state.focus || focusSet[n.id]); });
  var rank = function (a, b) {
    var da = state.readings ? a.degree : a.stated, db = state.readings ? b.degree : b.stated;
    return db - da || (a.id < b.id ? -1 : 1);
  };
  var out = {};
  if (!state.focus) {
    var box = document.getElementById("graph");
    var many = Math.max(8, Math.min(OVERVIEW_LABELS, Math.round(box.clientWidth * box.clientHeight / 20000)));
    pool.sort(rank).slice(0, many).forEach(function (n) { out[n.id] = true; });
  } else if (pool.length <= FOCUS_LABELS) {
    pool.forEach(function (n) { out[n.id] = true; });
  } else {
    out[state.focus] = true;
    Object.keys(focusRing1).forEach(function (id) { out[id] = true; });
    pool.sort(rank).slice(0, Math.max(0, FOCUS_LABELS - Object.keys(out).length))
      .forEach(function (n) { out[n.id] = true; });
  }
  return out;
}

function nodeHidden(id) { return !onPage(id); }

// Styles go straight to the drawn nodes and edges (vis-network's setOptions): a DataSet
// update re-reads the whole graph each time, which a focus change cannot afford. Only a
// change of what is hidden goes through the DataSets.
function style(set, which, id, opts) {
  if (network) network.body[which][id].setOptions(opts);
  else set.push(Object.assign({ id: id }, opts));
}

function restyle() {
  var scale = network ? network.getScale() : 1;
  var size = Math.max(12, Math.ceil(LABEL_PX / scale * 10) / 10);
  var labels = labelled();
  var changes = [], hides = [];
  data.nodes.forEach(function (n) {
    var hidden = nodeHidden(n.id);
    if (shownNow[n.id] !== !hidden) { shownNow[n.id] = !hidden; hides.push({ id: n.id, hidden: hidden }); }
    var dim = !hidden && state.focus && !focusSet[n.id];
    var font = labels[n.id] ? size : 1;
    var lit = pathLit.nodes[n.id];
    var key = dim + "|" + font + "|" + lit;
    if (hidden || drawn[n.id] === key) return;
    drawn[n.id] = key;
    style(changes, "nodes", n.id, {
      borderWidth: lit ? 4 : 1,
      color: lit ? { background: n.color, border: "#d62728" }
        : dim ? { background: rgba(n.color, 0.15), border: rgba(n.color, 0.2) } : n.color,
      font: { size: font, color: dim ? "rgba(60,60,60,0.3)" : "#222" }
    });
  });
  var edgeSize = Math.max(10, Math.ceil(11 / scale * 10) / 10);
  var edgeChanges = [], edgeHides = [];
  data.edges.forEach(function (e) {
    var hidden = !usable(e) || nodeHidden(e.from) || nodeHidden(e.to);
    if (edgeShown[e.id] !== !hidden) { edgeShown[e.id] = !hidden; edgeHides.push({ id: e.id, hidden: hidden }); }
    var inFocus = state.focus && focusSet[e.from] && focusSet[e.to];
    var dim = state.focus && !inFocus;
    var lit = pathLit.edges[e.id];
    var named = lit || (state.focus && !narrow() && (e.from === state.focus || e.to === state.focus));
    var key = dim + "|" + (named ? edgeSize : 1) + "|" + lit;
    if (hidden || drawnEdges[e.id] === key) return;
    drawnEdges[e.id] = key;
    var base = e.reading ? READING : (state.focus ? STATED : GREY);
    style(edgeChanges, "edges", e.id, {
      width: lit ? 4 : e.reading ? 0.8 : (inFocus ? 1.2 : 0.8),
      color: { color: lit ? "#d62728" : dim ? FAINT : base, opacity: 1 },
      font: { size: named ? edgeSize : 1 }
    });
  });
  if (changes.length) nodes.update(changes);
  if (edgeChanges.length) edges.update(edgeChanges);
  if (hides.length) nodes.update(hides);
  if (edgeHides.length) edges.update(edgeHides);
  if (network) network.body.emitter.emit("_requestRedraw");   // drawn once, at the next frame
  counts();
}

// ---- counts: the subtitle and the legend say visible / total
function counts() {
  var vn = 0, ve = 0;
  var perType = {}, perKind = { stated: [0, 0], reading: [0, 0] };
  data.nodes.forEach(function (n) {
    var c = perType[n.kind] = perType[n.kind] || [0, 0];
    c[1]++;
    if (!nodeHidden(n.id)) { c[0]++; vn++; }
  });
  data.edges.forEach(function (e) {
    var k = perKind[e.reading ? "reading" : "stated"];
    k[1]++;
    if (usable(e) && !nodeHidden(e.from) && !nodeHidden(e.to)) { k[0]++; ve++; }
  });
  document.getElementById("counts").textContent =
    "实体 entities " + vn + " / " + data.nodes.length + " · 关系 relations " + ve + " / " + data.edges.length;
  document.querySelectorAll("#legend li").forEach(function (li) {
    var c = perType[li.dataset.type] || [0, 0];
    li.querySelector(".count").textContent = " (" + c[0] + " / " + c[1] + ")";
  });
  document.querySelectorAll("#edge-legend li").forEach(function (li) {
    var c = perKind[li.dataset.edges];
    li.querySelector(".count").textContent = " (" + c[0] + " / " + c[1] + ")";
  });
}

// ---- language
var labelsIn = data.lang;   // the language the drawn labels are in
function setLang(next, quiet) {
  state.lang = next;
  document.documentElement.lang = next;
  document.querySelectorAll("[data-zh]").forEach(function (el) {
    el.textContent = el.getAttribute("data-" + next);
  });
  document.getElementById("title-other").textContent = next === "zh" ? data.report.en : data.report.zh;
  if (labelsIn !== next) {
    labelsIn = next;
    nodes.update(data.nodes.map(function (n) { return { id: n.id, label: label(n) }; }));
    edges.update(data.edges.map(function (e) { return { id: e.id, label: t(e.zh, e.en) }; }));
  }
  buildLegend();
  if (state.focus) showCard(state.focus);
  showPath();
  if (!quiet) changed();
}
