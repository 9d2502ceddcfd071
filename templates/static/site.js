// Progressive enhancement only: the site works without this file.
// The language switcher keeps the reader's place (the #anchor) on the other page.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a[data-switch]");
  if (link && window.location.hash) {
    link.setAttribute("href", link.getAttribute("href").split("#")[0] + window.location.hash);
  }
});

// Timeline: filter in place by kind or entity type, keep the state in the URL (?kind=… or ?type=…).
// The filters are plain links to pre-built filtered pages, so they work without JavaScript and by keyboard.
(function () {
  var links = document.querySelectorAll("[data-filter-kind], [data-filter-type]");
  if (!links.length || !document.querySelector(".overview")) return;
  var count = document.getElementById("timeline-count");
  function state() {
    var params = new URL(window.location.href).searchParams;
    return { kind: params.get("kind"), type: params.get("type") };
  }
  function apply(s) {
    var shown = 0;
    document.querySelectorAll(".event").forEach(function (li) {
      var types = (li.getAttribute("data-types") || "").split(" ");
      var hide = (s.kind && li.getAttribute("data-kind") !== s.kind) || (s.type && types.indexOf(s.type) < 0);
      li.classList.toggle("is-hidden", !!hide);
      if (!hide) shown++;
    });
    document.querySelectorAll(".year").forEach(function (sec) {
      sec.classList.toggle("is-hidden", !sec.querySelector(".event:not(.is-hidden)"));
    });
    links.forEach(function (a) {
      var kind = a.getAttribute("data-filter-kind"), type = a.getAttribute("data-filter-type");
      var on = kind !== null ? (kind || "") === (s.kind || "") && !s.type : type === s.type;
      if (on) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
    });
    if (count) count.textContent = shown + " " + count.getAttribute(shown === 1 ? "data-one" : "data-other");
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
