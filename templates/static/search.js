// Search with Pagefind (it indexes each language separately, by the page's lang).
// Without JavaScript the page shows the A–Z list of entries instead.

// Short pages with a name in a heading should not lose to long source texts that repeat it (no
// length or frequency normalisation). The title boost is off: it splits "SCO's" into two matches and
// outranks the SCO page itself. Entity pages instead carry their acronyms and short Chinese names in a
// "short" field (chronicle.core.short_forms), which lifts exactly those pages.
var RANKING = { termFrequency: 0.0, pageLength: 0.0, termSaturation: 2.0,
                metaWeights: { title: 0.0, type: 0.0, short: 60.0 } };

window.addEventListener("DOMContentLoaded", function () {
  var box = document.querySelector("[data-search]");
  if (!box || typeof PagefindUI === "undefined") return;
  var bundles = bundlesOf(box.getAttribute("data-lang"));
  new PagefindUI({ element: "#search", showSubResults: true, showImages: false,
                   bundlePath: bundles[0],
                   mergeIndex: bundles.slice(1).map(function (path) { return { bundlePath: path, ranking: RANKING }; }),
                   ranking: RANKING,
                   // "short" only ranks; the reader sees the page type, labelled in the page's language.
                   processResult: function (result) {
                     var type = result.meta.type;
                     delete result.meta.short; delete result.meta.type;
                     if (type) result.meta[box.getAttribute("data-type-label")] = type;
                     return result;
                   },
                   translations: { placeholder: box.getAttribute("data-placeholder") } });
  showExactEntries(box);
  var params = new URLSearchParams(window.location.search);
  var q = params.get("q");
  if (q) {
    var input = box.querySelector("input");
    if (input) { input.value = q; input.dispatchEvent(new Event("input", { bubbles: true })); }
  }
});

// An entry whose name or alias is exactly what was typed is shown first, above Pagefind's results:
// a compound name (上海五国, Shanghai Five) otherwise loses to the pages holding each of its words.
// The names' keys come with the A–Z list (chronicle.core.short_forms.search_keys); `key` is typed_key.
function key(text) {
  return text.normalize("NFKC").toLowerCase().replace(/[\s|“”‘’"'「」《》]+/g, "");
}

function showExactEntries(box) {
  var form = box.querySelector(".pagefind-ui__form");
  var drawer = box.querySelector(".pagefind-ui__drawer");
  var input = box.querySelector(".pagefind-ui__search-input");
  if (!form || !drawer || !input) return;
  var hits = document.createElement("div");
  hits.className = "search-entries";
  hits.setAttribute("aria-live", "polite");
  form.insertBefore(hits, drawer);
  var links = Array.prototype.slice.call(document.querySelectorAll(".az a[data-names]"));
  function update() {
    var typed = key(input.value);
    hits.textContent = "";
    links.filter(function (a) { return typed && a.getAttribute("data-names").split("|").indexOf(typed) >= 0; })
      .forEach(function (a) {
        var line = document.createElement("p");
        var label = document.createElement("strong");
        label.textContent = box.getAttribute("data-entry-label") + " ";
        line.appendChild(label);
        Array.prototype.forEach.call(a.parentNode.childNodes, function (node) { line.appendChild(node.cloneNode(true)); });
        line.querySelector("a").removeAttribute("data-names");
        hits.appendChild(line);
      });
  }
  input.addEventListener("input", update);
  // Pagefind's Clear button empties the box without an input event.
  box.addEventListener("click", function () { setTimeout(update, 0); });
}

// The bundles holding this language's index, as paths: pagefind/bundles.js, written with the index,
// lists them (a large site's index is split over several; merged instances need their own ranking).
function bundlesOf(lang) {
  var script = document.querySelector("script[data-bundles]");
  var paths = (window.chronicleBundles || {})[lang];
  if (!script || !paths || !paths.length) return [undefined];
  var root = new URL("../", script.src);
  return paths.map(function (path) { return new URL(path, root).pathname; });
}
