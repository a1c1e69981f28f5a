/* Pages that wait for the worker follow it by themselves: a registry import, a batch of
   certificates, a payment the provider has yet to confirm. Each element marked data-follow
   (with an id) is fetched again from the page's own address and its content swapped in. The
   status regions are aria-live, so a screen reader hears the change; nothing moves the focus.
   Polling stops when the page no longer marks anything to follow (done or failed), and slows
   down on a bad signal rather than giving up. Without JavaScript, the Reload link does the
   same by hand. */
(function () {
  "use strict";
  var followed = Array.prototype.slice.call(document.querySelectorAll("[data-follow][id]"));
  if (!followed.length || !window.fetch || !window.DOMParser) {
    return;
  }
  var FIRST = 1500;
  var MOST = 10000;
  var delay = FIRST;

  function later(ms) {
    delay = Math.min(MOST, ms);
    window.setTimeout(poll, delay);
  }

  function swap(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    var still = false;
    followed.forEach(function (element) {
      var now = fresh.getElementById(element.id);
      if (!now) {
        return;
      }
      if (now.innerHTML !== element.innerHTML) {
        element.innerHTML = now.innerHTML;
      }
      if (now.hasAttribute("data-follow")) {
        still = true;
      } else {
        element.removeAttribute("data-follow");
      }
    });
    return still;
  }

  function poll() {
    window
      .fetch(window.location.href, {
        credentials: "same-origin",
        cache: "no-store",
        headers: { Accept: "text/html" },
      })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        if (swap(html)) {
          later(delay * 1.5);
        }
      })
      .catch(function () {
        later(MOST);
      });
  }

  later(FIRST);
})();
