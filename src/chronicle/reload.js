(function () {
  // The build the page came from, so an edit saved while it loaded still reloads it.
  var seen = Number(document.currentScript.getAttribute("data-build"));
  function show(errors) {
    var box = document.getElementById("chronicle-errors");
    if (!errors.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("pre"); box.id = "chronicle-errors"; box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:50vh;overflow:auto;margin:0;padding:1rem;" +
        "background:#3b0d0d;color:#fff;font:13px/1.5 monospace;z-index:99;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "Build failed: fix these and save, and the page reloads.\n\n" + errors.join("\n");
  }
  var events = new EventSource("/__chronicle/events");
  events.onmessage = function (e) {
    var s = JSON.parse(e.data);
    if (s.build !== seen && s.ok) { events.close(); location.reload(); return; }
    seen = s.build; show(s.errors);
  };
})();
