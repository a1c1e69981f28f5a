// Everything is here once the page has loaded: no network is needed to count.
// A tap after the end does nothing (a hand still on the screen must not start a second count);
// starting again is its own button, shown once the silence is over.
(function () {
  var btn = document.getElementById("silence"), count = document.getElementById("count"),
      label = document.getElementById("label"), again = document.getElementById("again"),
      total = +btn.dataset.seconds, timer = null, lock = null;

  function keepAwake() {
    if (navigator.wakeLock) navigator.wakeLock.request("screen").then(function (l) { lock = l; }).catch(function () {});
  }

  function finish() {
    clearInterval(timer); timer = null; label.textContent = "Thank you"; btn.dataset.done = "1";
    document.body.classList.remove("keeping");
    if (lock) { lock.release().catch(function () {}); lock = null; }
    document.getElementById("again-row").hidden = false;
  }

  function begin(fullscreen) {
    if (timer || btn.dataset.done) return;
    var end = Date.now() + total * 1000;
    label.textContent = "Silence";
    count.textContent = total;
    btn.dataset.running = "1";
    document.body.classList.add("keeping");
    if (fullscreen && document.documentElement.requestFullscreen) document.documentElement.requestFullscreen().catch(function () {});
    keepAwake();
    timer = setInterval(function () {
      var left = Math.max(0, Math.ceil((end - Date.now()) / 1000));
      if (count.textContent !== String(left)) count.textContent = left;
      if (left === 0) finish();
    }, 100);
  }

  btn.addEventListener("click", function () { begin(true); });
  again.addEventListener("click", function () {
    delete btn.dataset.done;
    document.getElementById("again-row").hidden = true;
    begin(true);
    btn.focus();
  });
  // Opened from the ceremony screen's one tap: the count starts at once.
  if (btn.dataset.autostart) begin(false);
})();
