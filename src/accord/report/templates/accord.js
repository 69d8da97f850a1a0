/* Draw every plotly figure whose JSON sits in a <script type="application/json" data-plotly>. */
(function () {
  function draw(root) {
    if (typeof Plotly === "undefined") return;
    (root || document).querySelectorAll("script[data-plotly]").forEach(function (el) {
      var target = document.getElementById(el.getAttribute("data-plotly"));
      if (!target || target.getAttribute("data-drawn")) return;
      var fig = JSON.parse(el.textContent);
      Plotly.newPlot(target, fig.data, fig.layout, {displaylogo: false, responsive: true});
      target.setAttribute("data-drawn", "1");
    });
  }
  function showMark(root) {
    var m = (root || document).querySelector(".source-text mark");
    if (m) { var box = m.closest(".source-text"); box.scrollTop = Math.max(0, m.offsetTop - 60); }
  }
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSettle", function (e) { draw(e.target); showMark(e.target); });
})();
