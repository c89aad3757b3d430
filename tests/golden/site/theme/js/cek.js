// Optional enhancement of /cek/: look a code up in cek/index.json and go to its page.
// Case, spaces and dashes do not matter. Without JavaScript the page lists every code.
(function () {
  "use strict";
  var form = document.querySelector(".cek-form");
  if (!form || !window.fetch) return;
  var input = form.querySelector("input");
  var result = form.querySelector(".cek-hasil");
  var key = function (text) { return text.toUpperCase().replace(/[^0-9A-Z]/g, ""); };
  var lookup = function (code) {
    if (!key(code)) return;
    result.textContent = "Memeriksa…";
    fetch(form.getAttribute("data-index"))
      .then(function (response) { return response.json(); })
      .then(function (index) {
        var found = index[key(code)];
        if (found) { window.location.href = found.url; return; }
        result.textContent = "Kode " + code + " tidak terdaftar di situs resmi. Periksa kembali " +
          "penulisannya; bila tetap tidak ada, jangan teruskan pesan tersebut.";
      })
      .catch(function () { result.textContent = "Gagal memeriksa. Gunakan daftar kode di bawah."; });
  };
  form.addEventListener("submit", function (event) { event.preventDefault(); lookup(input.value); });
  var asked = new URLSearchParams(window.location.search).get("kode");
  if (asked) { input.value = asked; lookup(asked); }
})();
