/* The investment project list's filter (site/investment.py writes the page). The table is
   complete without JavaScript; this only shows the form and hides rows that do not match.
   Each <select> filters on one data-* attribute of the rows; the count is announced through
   the role="status" paragraph. The chosen filters are kept in the address (?sector=…) so a
   filtered list can be shared. The profile page's "print" button is wired here too. */
(function () {
  "use strict";

  function matches(row, name, value) {
    if (!value) return true;
    if (name === "sector") return row.getAttribute("data-sector") === value;
    if (name === "status") return row.getAttribute("data-status") === value;
    if (name === "place") return (row.getAttribute("data-places") || "").split(" ").indexOf(value) >= 0;
    if (name === "capital") {
      var band = value.split(":"); /* currency:low:high, one order of magnitude in one currency */
      var amount = parseFloat(row.getAttribute("data-capital"));
      return row.getAttribute("data-currency") === band[0] && amount >= parseFloat(band[1]) && amount < parseFloat(band[2]);
    }
    return true;
  }

  function setUpFilter(form) {
    var rows = Array.prototype.slice.call(document.querySelectorAll("#qb-projects tbody tr"));
    var count = document.getElementById("qb-project-count");
    var none = document.getElementById("qb-project-none");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var number = window.Intl ? new Intl.NumberFormat(document.documentElement.lang || undefined) : null;
    var say = function (n) { return number ? number.format(n) : String(n); };

    function apply(announce) {
      var shown = 0;
      rows.forEach(function (row) {
        var keep = selects.every(function (s) { return matches(row, s.name, s.value); });
        row.hidden = !keep;
        if (keep) shown += 1;
      });
      none.hidden = shown > 0;
      if (announce) {
        count.textContent = form.getAttribute("data-count").replace("{shown}", say(shown)).replace("{total}", say(rows.length));
      }
      if (window.history && window.history.replaceState) {
        var params = new URLSearchParams();
        selects.forEach(function (s) { if (s.value) params.set(s.name, s.value); });
        var query = params.toString();
        window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
      }
    }

    var wanted = new URLSearchParams(window.location.search);
    var restored = false;
    selects.forEach(function (s) {
      var value = wanted.get(s.name);
      if (value && Array.prototype.some.call(s.options, function (o) { return o.value === value; })) {
        s.value = value;
        restored = true;
      }
    });
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(true); });
    form.addEventListener("reset", function () { window.setTimeout(function () { apply(true); }, 0); });
    form.hidden = false;
    if (restored) apply(true);
  }

  function setUpPrint(button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  }

  var form = document.getElementById("qb-project-filter");
  if (form) setUpFilter(form);
  Array.prototype.forEach.call(document.querySelectorAll("[data-qb-print]"), setUpPrint);
})();
