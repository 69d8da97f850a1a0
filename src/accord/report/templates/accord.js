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

  // A form whose POST runs long work (the workbench's ensemble form, data-progress): while the
  // request runs, a progress bar in its target polls data-progress with the form's values;
  // the POST's answer replaces it. If no answer is swapped in (a server error), it goes.
  function isLongForm(el) { return el && el.matches && el.matches("form[data-progress]"); }
  document.addEventListener("htmx:beforeRequest", function (e) {
    var form = e.detail.elt;
    if (!isLongForm(form) || typeof htmx === "undefined") return;
    var params = new URLSearchParams(new FormData(form));
    params.delete("csrf_token");
    var slot = document.querySelector(form.getAttribute("hx-target"));
    if (!slot) return;
    var poll = document.createElement("div");
    poll.id = "ensemble-result";
    poll.className = "progress-poll";
    poll.setAttribute("hx-get", form.getAttribute("data-progress") + "?" + params.toString());
    poll.setAttribute("hx-trigger", "load delay:300ms");
    poll.setAttribute("hx-swap", "outerHTML");
    poll.innerHTML = '<p class="muted small">Starting…</p>';
    slot.replaceChildren(poll);
    htmx.process(poll);
  });
  document.addEventListener("htmx:afterRequest", function (e) {
    var form = e.detail.elt;
    if (!isLongForm(form) || !e.detail.failed) return;
    var slot = document.querySelector(form.getAttribute("hx-target"));
    var p = document.createElement("p");
    p.className = "error";
    p.textContent = "The request failed (HTTP " + e.detail.xhr.status + "); nothing was kept.";
    if (slot) slot.replaceChildren(p);
  });
})();
