// "Colour cards by metric": a class on the page (metrics.css colours the cards by the status of their
// metric chip), remembered per browser. Redrawn cards keep it, since it is not on the cards themselves.
(function () {
  "use strict";
  var KEY = "journeyboard.heat";
  function apply(on) {
    var button = document.getElementById("heat-toggle");
    var legend = document.getElementById("heat-legend");
    if (on) document.body.dataset.heat = "on"; else delete document.body.dataset.heat;
    if (button) button.setAttribute("aria-pressed", on ? "true" : "false");
    if (legend) legend.hidden = !on;
  }
  function stored() {
    try { return window.localStorage.getItem(KEY) === "on"; } catch (error) { return false; }
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("#heat-toggle");
    if (!button) return;
    var on = button.getAttribute("aria-pressed") !== "true";
    try { window.localStorage.setItem(KEY, on ? "on" : "off"); } catch (error) { /* private mode: this page only */ }
    apply(on);
  });
  apply(stored());
})();
