/* Search page (/cari/): Pagefind's JavaScript API over every bundle in data-bundles (one per
   year, newest first; the others are merged into the first), the results drawn as the site's
   own bulletin list: type, urgency and state badges, the Indonesian date, the kecamatan and
   Pagefind's excerpt. "Paling sesuai" ranks expired and withdrawn bulletins below current ones
   of similar relevance; "Terbaru" orders by publication date. `?q=kata&urut=terbaru` opens
   with a search. Without JavaScript the form stays hidden and the page lists the archive and
   the list pages. */
(function () {
  "use strict";
  var PAGE = 10;
  var OLD_WEIGHT = 0.5; // an expired or withdrawn bulletin counts half as relevant as a current one
  var HOAX = "Klarifikasi Hoaks"; // core.model.HOAX_REBUTTAL: drawn in the hoax colour
  var STATES = { kedaluwarsa: ["expired", "Tidak berlaku lagi"], dicabut: ["withdrawn", "Dicabut"] };
  var GROUPS = [["jenis", "Jenis"], ["kecamatan", "Kecamatan"], ["tahun", "Tahun"]];

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function start() {
    var form = document.getElementById("cari");
    var bundles = form ? form.getAttribute("data-bundles").split(" ").filter(Boolean) : [];
    if (!bundles.length) return;
    // A classic script's import() resolves against the script's URL: resolve against the page.
    bundles = bundles.map(function (path) { return new URL(path, window.location.href).href; });
    var base = form.getAttribute("data-base");
    var input = form.elements.q;
    var box = form.querySelector(".cari-saring");
    var groups = box.querySelector(".cari-saringan");
    var status = document.querySelector(".cari-status");
    var list = document.querySelector(".cari-hasil");
    var more = document.querySelector(".cari-lagi");
    var chosen = {}; // filter -> values ticked (any of them)
    var run = 0, order = [], shown = 0, term = "";
    var options = { baseUrl: base, excerptLength: 24 };
    var ready = null;

    function load() { // on the first focus or search, not with the page
      ready = ready || import(bundles[0] + "pagefind.js").then(async function (pagefind) {
        // noWorker: the search runs on the page; Pagefind's worker would add a 41 KB script
        // to the first search, for searches that take milliseconds.
        await pagefind.options(Object.assign({ noWorker: true }, options));
        for (var i = 1; i < bundles.length; i++) await pagefind.mergeIndex(bundles[i], options);
        await pagefind.filters(); // searches then count the results under each filter value
        return pagefind;
      }).catch(function (error) {
        ready = null; // a dropped connection: the next search tries again
        throw error;
      });
      return ready;
    }

    function filters(extra) {
      var out = {};
      Object.keys(chosen).forEach(function (name) { if (chosen[name].length) out[name] = { any: chosen[name] }; });
      return Object.assign(out, extra);
    }

    async function ranked(pagefind, found) {
      if (form.elements.urut.value === "terbaru") {
        // Pagefind sorts within each bundle and merges bundles by score, which interleaves
        // years; one sorted search per year, newest first, keeps the dates in order.
        var years = Object.keys(found.filters.tahun || {}).filter(function (year) {
          return found.filters.tahun[year] > 0;
        }).sort().reverse();
        var parts = await Promise.all(years.map(function (year) {
          return pagefind.search(term, { filters: filters({ tahun: year }), sort: { tanggal: "desc" } });
        }));
        return parts.flatMap(function (part) { return part.results; });
      }
      var current = await pagefind.search(term, { filters: filters({ status: "berlaku" }) });
      var isCurrent = new Set(current.results.map(function (result) { return result.id; }));
      return found.results.map(function (result, index) {
        return { result: result, index: index, score: result.score * (isCurrent.has(result.id) ? 1 : OLD_WEIGHT) };
      }).sort(function (a, b) { return b.score - a.score || a.index - b.index; })
        .map(function (entry) { return entry.result; });
    }

    async function search(delay, newTerm) {
      var id = ++run;
      if (delay) await new Promise(function (resolve) { setTimeout(resolve, delay); });
      if (id !== run) return;
      term = input.value.trim();
      var address = new URL(window.location.href);
      address.searchParams.delete("q");
      address.searchParams.delete("urut");
      if (term) address.searchParams.set("q", term);
      if (form.elements.urut.value) address.searchParams.set("urut", form.elements.urut.value);
      window.history.replaceState(null, "", address);
      if (!term) {
        status.textContent = "";
        list.replaceChildren();
        list.hidden = more.hidden = box.hidden = true;
        return;
      }
      status.textContent = "Mencari…";
      var pagefind, found, results;
      try {
        pagefind = await load();
        found = await pagefind.search(term, { filters: filters() });
        results = await ranked(pagefind, found);
      } catch (error) {
        if (id === run) status.textContent = "Pencarian gagal dimuat. Telusuri buletin lewat daftar di bawah.";
        return;
      }
      if (id !== run) return;
      if (newTerm) drawFilters(found.totalFilters);
      order = results;
      shown = 0;
      list.replaceChildren();
      await showMore(id, false);
      if (id !== run) return;
      status.textContent = order.length
        ? order.length + " buletin untuk “" + term + "”" + (Object.keys(filters()).length ? ", disaring" : "")
        : "Tidak ada buletin untuk “" + term + "”. Coba kata lain, atau telusuri daftar di bawah.";
    }

    async function showMore(id, focus) {
      var page = order.slice(shown, shown + PAGE);
      var data = await Promise.all(page.map(function (result) { return result.data(); }));
      if (id !== run) return;
      var first = null;
      data.forEach(function (result) {
        var node = item(result);
        first = first || node;
        list.append(node);
      });
      shown += page.length;
      list.hidden = !shown;
      more.hidden = shown >= order.length;
      if (focus && first) first.querySelector("a").focus();
    }

    function item(result) {
      var meta = result.meta || {}, tags = result.filters || {};
      var state = (tags.status || [])[0];
      // The index says what held when the site was built; the expiry is checked again here.
      if (meta.berlaku_sampai && Date.parse(meta.berlaku_sampai) <= Date.now()) state = "kedaluwarsa";
      var old = STATES[state];
      var node = el("li", "item" + (old ? " is-old" : ""));
      var title = el("h2", "item-title");
      var link = el("a", null, meta.title);
      link.href = result.url;
      title.append(link);
      var badges = el("p", "badges");
      (tags.jenis || []).forEach(function (type) {
        badges.append(el("span", "badge type" + (type === HOAX ? " hoax" : ""), type));
      });
      if (meta.urgensi && !old) {
        badges.append(el("span", "badge u-" + meta.urgensi, meta.urgensi[0].toUpperCase() + meta.urgensi.slice(1)));
      }
      if (old) badges.append(el("span", "badge " + old[0], old[1]));
      var when = el("p", "meta");
      var date = el("time", null, meta.terbit);
      date.dateTime = meta.tanggal || "";
      when.append(date, meta.wilayah ? " · " + meta.wilayah : "");
      var excerpt = el("p", "summary");
      excerpt.innerHTML = result.excerpt; // Pagefind escapes the page's text and adds only <mark>
      node.append(title, badges, when, excerpt);
      return node;
    }

    function drawFilters(counts) {
      groups.replaceChildren();
      GROUPS.forEach(function (group) {
        var name = group[0], values = counts[name] || {};
        var kept = chosen[name] || [];
        var names = Object.keys(values).filter(function (value) { return values[value] > 0 || kept.indexOf(value) >= 0; });
        if (names.length < 2 && !kept.length) return; // one value would filter nothing out
        names.sort(function (a, b) { return name === "tahun" ? b.localeCompare(a) : a.localeCompare(b, "id"); });
        var set = el("fieldset", "cari-grup"), grid = el("div", "cari-nilai");
        set.append(el("legend", null, group[1]), grid);
        names.forEach(function (value) {
          var label = el("label");
          var tick = el("input");
          tick.type = "checkbox";
          tick.name = name;
          tick.value = value;
          tick.checked = kept.indexOf(value) >= 0;
          var text = el("span", null, value + " ");
          text.append(el("span", "jumlah", "(" + (values[value] || 0) + ")"));
          label.append(tick, text);
          grid.append(label);
        });
        groups.append(set);
      });
      box.hidden = !groups.children.length;
      count();
    }

    function count() {
      var ticked = groups.querySelectorAll("input:checked").length;
      box.querySelector("summary").textContent = "Saring hasil" + (ticked ? " (" + ticked + " dipilih)" : "");
    }

    form.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); search(0, true); });
    input.addEventListener("input", function () { search(300, true); });
    input.addEventListener("focus", function () { load().catch(function () {}); }, { once: true });
    form.addEventListener("change", function (event) {
      var target = event.target;
      if (target.type === "checkbox") {
        chosen[target.name] = Array.prototype.map.call(
          groups.querySelectorAll("input[name='" + target.name + "']:checked"), function (tick) { return tick.value; });
        count();
        search(0, false);
      } else if (target.name === "urut") {
        search(0, false);
      }
    });
    more.querySelector("button").addEventListener("click", function () { showMore(run, true); });
    var asked = new URLSearchParams(window.location.search);
    input.value = asked.get("q") || "";
    if (asked.get("urut") === "terbaru") form.elements.urut.value = "terbaru";
    if (input.value) search(0, true);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
