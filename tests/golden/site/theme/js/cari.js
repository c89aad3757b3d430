/* Search page (/cari/): starts Pagefind's default UI in #cari over every bundle listed in
   data-bundles (one per year, newest first; the others are merged into the first). Optional:
   without JavaScript the page lists the archive and the list pages instead. `?q=kata` opens
   with a search. */
(function () {
  "use strict";
  function start() {
    var mount = document.getElementById("cari");
    if (!mount || typeof window.PagefindUI !== "function") {
      return;
    }
    var bundles = (mount.getAttribute("data-bundles") || "").split(" ").filter(Boolean);
    var base = mount.getAttribute("data-base");
    var ui = new window.PagefindUI({
      element: "#cari",
      bundlePath: bundles[0],
      baseUrl: base,
      mergeIndex: bundles.slice(1).map(function (path) {
        return { bundlePath: path, baseUrl: base };
      }),
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
