// Pagination and outlet filter of the framing report's sentence tables (inlined; no external scripts).
(function () {
  "use strict";
  var PAGE = 25;
  function setup(section) {
    var table = section.querySelector("table.sentences");
    if (!table) { return; }
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var controls = section.querySelector(".controls");
    var select = controls.querySelector("select");
    var prev = controls.querySelector("button.prev");
    var next = controls.querySelector("button.next");
    var status = controls.querySelector(".status");
    var page = 0;
    function visible() {
      var outlet = select.value;
      return rows.filter(function (r) { return outlet === "" || r.getAttribute("data-outlet") === outlet; });
    }
    function render() {
      var shown = visible();
      var pages = Math.max(1, Math.ceil(shown.length / PAGE));
      if (page >= pages) { page = pages - 1; }
      rows.forEach(function (r) { r.hidden = true; });
      shown.slice(page * PAGE, (page + 1) * PAGE).forEach(function (r) { r.hidden = false; });
      var first = shown.length ? page * PAGE + 1 : 0;
      var last = Math.min(shown.length, (page + 1) * PAGE);
      status.textContent = "rows " + first + "\u2013" + last + " of " + shown.length + " (page " + (page + 1) + " of " + pages + ")";
      prev.disabled = page === 0;
      next.disabled = page >= pages - 1;
    }
    select.addEventListener("change", function () { page = 0; render(); });
    prev.addEventListener("click", function () { page -= 1; render(); });
    next.addEventListener("click", function () { page += 1; render(); });
    controls.hidden = false;
    render();
  }
  Array.prototype.forEach.call(document.querySelectorAll("section.marker-table"), setup);
  document.documentElement.setAttribute("data-report-ready", "1");
})();
