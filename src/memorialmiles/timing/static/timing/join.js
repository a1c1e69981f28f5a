// Join an event with the lead's code; the device token is kept in this phone's localStorage.
(function () {
  "use strict";
  var form = document.getElementById("join-form");
  if (!form) return;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var error = document.getElementById("join-error");
    error.textContent = "";
    var body = {
      code: form.elements.code.value,
      name: form.elements.name.value,
      role: form.elements.role.value,
    };
    fetch(form.dataset.api, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    })
      .then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      })
      .then(function (answer) {
        if (!answer.ok) {
          error.textContent = answer.data.detail || "That code did not work.";
          return;
        }
        var d = answer.data;
        localStorage.setItem("mm-timing-device-" + d.event_id, JSON.stringify({
          token: d.token, device_id: d.device_id, role: d.role, name: body.name,
        }));
        window.location.href = d.timer_url;
      })
      .catch(function () { error.textContent = "No network: join where there is signal, then time offline."; });
  });
})();
