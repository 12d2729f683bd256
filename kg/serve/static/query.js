// The canned query page (/queries/<name>, kg/serve/templates/query.html): sort the rows by
// a click on a column's header (numbers as numbers, text by localeCompare, so Chinese sorts
// by the collation of the browser's "zh"), filter them by a substring of the row's shown
// text, copy the portable query text, and leave empty fields out of the form's URL.
// No framework; data is only ever read and written as text (textContent), never as HTML.
"use strict";

(function () {
  const table = document.querySelector("table.rows");
  const collator = new Intl.Collator(["zh", "en"], { numeric: true, sensitivity: "base" });

  function key(row, i) {
    return row.cells[i] ? row.cells[i].dataset.key : "";
  }

  function sortBy(th, i) {
    const body = table.tBodies[0];
    const rows = Array.from(body.rows);
    const ascending = th.getAttribute("aria-sort") !== "ascending";
    const number = th.dataset.kind === "number";
    rows.sort(function (a, b) {
      const x = key(a, i), y = key(b, i);
      if (x === "" || y === "") return (x === "") - (y === "");  // empty cells last
      const order = number ? Number(x) - Number(y) : collator.compare(x, y);
      return ascending ? order : -order;
    });
    for (const h of table.tHead.rows[0].cells) h.removeAttribute("aria-sort");
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    body.append(...rows);
  }

  function setUpTable() {
    const heads = table.tHead.rows[0].cells;
    Array.from(heads).forEach(function (th, i) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = th.textContent;
      button.title = "sort by " + th.textContent;
      th.textContent = "";
      th.append(button);
      button.addEventListener("click", function () { sortBy(th, i); });
    });
    const filter = document.getElementById("row-filter");
    const count = document.querySelector(".summary .count");
    const total = table.tBodies[0].rows.length;
    filter.closest(".filter").hidden = false;
    filter.addEventListener("input", function () {
      const needle = filter.value.trim().toLowerCase();
      let shown = 0;
      for (const row of table.tBodies[0].rows) {
        const hit = !needle || row.textContent.toLowerCase().includes(needle);
        row.hidden = !hit;
        if (hit) shown += 1;
      }
      count.textContent = needle ? shown + " of " + total + " rows" : total + " rows";
    });
  }

  function setUpCopy() {
    const button = document.getElementById("copy-query");
    const text = document.getElementById("portable");
    if (!button || !text || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(text.textContent).then(
        function () { button.textContent = "Copied"; },
        function () { button.textContent = "Copy failed: select the text"; });
    });
  }

  function setUpForm() {
    const form = document.querySelector("form.query-form");
    if (!form) return;
    form.addEventListener("submit", function () {
      for (const field of form.querySelectorAll("input[name], select[name]")) {
        if (field.value === "" && field.type !== "radio") field.disabled = true;
      }
    });
    window.addEventListener("pageshow", function () {  // back from the answer: fields usable
      for (const field of form.querySelectorAll("[disabled]")) field.disabled = false;
    });
  }

  if (table) setUpTable();
  setUpCopy();
  setUpForm();
})();
