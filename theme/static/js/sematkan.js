// Optional, on a page that embeds Warta cards: sizes each card's iframe to the height the card
// reports. Accepts messages only from the origin this script was loaded from (the Warta site).
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.postMessage || !window.URL) return;
  var origin = new URL(script.src, document.baseURI).origin;
  var flag = "wartaSematkan:" + origin;
  if (window[flag]) return; // the snippet may be pasted once per card
  window[flag] = true;

  var frames = function () {
    return Array.prototype.filter.call(document.getElementsByTagName("iframe"), function (frame) {
      return frame.src.indexOf(origin + "/") === 0;
    });
  };
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.origin !== origin || !data || data.type !== "warta:tinggi") return;
    var height = Number(data.height);
    if (!isFinite(height) || height < 40 || height > 5000) return;
    frames().forEach(function (frame) {
      if (frame.contentWindow === event.source) frame.style.height = Math.ceil(height) + "px";
    });
  });
  // Cards that loaded before this script ask again.
  frames().forEach(function (frame) {
    if (frame.contentWindow) frame.contentWindow.postMessage({ type: "warta:minta-tinggi" }, origin);
  });
})();
