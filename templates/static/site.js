// Progressive enhancement only: the site works without this file.
// The language switcher keeps the reader's place (the #anchor) on the other page.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a[data-switch]");
  if (link && window.location.hash) {
    link.setAttribute("href", link.getAttribute("href").split("#")[0] + window.location.hash);
  }
});

// Timeline: filter in place by kind, keep the state in the URL (?kind=…), work from the keyboard (they are links).
(function () {
  var links = document.querySelectorAll("[data-filter-kind]");
  if (!links.length || !document.querySelector(".overview")) return;
  var count = document.getElementById("timeline-count");
  var unit = count ? count.textContent.replace(/^\d+\s*/, "") : "";
  function apply(kind) {
    var shown = 0;
    document.querySelectorAll(".event").forEach(function (li) {
      var hide = kind && li.getAttribute("data-kind") !== kind;
      li.classList.toggle("is-hidden", !!hide);
      if (!hide) shown++;
    });
    document.querySelectorAll(".year").forEach(function (sec) {
      sec.classList.toggle("is-hidden", !sec.querySelector(".event:not(.is-hidden)"));
    });
    links.forEach(function (a) {
      if ((a.getAttribute("data-filter-kind") || "") === (kind || "")) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    });
    if (count) count.textContent = shown + " " + unit;
  }
  links.forEach(function (a) {
    a.addEventListener("click", function (event) {
      event.preventDefault();
      var kind = a.getAttribute("data-filter-kind");
      var url = new URL(window.location.href);
      if (kind) url.searchParams.set("kind", kind); else url.searchParams.delete("kind");
      history.pushState(null, "", url);
      apply(kind);
    });
  });
  window.addEventListener("popstate", function () { apply(new URL(window.location.href).searchParams.get("kind")); });
  apply(new URL(window.location.href).searchParams.get("kind"));
})();
