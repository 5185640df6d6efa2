/* Refreshes the quota board's figures every second from its JSON (the page works without it). */
(function () {
  "use strict";
  var root = document.querySelector("[data-quota-board]");
  if (!root || !window.fetch) { return; }
  var source = root.getAttribute("data-source");

  function set(cell, name, value) {
    var el = cell.querySelector("[data-" + name + "]");
    if (el && el.textContent !== String(value)) { el.textContent = String(value); }
  }

  function apply(board) {
    var stale = false;
    if (board.today !== root.getAttribute("data-today") || String(board.columns.length) !== root.getAttribute("data-columns")) {
      window.location.reload();
      return;
    }
    board.days.forEach(function (day) {
      day.cells.forEach(function (c) {
        var key = day.day + "|" + c.category + "-" + c.port;
        root.querySelectorAll('[data-cell="' + key + '"]').forEach(function (cell) {
          if (cell.getAttribute("data-set") !== (c.set ? "1" : "0")) { stale = true; return; }
          set(cell, "remaining", c.remaining);
          set(cell, "total", c.total);
          set(cell, "waiting", c.waiting);
        });
      });
    });
    if (stale) { window.location.reload(); return; }
    var stamp = root.querySelector("[data-generated]");
    if (stamp) {
      stamp.setAttribute("datetime", board.generated_at);
      stamp.textContent = board.generated_at.slice(11, 19);
    }
  }

  function tick() {
    if (document.hidden) { window.setTimeout(tick, 1000); return; }
    window.fetch(source, { cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (board) { if (board) { apply(board); } })
      .catch(function () { /* keep the figures shown; try again */ })
      .then(function () { window.setTimeout(tick, 1000); });
  }
  window.setTimeout(tick, 1000);
})();
