// Everything is here once the page has loaded: no network is needed to count.
(function () {
  var btn = document.getElementById("silence"), count = document.getElementById("count"),
      label = document.getElementById("label"), total = +btn.dataset.seconds, timer = null;
  btn.addEventListener("click", function () {
    if (timer) return;
    var end = Date.now() + total * 1000;
    label.textContent = "Silence";
    document.body.classList.add("keeping");
    if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen().catch(function () {});
    timer = setInterval(function () {
      var left = Math.max(0, Math.ceil((end - Date.now()) / 1000));
      if (count.textContent !== String(left)) count.textContent = left;
      if (left === 0) {
        clearInterval(timer); timer = null; label.textContent = "Thank you"; btn.dataset.done = "1";
        document.body.classList.remove("keeping");
      }
    }, 100);
  });
})();
