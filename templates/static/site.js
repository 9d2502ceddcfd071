// Progressive enhancement only: the site works without this file.
// The language switcher keeps the reader's place (the #anchor) on the other page.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a[data-switch]");
  if (link && window.location.hash) {
    link.setAttribute("href", link.getAttribute("href").split("#")[0] + window.location.hash);
  }
});
