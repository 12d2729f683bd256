// The scores the page is sized and coloured by (kg view --size-by / --color-by; kg.analyze.
// scores): what the size and each colour mean, above the type legend. Every text is put on
// screen as text; the language switch (setLang) rewrites the elements with data-zh/data-en.
// One part of the page script: kg/render.py joins the parts of kg/templates/view/ in
// the order of VIEW_SCRIPTS inside one function, so they share its scope.
function scoreText(tag, zh, en, cls) {
  var e = el(tag, t(zh, en), cls);
  e.setAttribute("data-zh", zh);
  e.setAttribute("data-en", en);
  return e;
}

function scoreLegend() {
  var s = data.scores;
  if (!s || (!s.size && !s.color)) return;
  var box = el("div", null, "score-legend");
  box.id = "score-legend";
  if (s.size) box.appendChild(scoreText("p", s.size.zh, s.size.en, "score-size"));
  if (s.color) {
    box.appendChild(scoreText("p", s.color.zh, s.color.en, "score-color"));
    var list = el("ul");
    s.color.items.forEach(function (item) {
      var li = el("li");
      var swatch = el("span", "", "swatch dot");
      swatch.style.background = item.color;
      li.appendChild(swatch);
      li.appendChild(scoreText("span", item.zh, item.en));
      list.appendChild(li);
    });
    box.appendChild(list);
  }
  var legend = document.getElementById("legend");
  legend.parentNode.insertBefore(box, legend);
}
scoreLegend();
