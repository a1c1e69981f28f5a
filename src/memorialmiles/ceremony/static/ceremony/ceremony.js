// Moving through the program happens on this phone (it may have no signal at the lectern):
// the item on now is kept in localStorage per run, so a reload keeps the place.
(function () {
  "use strict";
  var root = document.getElementById("ceremony");
  var list = document.getElementById("program");
  if (!root || !list) return;
  var items = list.querySelectorAll("li");
  var key = "mm-ceremony-" + root.dataset.event;
  var saved = Number(localStorage.getItem(key));
  var current = isNaN(saved) || localStorage.getItem(key) === null ? Number(root.dataset.current) : saved;

  function show(index) {
    current = Math.max(0, Math.min(items.length - 1, index));
    items.forEach(function (li, i) {
      li.classList.toggle("current", i === current);
      if (i === current) li.setAttribute("aria-current", "step");
      else li.removeAttribute("aria-current");
    });
    document.getElementById("now-title").textContent = items[current].dataset.title;
    document.getElementById("prev-item").disabled = current === 0;
    document.getElementById("next-item").disabled = current === items.length - 1;
    localStorage.setItem(key, String(current));
  }

  document.getElementById("prev-item").addEventListener("click", function () { show(current - 1); });
  document.getElementById("next-item").addEventListener("click", function () {
    show(current + 1);
    items[current].scrollIntoView({ block: "nearest" });
  });
  show(current);
})();
