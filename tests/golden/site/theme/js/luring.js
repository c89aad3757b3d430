// Offline reading (plugins/offline): registers the site's service worker, which keeps the
// current emergencies, the newest lite pages and the pages read here for reading offline.
// Optional: without it, or in a browser without service workers, the site works as before.
(function () {
  var script = document.currentScript;
  if (!script || !("serviceWorker" in navigator)) return;
  addEventListener("load", function () {
    navigator.serviceWorker.register(script.getAttribute("data-worker")).catch(function () {});
  });
})();
