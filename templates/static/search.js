// Search with Pagefind (it indexes each language separately, by the page's lang).
// Without JavaScript the page shows the A–Z list of entries instead.
window.addEventListener("DOMContentLoaded", function () {
  var box = document.querySelector("[data-search]");
  if (!box || typeof PagefindUI === "undefined") return;
  new PagefindUI({ element: "#search", showSubResults: true, showImages: false,
                   // Short pages with a name in a heading should not lose to long source texts
                   // that repeat it (no length or frequency normalisation). The title boost is off:
                   // it splits "SCO's" into two matches and outranks the SCO page itself. Entity
                   // pages instead carry their acronyms and short Chinese names in a "short"
                   // field (chronicle.core.short_forms), which lifts exactly those pages.
                   ranking: { termFrequency: 0.0, pageLength: 0.0, termSaturation: 2.0,
                              metaWeights: { title: 0.0, type: 0.0, short: 30.0 } },
                   // "short" only ranks; the reader sees the page type, labelled in the page's language.
                   processResult: function (result) {
                     var type = result.meta.type;
                     delete result.meta.short; delete result.meta.type;
                     if (type) result.meta[box.getAttribute("data-type-label")] = type;
                     return result;
                   },
                   translations: { placeholder: box.getAttribute("data-placeholder") } });
  var params = new URLSearchParams(window.location.search);
  var q = params.get("q");
  if (q) {
    var input = box.querySelector("input");
    if (input) { input.value = q; input.dispatchEvent(new Event("input", { bubbles: true })); }
  }
});
