// Optional copy buttons. A <button data-salin="ID" hidden> copies the value (or text) of the
// element with that id. An a[data-salin-tautan] gets a "Salin" button after it that copies the
// link's address; so does each link of each item of a ul[data-salin-tautan] but the first,
// which names the item: there the buttons are icons named by link and item. Without
// JavaScript there are no buttons: read-only fields are selected and copied by hand, and a
// link's address from the browser's menu for the link.
(function () {
  "use strict";
  var status = document.getElementById("salin-status");
  var say = function (text) {
    if (!status) return;
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  };
  var isLink = function (field) { return field.tagName === "A"; };
  // The link's full address, whatever the markup holds (the feeds page links from the root).
  var textOf = function (field) {
    if (isLink(field)) return field.href;
    return field.value !== undefined ? field.value : field.textContent;
  };
  var selectAll = function (field) {
    field.focus();
    if (field.select) field.select();
  };
  var copyBySelection = function (field) {
    if (!isLink(field)) {
      selectAll(field);
      return document.execCommand && document.execCommand("copy");
    }
    // A link's address cannot be selected: copy it from a field that is gone at once.
    var area = document.createElement("textarea");
    area.value = textOf(field);
    area.setAttribute("readonly", "");
    area.className = "vh";
    document.body.appendChild(area);
    area.select();
    var done = document.execCommand && document.execCommand("copy");
    document.body.removeChild(area);
    return done;
  };
  var copy = function (field) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(textOf(field));
    }
    return copyBySelection(field) ? Promise.resolve() : Promise.reject();
  };
  var failed = function (field) {
    if (isLink(field)) {
      field.focus();
      say("Tidak dapat menyalin; tekan lama tautannya lalu pilih salin alamat tautan.");
    } else {
      selectAll(field);
      say("Teks sudah dipilih; salin dengan Ctrl+C atau menu Salin.");
    }
  };
  var wire = function (button, field) {
    button.hidden = false;
    button.addEventListener("click", function () {
      copy(field).then(
        // A short confirmation: reading a whole WhatsApp text aloud helps no screen reader user.
        function () { say("Disalin ke papan klip."); },
        function () { failed(field); }
      );
    });
  };
  Array.prototype.forEach.call(document.querySelectorAll("button[data-salin]"), function (button) {
    var field = document.getElementById(button.getAttribute("data-salin"));
    if (!field) return;
    wire(button, field);
    field.addEventListener("focus", function () { if (field.select) field.select(); });
  });
  var addButton = function (link, item) {
    var button = document.createElement("button");
    var label = document.createElement("span");
    var icon = item !== undefined;
    var name = "alamat " + link.textContent + (icon ? ", " + item : "");
    button.type = "button";
    button.className = icon ? "salin salin-ikon" : "salin";
    label.className = "vh";
    if (icon) {
      button.title = label.textContent = "Salin " + name;
    } else {
      button.appendChild(document.createTextNode("Salin"));
      label.textContent = " " + name;
    }
    button.appendChild(label);
    link.parentNode.insertBefore(button, link.nextSibling);
    wire(button, link);
  };
  Array.prototype.forEach.call(document.querySelectorAll("a[data-salin-tautan]"), function (link) {
    addButton(link);
  });
  Array.prototype.forEach.call(document.querySelectorAll("ul[data-salin-tautan] > li"), function (item) {
    var name = item.firstElementChild;
    Array.prototype.forEach.call(item.querySelectorAll("a[href]"), function (link) {
      if (link !== name) addButton(link, name.textContent);
    });
  });
})();
