// Progressive enhancement only: the site works without this file.
// The language switcher keeps the reader's place (the #anchor) and the timeline's filter (?kind=, ?type=).
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a[data-switch]");
  if (link && (window.location.hash || window.location.search)) {
    link.setAttribute("href", link.getAttribute("href").split(/[?#]/)[0] + window.location.search + window.location.hash);
  }
});

// Timeline: filter in place by kind or entity type, keep the state in the URL (?kind=… or ?type=…), and redraw
// the time axis for the events shown (its marks, the legend's counts, the table).
// The filters are plain links to pre-built filtered pages, so they work without JavaScript and by keyboard.
(function () {
  var links = document.querySelectorAll("[data-filter-kind], [data-filter-type]");
  var count = document.getElementById("timeline-count");
  if (!links.length || !count || !count.hasAttribute("data-in-place")) return;
  function state() {
    var params = new URL(window.location.href).searchParams;
    return { kind: params.get("kind"), type: params.get("type") };
  }
  function hidden(el, s) {
    var types = (el.getAttribute("data-types") || "").split(" ");
    return (s.kind && el.getAttribute("data-kind") !== s.kind) || (s.type && types.indexOf(s.type) < 0);
  }
  function apply(s) {
    var shown = 0;
    document.querySelectorAll(".event").forEach(function (li) {
      var hide = hidden(li, s);
      li.classList.toggle("is-hidden", !!hide);
      if (!hide) shown++;
    });
    document.querySelectorAll(".year").forEach(function (sec) {
      sec.classList.toggle("is-hidden", !sec.querySelector(".event:not(.is-hidden)"));
    });
    var perFamily = {}, perCell = {};
    document.querySelectorAll(".axis .mark").forEach(function (mark) {
      var hide = hidden(mark, s);
      mark.classList.toggle("is-hidden", !!hide);
      if (hide) return;
      var family = (mark.getAttribute("class").match(/f-(\S+)/) || [])[1], year = mark.getAttribute("data-year");
      perFamily[family] = (perFamily[family] || 0) + 1;
      perCell[year + " " + family] = (perCell[year + " " + family] || 0) + 1;
      perCell[year + " "] = (perCell[year + " "] || 0) + 1;
    });
    document.querySelectorAll("[data-count]").forEach(function (el) { el.textContent = perFamily[el.getAttribute("data-count")] || 0; });
    document.querySelectorAll(".axis-table tr[data-year]").forEach(function (row) {
      var year = row.getAttribute("data-year");
      row.querySelectorAll("td[data-family]").forEach(function (td) { td.textContent = perCell[year + " " + td.getAttribute("data-family")] || ""; });
      row.hidden = !perCell[year + " "];
    });
    links.forEach(function (a) {
      var kind = a.getAttribute("data-filter-kind"), type = a.getAttribute("data-filter-type");
      var on = kind !== null ? (kind || "") === (s.kind || "") && !s.type : type === s.type;
      if (on) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
    });
    count.textContent = shown + " " + count.getAttribute(shown === 1 ? "data-one" : "data-other");
  }
  links.forEach(function (a) {
    a.addEventListener("click", function (event) {
      event.preventDefault();
      var url = new URL(window.location.href);
      url.searchParams.delete("kind");
      url.searchParams.delete("type");
      var kind = a.getAttribute("data-filter-kind"), type = a.getAttribute("data-filter-type");
      if (kind) url.searchParams.set("kind", kind);
      if (type) url.searchParams.set("type", type);
      history.pushState(null, "", url);
      apply(state());
    });
  });
  window.addEventListener("popstate", function () { apply(state()); });
  apply(state());
})();
