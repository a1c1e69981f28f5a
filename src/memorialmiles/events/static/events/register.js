// One submit per form: a second tap while the first is on its way does nothing.
document.querySelector("form.form").addEventListener("submit", function (e) {
  if (this.dataset.sent) { e.preventDefault(); return; }
  this.dataset.sent = "1";
});
