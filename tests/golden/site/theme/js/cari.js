/* Search page (/cari/): starts Pagefind's default UI in #cari. Optional: without JavaScript
   the page lists the archive and the list pages instead. `?q=kata` opens with a search. */
(function () {
  "use strict";
  function start() {
    var mount = document.getElementById("cari");
    if (!mount || typeof window.PagefindUI !== "function") {
      return;
    }
    var ui = new window.PagefindUI({
      element: "#cari",
      bundlePath: mount.getAttribute("data-bundle"),
      baseUrl: mount.getAttribute("data-base"),
      showImages: false,
      showSubResults: false,
      excerptLength: 24,
      resetStyles: false
    });
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) {
      ui.triggerSearch(query);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
