// Draws each results chart from its Vega-Lite spec (put in the page with json_script) with
// vega-embed. The data table beside each chart holds the same figures, so without
// JavaScript, or when a chart cannot be drawn, nothing is lost.
(function () {
  "use strict";
  var swedish = {
    decimal: ",",
    thousands: "\u00a0",
    grouping: [3],
    currency: ["", "\u00a0kr"],
    percent: "\u00a0%",
  };

  function draw() {
    if (typeof window.vegaEmbed !== "function") {
      return;
    }
    var options = { actions: false, renderer: "svg" };
    if ((document.documentElement.lang || "").indexOf("sv") === 0) {
      options.formatLocale = swedish;
    }
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var source = document.getElementById(element.getAttribute("data-chart"));
      if (!source) {
        return;
      }
      window
        .vegaEmbed(element, JSON.parse(source.textContent), options)
        .then(function () {
          element.classList.add("is-drawn");
        })
        .catch(function (error) {
          element.hidden = true;
          if (window.console) {
            window.console.warn("Chart not drawn:", error);
          }
        });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
