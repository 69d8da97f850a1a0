/* Draw every plotly figure whose JSON sits in a <script type="application/json" data-plotly>.
   A chart is drawn when it comes near the viewport: a page with dozens of round-by-round
   charts opens at once and draws only what the reader scrolls to. */
(function () {
  var observer = null;

  function drawOne(el) {
    var target = document.getElementById(el.getAttribute("data-plotly"));
    if (!target || target.getAttribute("data-drawn") || typeof Plotly === "undefined") return;
    var fig = JSON.parse(el.textContent);
    target.setAttribute("data-drawn", "1");
    Plotly.newPlot(target, fig.data, fig.layout, {displaylogo: false, responsive: true});
  }

  function draw(root) {
    (root || document).querySelectorAll("script[data-plotly]").forEach(function (el) {
      if (!("IntersectionObserver" in window)) { drawOne(el); return; }
      if (!observer) {
        observer = new IntersectionObserver(function (entries) {
          entries.forEach(function (entry) {
            if (!entry.isIntersecting) return;
            observer.unobserve(entry.target);
            var source = document.querySelector('script[data-plotly="' + entry.target.id + '"]');
            if (source) drawOne(source);
          });
        }, {rootMargin: "400px 0px"});
      }
      var target = document.getElementById(el.getAttribute("data-plotly"));
      if (target && !target.getAttribute("data-drawn")) observer.observe(target);
    });
  }

  // The highlighted quote of an evidence item, scrolled to the middle of its source-text box
  // (and the box into view of the panel or page holding it): a quote far down an article
  // would otherwise sit below the box's visible part.
  function showMark(root) {
    var m = (root || document).querySelector(".source-text mark");
    if (!m) return;
    var box = m.closest(".source-text");
    var offset = m.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
    box.scrollTop = Math.max(0, offset - (box.clientHeight - m.offsetHeight) / 2);
    box.scrollIntoView({block: "nearest"});
  }

  // A link to a quote inside a closed <details> (a source's full text) opens it first.
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest('a[href^="#"]');
    if (!a) return;
    var target = document.getElementById(a.getAttribute("href").slice(1));
    var d = target && target.closest("details");
    if (d && !d.open) d.open = true;
  });
  document.addEventListener("DOMContentLoaded", function () {
    draw(document);
    if (document.querySelector(".evidence-page")) showMark(document);
  });
  // Printing (or saving a report as PDF) shows every chart, not only those scrolled to.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("script[data-plotly]").forEach(drawOne);
  });
  document.addEventListener("htmx:afterSettle", function (e) { draw(e.target); showMark(e.target); });
})();
