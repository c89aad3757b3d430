// Optional, on the embed card page: tells the page that frames the card how tall the card is,
// so that page's sematkan.js can fit the iframe to it. The card works without this script.
(function () {
  "use strict";
  if (window.parent === window || !window.postMessage) return;
  var root = document.documentElement;
  var send = function () {
    // The height is public, so any embedding page may receive it.
    window.parent.postMessage({ type: "warta:tinggi", height: Math.ceil(root.getBoundingClientRect().height) }, "*");
  };
  window.addEventListener("message", function (event) {
    if (event.source === window.parent && event.data && event.data.type === "warta:minta-tinggi") send();
  });
  if (window.ResizeObserver) {
    new window.ResizeObserver(send).observe(root);
  } else {
    window.addEventListener("resize", send);
  }
  window.addEventListener("load", send);
  send();
})();
