/* /cek/: two optional enhancements; without JavaScript the page lists every code.
   1. The code form looks a code up in cek/index.json and opens its page (case, spaces and
      dashes do not matter).
   2. "Cek pesan terusan": a pasted message is matched to the bulletin it claims to be (by its
      code, else through the site's own Pagefind index, the year bundles the search page
      uses), then compared with that bulletin's official text (cek/<CODE>/teks.json): its
      state, the dates, times, numbers, amounts and places the message has and the official
      text lacks, or KLARIFIKASI when it is the hoax a rebuttal quotes under "Beredar".
   Everything runs here: only this site's static files are fetched, and the message is never
   put in a request. */
(function () {
  "use strict";

  /* ---- 1. The code form ---- */
  var key = function (text) { return text.toUpperCase().replace(/[^0-9A-Z]/g, ""); };
  var indexes = {};
  function loadIndex(url) {
    indexes[url] = indexes[url] || fetch(url).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    });
    return indexes[url];
  }
  var form = document.querySelector(".cek-form");
  if (form && window.fetch) {
    var input = form.querySelector("input");
    var result = form.querySelector(".cek-hasil");
    var lookup = function (code) {
      if (!key(code)) return;
      result.textContent = "Memeriksa…";
      loadIndex(form.getAttribute("data-index"))
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
  }

  /* ---- 2. The forwarded-message checker ---- */
  var box = document.querySelector(".terusan");
  if (!box || !window.fetch || !window.Promise || !String.prototype.normalize) return;
  var data = function (name) { return box.getAttribute("data-" + name) || ""; };
  var MATCH = 0.6;      // share of the message's words found in the official text
  var PAIRS = 0.3;      // share of its pairs of neighbouring words, likewise
  var MIN_WORDS = 5;    // fewer distinctive words than this cannot identify a bulletin
  var SURE = 1.8;       // words and pairs together: a copy this close to a coded bulletin is it
  var CANDIDATES = 3;   // bulletins fetched and compared after the index search
  var QUERY_WORDS = 10; // words searched one by one in the index
  var STOP = ("yang dan di ke dari untuk dengan pada ini itu atau akan juga dalam oleh karena sebagai " +
    "bagi agar para telah sudah bisa dapat ada adalah kami kita anda mereka saat serta tersebut " +
    "kode cek berlaku sampai lagi sejak dicabut pengumuman darurat hoaks tidak tanggal pukul wib wita wit http https www")
    .split(" ").reduce(function (set, w) { set[w] = true; return set; }, {});
  var MONTHS = {januari: 1, jan: 1, februari: 2, pebruari: 2, feb: 2, maret: 3, mar: 3, april: 4, apr: 4,
    mei: 5, juni: 6, jun: 6, juli: 7, jul: 7, agustus: 8, agu: 8, agt: 8, ags: 8, agust: 8, september: 9,
    sept: 9, sep: 9, oktober: 10, okt: 10, november: 11, nopember: 11, nov: 11, desember: 12, des: 12};
  var MONTH_NAMES = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember"];
  var MULTIPLIERS = {ribu: 1e3, rb: 1e3, k: 1e3, juta: 1e6, jt: 1e6, miliar: 1e9, milyar: 1e9, m: 1e9, triliun: 1e12, t: 1e12};
  var KINDS = {tanggal: "Tanggal", hari: "Hari", jam: "Jam", uang: "Jumlah uang", angka: "Angka atau nomor",
    tempat: "Tempat"};
  var STATES = {
    berlaku: ["found", "Masih berlaku"],
    diperbarui: ["found", "Masih berlaku, sudah diperbarui"],
    kedaluwarsa: ["expired", "Kedaluwarsa, tidak berlaku lagi"],
    dicabut: ["withdrawn", "DICABUT"]
  };

  // One character for one: offsets found in the cleaned text hold in the pasted one.
  function clean(text) {
    return text.replace(/[\u00a0\u2007\u202f\u200b]|[\u2010-\u2015\u2212]|[\u2018\u2019\u201c\u201d]|[\uff01-\uff5e]/g,
      function (c) {
        var code = c.charCodeAt(0);
        if (code >= 0xff01) return String.fromCharCode(code - 0xfee0);
        if (code >= 0x2018) return code < 0x201c ? "'" : "\"";
        if (code >= 0x2010) return "-";
        return " ";
      });
  }

  function words(text) {
    return (text.normalize("NFC").toLowerCase().match(/\p{L}[\p{L}']*/gu) || [])
      .filter(function (w) { return w.length >= 3 && !STOP[w]; });
  }
  function wordSet(text) {
    return words(text).reduce(function (set, w) { set[w] = true; return set; }, {});
  }
  /* The words of a text and its pairs of neighbouring words: a copy keeps the order of its
     words, a text on the same topic only its vocabulary. */
  function terms(text) {
    var list = words(text);
    var pairs = {};
    list.forEach(function (w, i) { if (i) pairs[list[i - 1] + " " + w] = true; });
    return {words: wordSet(text), pairs: pairs};
  }
  function share(message, official) {
    var count = function (kind) {
      var all = Object.keys(message[kind]);
      var found = all.filter(function (w) { return official[kind][w]; }).length;
      return [all.length ? found / all.length : 0, found, all.length];
    };
    var w = count("words");
    var p = count("pairs");
    return {score: w[0], found: w[1], of: w[2], pairs: p[0]};
  }

  /* Spans of the text that are not facts: links and verification codes. */
  function noise(text) {
    var spans = [];
    var re = new RegExp("(?:https?://|www\\.)\\S+|\\b" + (data("prefix") || "KRW") + "[ -]*\\d{6}[ -]*\\d{2}\\b", "gi");
    var m;
    while ((m = re.exec(text))) spans.push([m.index, m.index + m[0].length]);
    return spans;
  }
  function withoutNoise(text) {
    var out = text;
    noise(text).forEach(function (s) { out = out.slice(0, s[0]) + " ".repeat(s[1] - s[0]) + out.slice(s[1]); });
    return out;
  }
  /* Every code in the text, the last first: a share text ends with its own code, and a
     withdrawal notice in it may name the replacement's. */
  function findCodes(text) {
    var re = new RegExp("\\b(" + (data("prefix") || "KRW") + ")[ -]*(\\d{6})[ -]*(\\d{2})\\b", "gi");
    var codes = [];
    var m;
    while ((m = re.exec(text))) codes.unshift(m[1].toUpperCase() + "-" + m[2] + "-" + m[3]);
    return codes.filter(function (code, i) { return codes.indexOf(code) === i; });
  }

  /* ---- Facts: dates, day names, times, amounts, numbers, places ---- */
  function digits(text) { return text.replace(/\D/g, ""); }
  function numberKey(text) {
    text = text.replace(/[.,]$/, "");
    if (/^\d{1,3}(\.\d{3})+$/.test(text)) text = text.replace(/\./g, "");
    if (/^\d+$/.test(text) && text.length < 6) text = String(parseInt(text, 10));
    return text;
  }
  function amountValue(number, unit) {
    number = number.replace(/[.,]$/, "");
    var value;
    if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(number)) value = parseFloat(number.replace(/\./g, "").replace(",", "."));
    else if (!unit && /^\d{1,3}(,\d{3})+$/.test(number)) value = parseFloat(number.replace(/,/g, ""));
    else value = parseFloat(number.replace(",", "."));
    return Math.round(value * (unit ? MULTIPLIERS[unit.toLowerCase().replace(/\.$/, "")] || 1 : 1));
  }
  function rupiah(value) {
    if (value >= 1e6 && value % 1e5 === 0) return "Rp" + String(value / 1e6).replace(".", ",") + " juta";
    return "Rp" + String(value).replace(/\B(?=(\d{3})+$)/g, ".");
  }
  function dateLabel(d) { return d.d + " " + MONTH_NAMES[d.m - 1] + (d.y ? " " + d.y : ""); }
  function fullYear(y) { return !y ? 0 : y.length === 2 ? 2000 + parseInt(y, 10) : parseInt(y, 10); }
  function places() {
    return data("tempat").split("|").filter(Boolean).map(function (group) { return group.split(","); });
  }
  var PLACE_WORDS = ["Desa", "Kelurahan", "Kecamatan", "Dusun", "Kampung", "Kp.", "Jalan", "Jl.", "Puskesmas",
    "Pasar", "Balai Desa", "Lapangan", "Stadion", "GOR", "Masjid", "Gedung", "Aula", "RSUD", "Perumahan"];
  var escape = function (s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); };
  function placeKey(name) { return name.toLowerCase().replace(/\s+/g, " ").trim(); }

  /* Facts of a text: {kind, key, label, start, end, group (alias names, places only)}. */
  function facts(text) {
    var found = [];
    var taken = noise(text);
    var free = function (a, b) { return taken.every(function (s) { return b <= s[0] || a >= s[1]; }); };
    var add = function (fact) {
      if (!free(fact.start, fact.end)) return false;
      taken.push([fact.start, fact.end]);
      found.push(fact);
      return true;
    };
    var each = function (re, handle) {
      var m;
      re.lastIndex = 0;
      while ((m = re.exec(text))) handle(m);
    };
    var monthNames = Object.keys(MONTHS).sort(function (a, b) { return b.length - a.length; }).join("|");
    // Amounts: "Rp3,5 juta", "Rp 350.000", "350 ribu rupiah".
    each(/\bRp\.?\s?(\d[\d.,]*)(?:\s?(juta|jt|ribu|rb|miliar|milyar|triliun|k|m|t)\b\.?)?|\b(\d[\d.,]*)\s?(juta|ribu|miliar|milyar|triliun)\s+rupiah\b/gi,
      function (m) {
        var value = m[1] ? amountValue(m[1], m[2]) : amountValue(m[3], m[4]);
        var end = m.index + m[0].replace(/[.,]$/, "").length;
        if (value) add({kind: "uang", key: String(value), label: rupiah(value), start: m.index, end: end});
      });
    // Dates written out: "2 Juni 2020", "20-25 Juli 2020", "8 sampai 12 Maret 2021", "Selasa 23 Juni".
    each(new RegExp("\\b(\\d{1,2})(?:(\\s*(?:-|s\\.?d\\.?|s/d|sampai|hingga)\\s*)(\\d{1,2}))?\\s+(" + monthNames +
      ")\\b\\.?(?:,?\\s+(\\d{4})\\b)?", "gi"), function (m) {
      var month = MONTHS[m[4].toLowerCase()];
      var year = fullYear(m[5]);
      var last = {y: year, m: month, d: parseInt(m[3] || m[1], 10)};
      if (m[3]) {  // both ends of a range share the range's surroundings
        var first = {y: year, m: month, d: parseInt(m[1], 10)};
        var range = [m.index, m.index + m[0].length];
        add({kind: "tanggal", key: first, label: dateLabel(first), start: m.index, end: m.index + m[1].length, range: range});
        var at = m.index + m[1].length + m[2].length;
        add({kind: "tanggal", key: last, label: dateLabel(last), start: at, end: range[1], range: range});
      } else {
        add({kind: "tanggal", key: last, label: dateLabel(last), start: m.index, end: m.index + m[0].length});
      }
    });
    // Dates in figures: "02/06/2020", "2-6-20", "2020-06-02".
    each(/\b(\d{4})-(\d{1,2})-(\d{1,2})\b|\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\b/g, function (m) {
      var d = m[1] ? {y: +m[1], m: +m[2], d: +m[3]} : {y: fullYear(m[6]), m: +m[5], d: +m[4]};
      if (d.m >= 1 && d.m <= 12 && d.d >= 1 && d.d <= 31) {
        add({kind: "tanggal", key: d, label: dateLabel(d), start: m.index, end: m.index + m[0].length});
      }
    });
    // Times: "10.00 WIB", "08.00-16.00 WIB", "pukul 9.30", "14:00".
    each(/(?:\b(pukul|jam|pkl\.?)\s*)?\b([01]?\d|2[0-3])([.:])([0-5]\d)\b(?!\s*[.,]?\d)(?=(\s*(?:-\s*(?:[01]?\d|2[0-3])[.:][0-5]\d\s*)?(WIB|WITA|WIT)\b)?)/gi,
      function (m) {
        if (!(m[1] || m[3] === ":" || m[6])) return;
        var start = m.index + (m[1] ? m[0].length - m[2].length - m[3].length - m[4].length : 0);
        var label = (m[2].length === 1 ? "0" : "") + m[2] + "." + m[4];
        add({kind: "jam", key: label, label: label, start: start, end: m.index + m[0].length});
      });
    // Day names (capitalised: "minggu" is also "week").
    each(/\b(Senin|Selasa|Rabu|Kamis|Jum'?at|Sabtu|Minggu|Ahad|SENIN|SELASA|RABU|KAMIS|JUM'?AT|SABTU|MINGGU)\b/g,
      function (m) {
        var day = m[1].toLowerCase().replace("'", "").replace("ahad", "minggu");
        add({kind: "hari", key: day, label: m[1], start: m.index, end: m.index + m[0].length});
      });
    // Telephone numbers: "0811-2233-4455", "(0267) 123-456", "+62 811 2233 4455".
    each(/(?:\+62|\(?\b0\d{2,4}\)?)(?:[ -]?\d{2,5}){1,3}\b/g, function (m) {
      var number = digits(m[0]).replace(/^62/, "0");
      if (number.length >= 8) add({kind: "angka", key: number, label: m[0], start: m.index, end: m.index + m[0].length});
    });
    // Any other number.
    each(/\d+(?:[.,]\d+)*/g, function (m) {
      add({kind: "angka", key: numberKey(m[0]), label: m[0], start: m.index, end: m.index + m[0].length});
    });
    // Kecamatan names and their aliases, the longest first.
    var groups = places();
    var names = [];
    groups.forEach(function (group) { group.forEach(function (name) { names.push([name, group]); }); });
    names.sort(function (a, b) { return b[0].length - a[0].length; });
    // As written or in capitals: "pangkalan" is also a common noun.
    var written = function (name) { return escape(name).replace(/\s+/g, "\\s+"); };
    names.forEach(function (pair) {
      each(new RegExp("\\b(?:" + written(pair[0]) + "|" + written(pair[0].toUpperCase()) + ")\\b", "g"), function (m) {
        add({kind: "tempat", key: placeKey(pair[0]), label: m[0], start: m.index, end: m.index + m[0].length,
          group: pair[1]});
      });
    });
    // Named places: "Desa Sukamulya", "Puskesmas Telagasari", "Jl. Tuparev".
    var lead = PLACE_WORDS.map(function (w) {
      return "[" + w[0] + w[0].toLowerCase() + "]" + escape(w.slice(1));
    }).join("|");
    each(new RegExp("\\b(?:" + lead + ")\\s+((?:\\p{Lu}[\\p{L}'-]*)(?:\\s+\\p{Lu}[\\p{L}'-]*){0,2})", "gu"), function (m) {
      var name = m[1];
      var start = m.index + m[0].length - name.length;
      add({kind: "tempat", key: placeKey(name), label: name, start: start, end: start + name.length});
    });
    return found.sort(function (a, b) { return a.start - b.start; });
  }

  function sameDate(a, b) { return a.d === b.d && a.m === b.m && (!a.y || !b.y || a.y === b.y); }
  /* Whether `fact` of one text is said by the other text (its facts and its plain text). */
  function said(fact, other) {
    if (fact.kind === "tanggal") {
      return other.facts.some(function (f) { return f.kind === "tanggal" && sameDate(f.key, fact.key); });
    }
    if (fact.kind === "tempat") {
      return (fact.group || [fact.key]).some(function (name) {
        return new RegExp("(^|[^\\p{L}])" + escape(placeKey(name)).replace(/ /g, "\\s+") + "($|[^\\p{L}])", "u")
          .test(other.lower);
      });
    }
    if (fact.kind === "angka") {
      // A number may stand in another kind of fact there ("2021" in a date, "350" in an amount).
      return other.numbers[fact.key] || other.facts.some(function (f) { return f.kind === "angka" && f.key === fact.key; });
    }
    return other.facts.some(function (f) { return f.kind === fact.kind && f.key === fact.key; });
  }
  function reading(text) {
    text = clean(text);
    var numbers = {};
    (withoutNoise(text).match(/\d+(?:[.,]\d+)*/g) || []).forEach(function (n) { numbers[numberKey(n)] = true; });
    return {text: text, lower: placeKey(text.normalize("NFC")), facts: facts(text), numbers: numbers};
  }

  /* ---- The official text and the index ---- */
  function officialText(t, withClaim) {
    return [t.title, t.published_text, t.expires_text, t.summary, t.withdrawn_reason,
      t.changed ? t.changed.text + " " + t.changed.note : "", t.text, withClaim ? t.claim : ""].join("\n");
  }
  var texts = {};
  function loadText(code) {
    texts[code] = texts[code] || fetch(data("teks").replace("{code}", code)).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    });
    return texts[code];
  }
  var pagefind = null;
  function loadPagefind() {
    var bundles = data("bundles").split(" ").filter(Boolean);
    if (!bundles.length) return Promise.reject(new Error("no search index"));
    if (!pagefind) {
      var base = data("base") || "/";
      pagefind = import(bundles[0] + "pagefind.js").then(function (pf) {
        return pf.options({baseUrl: base}).then(function () {
          return Promise.all(bundles.slice(1).map(function (path) { return pf.mergeIndex(path, {baseUrl: base}); }));
        }).then(function () { return pf; });
      });
      pagefind.catch(function () { pagefind = null; });
    }
    return pagefind;
  }
  /* The bulletins the index finds for the message's longest words, each searched alone (the
     index wants every word of a query on one page); a rarer word counts more. */
  function searchCandidates(message, index) {
    var unique = Object.keys(wordSet(message)).filter(function (w) { return w.length >= 4; });
    unique.sort(function (a, b) { return b.length - a.length; });
    var byPage = {};
    Object.keys(index).forEach(function (k) { byPage[new URL(index[k].page, location.href).pathname] = index[k].code; });
    return loadPagefind().then(function (pf) {
      return Promise.all(unique.slice(0, QUERY_WORDS).map(function (w) { return pf.search(w); }));
    }).then(function (searches) {
      var votes = {};
      searches.forEach(function (search) {
        var weight = 1 / Math.log2(2 + search.results.length);
        search.results.forEach(function (r) {
          votes[r.id] = votes[r.id] || {result: r, score: 0};
          votes[r.id].score += weight;
        });
      });
      var best = Object.keys(votes).map(function (id) { return votes[id]; })
        .sort(function (a, b) { return b.score - a.score; }).slice(0, CANDIDATES);
      return Promise.all(best.map(function (v) { return v.result.data(); }));
    }).then(function (pages) {
      return pages.map(function (p) { return byPage[new URL(p.url, location.href).pathname]; }).filter(Boolean);
    });
  }

  /* ---- Comparing ---- */
  function compare(message, t) {
    var said_ = terms(withoutNoise(message));
    var rest = share(said_, terms(officialText(t, false)));
    var all = share(said_, terms(officialText(t, true)));
    var claim = t.claim ? share(said_, terms(t.claim)) : {score: 0, pairs: 0};
    return {text: t, score: all.score, pairs: all.pairs, words: all.of, found: all.found,
      close: all.score >= MATCH && all.pairs >= PAIRS,
      hoax: t.hoax && claim.score >= MATCH && claim.pairs >= PAIRS && claim.score > rest.score};
  }
  /* The words around a fact, the nearest first on each side. */
  function context(text, fact) {
    var span = fact.range || [fact.start, fact.end];
    return [words(text.slice(Math.max(0, span[0] - 80), span[0])).slice(-3).reverse(),
      words(text.slice(span[1], span[1] + 80)).slice(0, 3)];
  }
  /* How alike two contexts are: a word at the same distance counts twice. */
  function alike(a, b) {
    var score = 0;
    [0, 1].forEach(function (side) {
      a[side].forEach(function (w, i) { score += b[side][i] === w ? 2 : b[side].indexOf(w) >= 0 ? 1 : 0; });
    });
    return score;
  }
  function sameValue(f, o) {
    if (f.kind !== o.kind) return false;
    if (f.kind === "tanggal") return sameDate(f.key, o.key);
    if (f.kind === "tempat") {
      return (f.group || [f.key]).map(placeKey).indexOf(o.key) >= 0 || (o.group || [o.key]).map(placeKey).indexOf(f.key) >= 0;
    }
    return f.key === o.key;
  }
  /* What the message says that the official text does not, each with the official fact in
     its place (the same kind, between the same words), if any. A value the official text has
     elsewhere still differs when the official text has another one right there ("Jumat,
     25 Juni" in a date line that officially reads "Kamis, 24 Juni"). */
  function differences(message, t) {
    var mine = reading(message);
    var official = reading(officialText(t, true));
    return mine.facts.filter(function (f) {
      var around = context(mine.text, f);
      var same = said(f, official) ? 0 : -1;
      var other = 2;
      var instead = null;
      official.facts.forEach(function (o) {
        if (o.kind !== f.kind) return;
        var score = alike(around, context(official.text, o));
        if (sameValue(f, o)) {
          same = Math.max(same, score);
          return;
        }
        if (said(o, mine)) score -= 0.5;  // the message has that one elsewhere
        if (f.range && o.range && (f.start === f.range[0]) !== (o.start === o.range[0])) score -= 0.25;
        if (score > other) {
          other = score;
          instead = o;
        }
      });
      f.official = instead && (instead.kind === "tanggal" ? dateLabel(instead.key) : instead.label);
      return same < 0 || (instead && other >= 5 && other > same + 2);
    });
  }

  /* ---- Drawing the result (text nodes only: the message is untrusted) ---- */
  function el(name, attrs, children) {
    var node = document.createElement(name);
    Object.keys(attrs || {}).forEach(function (a) { node.setAttribute(a, attrs[a]); });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }
  function link(href, text) { return el("a", {href: href}, [text]); }
  function stateOf(t) {
    // The build's state, and the device's clock for an expiry since the last build.
    if ((t.state === "berlaku" || t.state === "diperbarui") && t.expires && Date.parse(t.expires) <= Date.now()) {
      return "kedaluwarsa";
    }
    return t.state;
  }
  function stateLines(t, state) {
    var lines = [el("p", {}, ["Diterbitkan " + t.published_text + "."])];
    if (state === "dicabut") {
      lines.push(el("p", {}, [t.withdrawn_reason ? "Alasan pencabutan: " + t.withdrawn_reason : "Buletin ini sudah dicabut."]));
    } else if (state === "kedaluwarsa" && t.expires_text) {
      lines.push(el("p", {}, ["Tidak berlaku lagi sejak " + t.expires_text + "."]));
    } else if (t.expires_text) {
      lines.push(el("p", {}, ["Berlaku sampai " + t.expires_text + "."]));
    }
    if (t.changed) lines.push(el("p", {}, ["Diperbarui " + t.changed.text + ": " + t.changed.note]));
    if (t.latest) {
      lines.push(el("p", {}, ["Informasi terbaru: ", link(t.latest.url, t.latest.title), " (kode " + t.latest.code + ")"]));
    } else if (t.replaced_by) {
      lines.push(el("p", {}, ["Diganti oleh ", link(t.replaced_by.url, t.replaced_by.title),
        " (kode " + t.replaced_by.code + "), yang juga sudah tidak berlaku."]));
    }
    return lines;
  }
  function marked(message, extra) {
    var out = el("div", {"class": "pesan"});
    var at = 0;
    extra.forEach(function (f) {
      if (f.start < at) return;
      out.appendChild(document.createTextNode(message.slice(at, f.start)));
      out.appendChild(el("mark", {}, [message.slice(f.start, f.end)]));
      at = f.end;
    });
    out.appendChild(document.createTextNode(message.slice(at)));
    return out;
  }
  function listDifferences(message, extra) {
    var seen = {};
    return extra.filter(function (f) {
      var text = message.slice(f.start, f.end);
      return seen[text] ? false : (seen[text] = true);
    }).map(function (f) {
      var item = el("li", {}, [el("strong", {}, [KINDS[f.kind]]), ": pesan menyebut ",
        el("mark", {}, [message.slice(f.start, f.end)])]);
      if (f.official) {
        item.appendChild(document.createTextNode(", teks resmi menyebut "));
        item.appendChild(el("mark", {"class": "resmi"}, [f.official]));
        item.appendChild(document.createTextNode("."));
      } else {
        item.appendChild(document.createTextNode(", yang tidak ada di teks resmi."));
      }
      return item;
    });
  }

  var status = box.querySelector(".terusan-status");
  var out = box.querySelector(".terusan-hasil");
  function show(verdict, summary, nodes) {
    out.textContent = "";
    out.setAttribute("data-verdict", verdict);
    nodes.forEach(function (n) { out.appendChild(n); });
    status.textContent = summary;
    // On a phone the answer starts below the fold: bring its first lines up.
    var top = out.getBoundingClientRect().top;
    if (nodes.length && (top < 0 || top > window.innerHeight - 120)) out.scrollIntoView({block: "start"});
  }
  function notFound(codeNote) {
    var advice = [
      "Jangan teruskan pesan ini sebelum jelas sumbernya.",
      "Cari kode verifikasi seperti " + (data("prefix") || "KRW") + "-200602-01 pada pesan atau gambarnya, lalu periksa kodenya di bawah.",
      "Cari topiknya di halaman pencarian atau daftar buletin situs resmi.",
      "Bila ragu, tanyakan kepada kantor yang disebut dalam pesan atau kepada kami."
    ];
    show("tidak-ditemukan", "Tidak ditemukan buletin resmi yang cocok.", [el("div", {"class": "notice"}, [
      el("p", {"class": "notice-title"}, [el("strong", {}, ["Tidak ditemukan buletin resmi yang cocok"])]),
      el("p", {}, [(codeNote ? codeNote + " " : "") + "Isi pesan ini tidak sama dengan buletin mana pun di situs resmi. " +
        "Belum tentu hoaks, tetapi juga bukan informasi resmi."]),
      el("ul", {}, advice.map(function (a) { return el("li", {}, [a]); }))
    ])]);
  }
  function showHoax(t) {
    show("klarifikasi", "KLARIFIKASI: pesan ini hoaks yang sudah dibantah. " + t.title, [el("div", {"class": "notice hoax"}, [
      el("p", {"class": "notice-title"}, [el("strong", {}, ["Klarifikasi"]), " · Pesan ini hoaks"]),
      el("p", {}, ["Isi pesan ini sama dengan kabar beredar yang sudah dibantah dalam klarifikasi resmi ",
        link(t.url, t.title), " (kode " + t.code + ")."]),
      el("p", {}, ["Jangan teruskan pesan ini. Bila ingin membantu, teruskan tautan klarifikasinya."])
    ])]);
  }
  function showMatch(message, match, codeNote) {
    var t = match.text;
    var state = stateOf(t);
    var look = STATES[state] || STATES.berlaku;
    var about = [link(t.url, t.title), " (kode ", link(t.check, t.code), "). Yang berlaku adalah isi di situs resmi."];
    if (!match.close) {
      // A real code on a text of its own: no use listing every difference.
      var warning = "Kode " + t.code + " asli, tetapi isi pesan BUKAN isi buletin itu";
      show("berbeda", warning + ". Jangan teruskan pesan ini.", [el("div", {"class": "notice withdrawn", "data-state": state}, [
        el("p", {"class": "notice-title"}, [el("strong", {}, [warning])]),
        el("p", {}, ["Isi pesan hampir seluruhnya berbeda dari buletin resmi "].concat(about)),
        el("p", {}, ["Jangan teruskan pesan ini. Status buletin resmi itu: " + look[1].toLowerCase() + "."])
      ])]);
      return;
    }
    var extra = differences(message, t);
    var items = listDifferences(message, extra);
    var same = !extra.length;
    var verdict = same ? "Pesan sesuai dengan buletin resmi" : "Pesan berbeda dari buletin resmi";
    var lines = [
      el("p", {"class": "notice-title"}, [el("strong", {}, [look[1]]), " · " + verdict]),
      el("p", {}, [(codeNote ? codeNote + " " : "") + (same ? "Pesan ini sesuai dengan buletin resmi " :
        "Pesan ini menyerupai buletin resmi ")].concat(about))
    ];
    if (!same) lines.push(el("p", {}, ["Jangan teruskan pesan ini; bagikan tautan buletin resminya."]));
    if (t.hoax) {
      lines.push(el("p", {}, ["Buletin ini klarifikasi hoaks: kabar yang dibantahnya tidak benar. " +
        "Klarifikasi ini boleh diteruskan bersama tautannya."]));
    }
    var notice = el("div", {"class": "notice " + look[0], "data-state": state}, lines.concat(stateLines(t, state)));
    var nodes = [notice, el("h3", {}, ["Perbedaan dengan teks resmi"])];
    if (same) {
      nodes.push(el("p", {}, ["Tidak ada tanggal, hari, jam, angka, jumlah uang atau tempat dalam pesan yang berbeda dari teks resmi."]));
    } else {
      nodes.push(el("ul", {"class": "beda"}, items));
      nodes.push(el("h3", {}, ["Pesan yang Anda tempel"]));
      nodes.push(el("p", {}, ["Bagian yang disorot berbeda dari teks resmi."]));
      nodes.push(marked(message, extra));
    }
    var summary = verdict + ": " + t.title + ". Status: " + look[1] + "." +
      (same ? "" : " " + items.length + " hal berbeda dari teks resmi.");
    show(same ? "sesuai" : "berbeda", summary, nodes);
  }

  function failed() {
    show("gagal", "Gagal memeriksa pesan.", [el("p", {}, ["Gagal memeriksa pesan: sebagian berkas situs tidak dapat " +
      "dimuat. Periksa sambungan Anda dan coba lagi, atau periksa dengan kode di bawah."])]);
  }
  function rank(a, b) { return b.score + b.pairs - a.score - a.pairs; }

  function check(pasted) {
    var message = clean(pasted);
    if (!message.trim()) {
      show("kosong", "Tempelkan pesan yang ingin diperiksa terlebih dahulu.", []);
      return Promise.resolve();
    }
    show("memeriksa", "Memeriksa…", [el("p", {}, ["Memeriksa…"])]);
    var codes = findCodes(message);
    var content = withoutNoise(message);
    var codeNote = "";
    var coded = [];
    var searchFailed = false;
    return loadIndex(data("index")).then(function (index) {
      // A code in the message names the bulletin at once; the index is searched only when
      // the text is not that bulletin's, nearly word for word.
      var known = codes.filter(function (c) { return index[key(c)]; });
      if (codes.length && !known.length) {
        codeNote = "Kode " + codes.join(", ") + " dalam pesan tidak terdaftar di situs resmi.";
      }
      return Promise.all(known.map(function (c) { return loadText(index[key(c)].code); })).then(function (list) {
        coded = list.map(function (t) { return compare(content, t); }).sort(rank);
        var best = coded[0];
        if (best && best.close && !best.hoax && best.score + best.pairs >= SURE) return [best];
        if (!coded.length && Object.keys(wordSet(content)).length < MIN_WORDS) return null;
        return searchCandidates(content, index).catch(function () {
          searchFailed = true;
          return [];
        }).then(function (found) {
          return Promise.all(found.map(function (c) { return loadText(c).catch(function () { return null; }); }));
        }).then(function (list) {
          return coded.concat(list.filter(Boolean).map(function (t) { return compare(content, t); })).sort(rank);
        });
      });
    }).then(function (matches) {
      if (!matches) {
        show("terlalu-pendek", "Pesan terlalu pendek untuk dicocokkan.", [el("p", {}, [(codeNote ? codeNote + " " : "") +
          "Pesan terlalu pendek untuk dicocokkan dengan buletin. Tempelkan seluruh pesan, atau periksa kodenya di bawah."])]);
        return;
      }
      var best = matches[0];
      if (best && best.hoax) return showHoax(best.text);
      if (best && best.close && best.found >= MIN_WORDS) return showMatch(message, best, codeNote);
      if (coded.length) return showMatch(message, coded[0], "");
      if (searchFailed) return failed();
      notFound(codeNote);
    }).catch(function (error) {
      if (window.console) console.error(error);
      failed();
    });
  }

  box.hidden = false;
  var pesan = box.querySelector("textarea");
  box.querySelector("form").addEventListener("submit", function (event) {
    event.preventDefault();
    check(pesan.value);
  });
})();
