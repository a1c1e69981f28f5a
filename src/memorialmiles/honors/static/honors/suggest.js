// Suggestions as you type on the honor wall: the ARIA 1.2 combobox pattern.
// The names come from /api/v1/heroes?q=, the same search as the wall, so what is suggested is
// what a search would find. Arrow keys move through the list (aria-activedescendant), Enter
// opens the hero, Escape closes the list; the count is announced through a polite live region.
(function () {
  "use strict";
  var box = document.querySelector(".suggest[data-suggest-url]");
  if (!box) return;
  var input = box.querySelector("input[type=search]");
  var list = box.querySelector("[role=listbox]");
  var status = document.getElementById("q-suggest-status");
  var url = box.getAttribute("data-suggest-url");
  var LIMIT = 6;
  var timer = null;
  var active = -1;
  var latest = 0;

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");

  function options() {
    return list.querySelectorAll("[role=option]");
  }

  function close() {
    list.hidden = true;
    list.textContent = "";
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    var items = options();
    if (!items.length) return;
    active = (index + items.length) % items.length;
    for (var i = 0; i < items.length; i++) {
      items[i].setAttribute("aria-selected", i === active ? "true" : "false");
    }
    input.setAttribute("aria-activedescendant", items[active].id);
    items[active].scrollIntoView({ block: "nearest" });
  }

  function describe(hero) {
    var where = [hero.agency, hero.state].filter(Boolean).join(", ");
    var year = hero.end_of_watch ? hero.end_of_watch.slice(0, 4) : "";
    return [where, year].filter(Boolean).join(" · ");
  }

  function show(heroes, total) {
    list.textContent = "";
    heroes.forEach(function (hero, i) {
      var item = document.createElement("li");
      item.id = "q-suggestion-" + i;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.setAttribute("data-url", hero.url);
      var name = document.createElement("span");
      name.className = "suggestion-name";
      name.textContent = (hero.rank ? hero.rank + " " : "") + hero.name;
      var more = document.createElement("span");
      more.className = "suggestion-more";
      more.textContent = describe(hero);
      item.appendChild(name);
      item.appendChild(more);
      item.addEventListener("mousedown", function (event) {
        event.preventDefault(); // keep the focus in the box
        window.location.href = hero.url;
      });
      list.appendChild(item);
    });
    var open = heroes.length > 0;
    list.hidden = !open;
    input.setAttribute("aria-expanded", open ? "true" : "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
    status.textContent = open
      ? total + (total === 1 ? " hero found" : " heroes found") + ", " + heroes.length +
        " suggested: use the up and down arrows to choose."
      : "No hero found yet.";
  }

  function fetchSuggestions() {
    var q = input.value.trim();
    if (q.length < 2) {
      close();
      status.textContent = "";
      return;
    }
    var ticket = ++latest;
    fetch(url + "?limit=" + LIMIT + "&q=" + encodeURIComponent(q), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.ok ? response.json() : { items: [], count: 0 };
      })
      .then(function (data) {
        if (ticket === latest) show(data.items || [], data.count || 0);
      })
      .catch(function () {
        if (ticket === latest) close();
      });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(fetchSuggestions, 150);
  });

  input.addEventListener("keydown", function (event) {
    var open = !list.hidden;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (open) highlight(active + 1);
      else fetchSuggestions();
    } else if (event.key === "ArrowUp") {
      if (open) {
        event.preventDefault();
        highlight(active - 1);
      }
    } else if (event.key === "Enter") {
      if (open && active >= 0) {
        event.preventDefault();
        window.location.href = options()[active].getAttribute("data-url");
      }
    } else if (event.key === "Escape") {
      if (open) {
        event.preventDefault();
        close();
      }
    }
  });

  input.addEventListener("blur", function () {
    window.setTimeout(close, 100);
  });
})();
