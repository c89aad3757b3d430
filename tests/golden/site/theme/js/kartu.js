// Optional: draws a share card in the square, portrait or story ratio on request, so the
// server keeps one image file per bulletin. The build lays each card out (fonts, wrapping,
// QR code) and writes the drawing operations to bagikan-kartu-<hash>.json; this script only
// replays them on a canvas and saves the PNG. Without it (or without canvas support) the
// buttons stay hidden and the Open Graph image remains the download.
(function () {
  "use strict";
  var buttons = document.querySelectorAll("button[data-kartu]");
  var canvasWorks = !!window.HTMLCanvasElement && !!HTMLCanvasElement.prototype.toBlob;
  if (!buttons.length || !window.fetch || !window.FontFace || !document.fonts || !canvasWorks) return;
  var status = document.getElementById("kartu-status");
  var say = function (text) {
    if (!status) return;
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  };
  var layouts = {};
  var fonts = {};

  var layoutOf = function (url) {
    if (!layouts[url]) {
      layouts[url] = fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      });
    }
    return layouts[url];
  };
  // One family per font file, loaded once and shared by every card of the page.
  var fontFamily = function (url) {
    if (!fonts[url]) {
      var family = "warta-kartu-" + Object.keys(fonts).length;
      var face = new FontFace(family, "url(" + JSON.stringify(url) + ")");
      fonts[url] = face.load().then(function (loaded) { document.fonts.add(loaded); return family; });
    }
    return fonts[url];
  };
  var imageOf = function (url) {
    return new Promise(function (resolve, reject) {
      var image = new Image();
      image.onload = function () { resolve(image); };
      image.onerror = reject;
      image.src = url;
    });
  };

  // Pillow's shapes, on the canvas: rectangles and ellipses include their last pixel.
  var path = function (context, flat) {
    context.beginPath();
    context.moveTo(flat[0], flat[1]);
    for (var i = 2; i < flat.length; i += 2) context.lineTo(flat[i], flat[i + 1]);
  };
  var draw = function (context, op, families, mark) {
    var kind = op[0];
    if (kind === "r") {
      context.fillStyle = op[5];
      context.fillRect(op[1], op[2], op[3] - op[1] + 1, op[4] - op[2] + 1);
    } else if (kind === "e") {
      context.fillStyle = op[5];
      context.beginPath();
      context.ellipse((op[1] + op[3] + 1) / 2, (op[2] + op[4] + 1) / 2, (op[3] - op[1] + 1) / 2, (op[4] - op[2] + 1) / 2, 0, 0, 2 * Math.PI);
      context.fill();
    } else if (kind === "p") {
      path(context, op[1]);
      context.closePath();
      if (op[2]) { context.fillStyle = op[2]; context.fill(); }
      if (op[3]) { context.strokeStyle = op[3]; context.lineWidth = op[4]; context.stroke(); }
    } else if (kind === "l") {
      path(context, op[1]);
      context.strokeStyle = op[2];
      context.lineWidth = op[3];
      context.lineJoin = "round";
      context.stroke();
    } else if (kind === "t") {
      context.font = op[4] + "px " + families[op[3]];
      context.fillStyle = op[5];
      context.fillText(op[6], op[1], op[2]);
    } else if (kind === "q") {
      // As marks.draw_qr: one module of quiet zone, whole pixels per module, centred.
      var x = op[1], y = op[2], side = op[3], rows = op[4];
      var modules = rows.length + 2, scale = Math.floor(side / modules);
      var start = Math.floor((side - modules * scale) / 2) + scale;
      context.fillStyle = "#ffffff";
      context.fillRect(x, y, side, side);
      context.fillStyle = "#000000";
      rows.forEach(function (row, r) {
        for (var c = 0; c < row.length; c++) {
          if (row.charAt(c) === "1") context.fillRect(x + start + c * scale, y + start + r * scale, scale, scale);
        }
      });
    } else if (kind === "m" && mark) {
      var fit = Math.min(1, op[3] / mark.width, op[3] / mark.height);
      var w = Math.round(mark.width * fit), h = Math.round(mark.height * fit);
      context.drawImage(mark, op[1] + Math.floor((op[3] - w) / 2), op[2] + Math.floor((op[3] - h) / 2), w, h);
    }
  };

  var card = function (url, ratio) {
    return layoutOf(url).then(function (found) {
      var layout = found.cards[ratio];
      return Promise.all([
        Promise.all(found.fonts.map(fontFamily)),
        found.mark ? imageOf(found.mark) : Promise.resolve(null)
      ]).then(function (loaded) {
        var canvas = document.createElement("canvas");
        canvas.width = layout.width;
        canvas.height = layout.height;
        var context = canvas.getContext("2d");
        context.textBaseline = "alphabetic";
        context.textAlign = "left";
        if ("fontKerning" in context) context.fontKerning = "none"; // as Pillow's basic layout
        layout.ops.forEach(function (op) { draw(context, op, loaded[0], loaded[1]); });
        return new Promise(function (resolve, reject) {
          canvas.toBlob(function (blob) { return blob ? resolve(blob) : reject(new Error("toBlob")); }, "image/png");
        });
      });
    });
  };

  var save = function (blob, name) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 60000);
  };

  Array.prototype.forEach.call(buttons, function (button) {
    button.parentNode.hidden = false;
    button.addEventListener("click", function () {
      if (button.getAttribute("aria-busy") === "true") return;
      button.setAttribute("aria-busy", "true");
      say("Menggambar kartu…");
      var name = button.getAttribute("data-nama");
      card(button.getAttribute("data-kartu"), button.getAttribute("data-rasio")).then(
        function (blob) { save(blob, name); say("Kartu siap: " + name + " sudah diunduh."); },
        function () { say("Kartu tidak dapat digambar di peramban ini; unduh gambar Open Graph di atas."); }
      ).then(function () { button.removeAttribute("aria-busy"); });
    });
  });
})();
