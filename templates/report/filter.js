(function () {
  "use strict";
  var box = document.getElementById("filter");
  if (!box) { return; }
  var rows = Array.prototype.slice.call(document.querySelectorAll("[id^='ranking-table'] tbody tr"));
  var count = document.getElementById("filter-count");
  function fold(s) {
    return (s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/\u0111/g, "d").replace(/\u0110/g, "D").toLowerCase();
  }
  var keys = rows.map(function (r) { return fold(r.getAttribute("data-search")); });
  box.addEventListener("input", function () {
    var q = fold(box.value.trim());
    var shown = 0;
    rows.forEach(function (r, i) {
      var hit = !q || keys[i].indexOf(q) >= 0;
      r.hidden = !hit;
      if (hit) { shown += 1; }
    });
    count.textContent = String(shown);
  });
})();
