/* /editor: YASGUI (vendored, static/vendor/yasgui/) configured for this server, offline.
 *
 * The data comes from the page's JSON block (the same dict /editor.json answers):
 * the endpoint, our prefixes, the canned queries as examples, and the classes and
 * properties of our graph for completion. Every YASGUI feature that could call another
 * host is replaced or pinned here:
 *   - the class and property completers ask lov.linkeddata.es: replaced by static lists
 *     of our graph's own classes and properties;
 *   - the prefix completer fetches prefix.cc when prefixCcApi is set, else offers a
 *     bundled list of other people's prefixes: replaced by ours;
 *   - the endpoint catalogue lists dbpedia and wikidata: it lists our /sparql only;
 *   - a shared link (#endpoint=...) or a tab remembered from another port could name
 *     another endpoint: every tab is pinned to ours (the page's CSP, connect-src 'self',
 *     would refuse the request anyway);
 *   - no corsProxy (it would send every query elsewhere and probe endpoints with fetch).
 * YASGUI loads no fonts or scripts of its own; its CSS embeds its icons as data: URIs.
 * A link in the results to one of our entities opens its /entity page on this server.
 * window.kg.ready turns true once the editor is drawn (the browser tests wait for it).
 */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("kg-editor-data").textContent);
  var Yasgui = window.Yasgui;
  var Yasqe = Yasgui.Yasqe;
  var endpoint = new URL(data.endpoint, window.location.href).href;

  function prefixLines() {
    return Object.keys(data.prefixes).sort().map(function (p) {
      return p + ": <" + data.prefixes[p] + ">";
    });
  }

  // The results table writes an IRI with the first prefix whose namespace starts it: list
  // the longest namespaces first, so that it reads program:weicun, not id:program/weicun.
  function longestFirst(prefixes) {
    var out = {};
    Object.keys(prefixes).sort(function (a, b) {
      return prefixes[b].length - prefixes[a].length;
    }).forEach(function (p) { out[p] = prefixes[p]; });
    return out;
  }

  // Our completers, under YASGUI's own names, so that they take the places of the ones
  // that call out. A static list (bulk) is searched in the browser: a prefixed name the
  // user types is expanded to its IRI, matched, and written back prefixed.
  Yasqe.forkAutocompleter("prefixes", {name: "prefixes", get: prefixLines(), persistenceId: null});
  Yasqe.forkAutocompleter("class", {name: "class", get: data.classes, bulk: true,
                                     autoShow: true, persistenceId: null});
  Yasqe.forkAutocompleter("property", {name: "property", get: data.properties, bulk: true,
                                        autoShow: true, persistenceId: null});

  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: {endpoint: endpoint, method: "POST"},
    copyEndpointOnNewTab: true,
    corsProxy: undefined,
    endpointCatalogueOptions: {
      getData: function () { return [{endpoint: endpoint}]; },
      keys: []
    },
    populateFromUrl: function (tab) {
      tab.requestConfig.endpoint = endpoint;
      return tab;
    },
    yasqe: {value: data.query, collapsePrefixesOnLoad: true},
    yasr: {prefixes: longestFirst(data.prefixes), defaultPlugin: "table"}
  });

  // Tabs remembered in localStorage keep the endpoint they were made with (another port,
  // or a link's): point them all at this server.
  yasgui.persistentConfig.getTabs().forEach(function (id) {
    var tab = yasgui.getTab(id);
    if (tab && tab.getEndpoint() !== endpoint) {
      tab.setEndpoint(endpoint);
    }
  });

  var examples = {};
  data.examples.forEach(function (example) { examples[example.name] = example; });

  function openExample(name) {
    var example = examples[name];
    if (!example) {
      return null;
    }
    return yasgui.addTab(true, {
      name: example.title,
      yasqe: {value: example.query},
      requestConfig: {endpoint: endpoint}
    }, {avoidDuplicateTabs: true});
  }

  document.querySelectorAll("button[data-example]").forEach(function (button) {
    button.addEventListener("click", function () {
      openExample(button.getAttribute("data-example"));
    });
  });

  // The results table links every IRI to itself, in a new window. Ours name entities and
  // are not served at their IRI: a link to an entity of ours opens its page here instead.
  function entityPath(iri) {
    var prefixes = Object.keys(data.entities);
    for (var i = 0; i < prefixes.length; i++) {
      var ns = data.entities[prefixes[i]];
      var local = iri.slice(ns.length);
      if (iri.indexOf(ns) === 0 && /^[^\/?#]+$/.test(local)) {
        return "/entity/" + prefixes[i] + "/" + local;
      }
    }
    return null;
  }

  function linkEntities(root) {
    root.querySelectorAll(".yasr a[href]").forEach(function (a) {
      var path = a.dataset.kgEntity ? null : entityPath(a.getAttribute("href"));
      if (path) {
        a.dataset.kgEntity = a.getAttribute("href");
        a.setAttribute("href", path);
        a.removeAttribute("target");
        a.title = a.dataset.kgEntity;
      }
    });
  }

  var container = document.getElementById("yasgui");
  new MutationObserver(function () { linkEntities(container); })
    .observe(container, {childList: true, subtree: true});

  window.kg = {yasgui: yasgui, data: data, endpoint: endpoint, openExample: openExample,
               ready: true};
})();
