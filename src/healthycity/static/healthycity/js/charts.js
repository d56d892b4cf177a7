/* Draws the Plotly charts of a page. The server writes each chart as an empty element with a
   `data-chart` attribute naming a JSON block (`<script type="application/json">`) that holds the
   figure's data, layout and config; no chart needs an inline script, so the Content-Security-
   Policy can refuse every script without the page's nonce. Charts in content that HTMX swaps in
   are drawn when it arrives (`htmx:load`). plotly.js itself is loaded by `{% plotly_script %}`. */
(function () {
  "use strict";

  function draw(root) {
    if (typeof window.Plotly === "undefined" || !root.querySelectorAll) return;
    var found = Array.prototype.slice.call(root.querySelectorAll("[data-chart]"));
    if (root.matches && root.matches("[data-chart]")) found.push(root);
    found.forEach(function (el) {
      var source = document.getElementById(el.dataset.chart);
      if (!source || el.dataset.drawn === "1") return;
      var fig = JSON.parse(source.textContent);
      el.dataset.drawn = "1";
      window.Plotly.newPlot(el, fig.data, fig.layout || {},
        fig.config || { displaylogo: false, responsive: true });
    });
  }

  draw(document);
  document.addEventListener("htmx:load", function (event) { draw(event.target); });
})();
