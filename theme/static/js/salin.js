// Optional copy buttons: a <button data-salin="ID" hidden> copies the value (or text) of the
// element with that id. Without JavaScript the buttons stay hidden and the read-only fields
// can still be selected and copied by hand.
(function () {
  "use strict";
  var buttons = document.querySelectorAll("button[data-salin]");
  var status = document.getElementById("salin-status");
  var say = function (text) {
    if (!status) return;
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  };
  var textOf = function (field) { return field.value !== undefined ? field.value : field.textContent; };
  var selectAll = function (field) {
    field.focus();
    if (field.select) field.select();
  };
  var copy = function (field) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(textOf(field));
    }
    selectAll(field);
    return document.execCommand && document.execCommand("copy") ? Promise.resolve() : Promise.reject();
  };
  Array.prototype.forEach.call(buttons, function (button) {
    var field = document.getElementById(button.getAttribute("data-salin"));
    if (!field) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      copy(field).then(
        // A short confirmation: reading a whole WhatsApp text aloud helps no screen reader user.
        function () { say("Disalin ke papan klip."); },
        function () { selectAll(field); say("Teks sudah dipilih; salin dengan Ctrl+C atau menu Salin."); }
      );
    });
    field.addEventListener("focus", function () { if (field.select) field.select(); });
  });
})();
