// The finish-area screen refreshes itself: every few seconds it fetches its own page and swaps
// the board in place (no reload flash, no inline script; without signal it keeps the last one).
// The race clock ticks from the start signal the page was drawn with.
(function () {
  "use strict";
  var board = document.getElementById("board");
  var clock = document.getElementById("board-clock");
  if (!board) return;
  var every = Number(board.dataset.refresh || 10) * 1000;

  function elapsed(ms) {
    var s = Math.floor(ms / 1000), m = Math.floor(s / 60), h = Math.floor(m / 60);
    var mm = h ? String(m % 60).padStart(2, "0") : String(m);
    return (h ? h + ":" : "") + mm + ":" + String(s % 60).padStart(2, "0");
  }
  function tick() {
    var start = Number(clock.dataset.startUs || 0);
    if (start) clock.textContent = elapsed(Math.max(0, Date.now() - start / 1000));
  }
  function refresh() {
    fetch(location.href, { headers: { Accept: "text/html" } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) return;
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.getElementById("board"), freshClock = page.getElementById("board-clock");
        if (fresh) board.innerHTML = fresh.innerHTML;
        if (freshClock) clock.dataset.startUs = freshClock.dataset.startUs;
        board.dataset.refreshed = String(Date.now());
      })
      .catch(function () {});
  }
  tick();
  setInterval(tick, 500);
  setInterval(refresh, every);
})();
