// The view's state in the URL hash, and downloads of what is visible.
// One part of the page script: kg/render.py joins the parts of kg/templates/view/ in
// the order of VIEW_SCRIPTS inside one function, so they share its scope.
// ---- the URL hash: focus, ring, language, readings, filters, path
function encodeState(over) {
  var s = Object.assign({}, state, over || {});
  var enc = function (v) { return encodeURIComponent(v).replace(/%3A/g, ":").replace(/%2C/g, ",").replace(/%7E/g, "~"); };
  var parts = [];
  if (s.focus) parts.push("focus=" + enc(byId[s.focus].curie));
  if (s.focus && s.ring !== 1) parts.push("ring=" + s.ring);
  parts.push("lang=" + s.lang);
  parts.push("readings=" + (s.readings ? 1 : 0));
  var hide = Object.keys(s.hide).sort();
  if (hide.length) parts.push("hide=" + enc(hide.join(",")));
  var nodim = Object.keys(s.nodim).sort().map(function (d) { return d || "none"; });
  if (nodim.length) parts.push("nodim=" + enc(nodim.join(",")));
  if (s.path[0] || s.path[1]) {
    parts.push("path=" + enc((s.path[0] ? byId[s.path[0]].curie : "") + "~" +
                             (s.path[1] ? byId[s.path[1]].curie : "")));
  }
  if (s.hubs) parts.push("hubs=1");
  return parts.join("&");
}

var written = null;
function changed() {
  if (!window.kg || !window.kg.ready) return;
  var h = encodeState();
  if (location.hash.slice(1) === h) return;
  written = h;
  location.hash = h;
}

function parseHash(text) {
  var out = {};
  text.replace(/^#/, "").split("&").forEach(function (kv) {
    if (!kv) return;
    var i = kv.indexOf("=");
    var k = i < 0 ? kv : kv.slice(0, i), v = i < 0 ? "" : kv.slice(i + 1);
    try { out[k] = decodeURIComponent(v); } catch (e) { out[k] = v; }
  });
  return out;
}
function resolve(name) {
  if (!name) return null;
  return byCurie[name] || (byId[name] ? name : null);
}

function applyHash(text) {
  var h = parseHash(text);
  var lang = h.lang === "en" || h.lang === "zh" ? h.lang : state.lang;
  state.hide = {};
  (h.hide || "").split(",").forEach(function (x) { if (x) state.hide[x] = true; });
  state.nodim = {};
  (h.nodim || "").split(",").forEach(function (x) { if (x) state.nodim[x === "none" ? "" : x] = true; });
  state.hubs = h.hubs === "1";
  state.readings = h.readings === "1";
  var ends = (h.path || "").split("~");
  state.path = [resolve(ends[0]), resolve(ends[1])];
  setLang(lang, true);
  setReadings(state.readings, true);
  var f = resolve(h.focus);
  var ring = parseInt(h.ring, 10);
  if (f) focus(f, isNaN(ring) || ring < 0 ? 1 : Math.min(ring, 9), true);
  else if (state.focus) unfocus(true);
  else { computeFocusSet(); restyle(); }
  showPath();
}

window.addEventListener("hashchange", function () {
  var h = location.hash.slice(1);
  if (h === written || h === encodeState()) return;
  applyHash(h);
});

// ---- downloads of what is visible: PNG of the canvas, CSV and JSON of nodes and edges
function save(blob, name) {
  var a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(function () { URL.revokeObjectURL(a.href); }, 5000);
}
function visibleData() {
  var vn = data.nodes.filter(function (n) { return !nodeHidden(n.id); });
  var ve = data.edges.filter(function (e) { return usable(e) && !nodeHidden(e.from) && !nodeHidden(e.to); });
  return {
    nodes: vn.map(function (n) {
      return { id: n.id, curie: n.curie, zh: n.zh, en: n.en, type: n.kind,
               focused: !!focusSet[n.id], x: n.x, y: n.y };
    }),
    edges: ve.map(function (e) {
      return { id: e.id, source: e.from, target: e.to, rel: e.rel, zh: e.zh, en: e.en,
               reading: !!e.reading, role: e.role || "" };
    })
  };
}
function csv(rows, cols) {
  var cell = function (v) {
    var s = v === undefined || v === null ? "" : String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;   // no formula runs when a spreadsheet opens it
    return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  };
  return "\ufeff" + [cols.join(",")].concat(rows.map(function (r) {
    return cols.map(function (c) { return cell(r[c]); }).join(",");
  })).join("\r\n") + "\r\n";
}
var stem = function () { return "csr-kg-" + (state.focus ? byId[state.focus].curie.replace(/[^A-Za-z0-9_-]+/g, "-") : "overview"); };
document.getElementById("download-png").addEventListener("click", function () {
  var src = document.querySelector("#graph canvas");
  var c = document.createElement("canvas");
  c.width = src.width;
  c.height = src.height;
  var ctx = c.getContext("2d");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, c.width, c.height);
  ctx.drawImage(src, 0, 0);
  c.toBlob(function (blob) { save(blob, stem() + ".png"); }, "image/png");
});
document.getElementById("download-nodes").addEventListener("click", function () {
  save(new Blob([csv(visibleData().nodes, ["id", "curie", "zh", "en", "type", "focused", "x", "y"])],
                { type: "text/csv" }), stem() + "-nodes.csv");
});
document.getElementById("download-edges").addEventListener("click", function () {
  save(new Blob([csv(visibleData().edges, ["id", "source", "target", "rel", "zh", "en", "reading", "role"])],
                { type: "text/csv" }), stem() + "-edges.csv");
});
document.getElementById("download-json").addEventListener("click", function () {
  var d = visibleData();
  d.view = location.hash.slice(1);
  d.report = data.report;
  save(new Blob([JSON.stringify(d, null, 1)], { type: "application/json" }), stem() + ".json");
});
