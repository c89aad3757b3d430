/* Warta's part of the form editor: reads and writes Warta's bulletin header (the `key: value`
   lines of docs/content.md, the grammar of warta.core.schema.parse_header), gives a new
   bulletin the next free verification code and its slug, speaks Indonesian, and starts Decap
   CMS with the configuration the build generated from the schema (config.json). */
(function (root) {
  "use strict";
  var KEY_LINE = /^[ ]{0,3}([A-Za-z0-9_-]+):\s*(.*)$/;
  var MORE_LINE = /^[ ]{4,}(.*)$/;
  var FENCE = /^(-{3}|\.{3})(\s.*)?$/;
  // C0 and C1 control characters other than tab and newline: the check refuses them.
  var CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/g;
  var ISO_MOMENT = /^(\d{4}-\d{2}-\d{2})[ T](\d{1,2})[:.](\d{2})$/;
  // The order `invoke new` writes; keys the form does not know follow, as written.
  var ORDER = ["status", "title", "date", "type", "kecamatan", "summary", "slug", "code", "topics", "urgency",
    "expires", "image", "image_alt", "transcript", "video", "sources", "changes", "modified",
    "withdrawn_reason", "supersedes", "test", "author"];
  var YES = ["ya", "yes", "true"];
  var SLUG_MAX = 60;

  function parseHeader(text, known) {
    var lines = text.split(/\r\n|\r|\n/), fields = {}, order = [], number = 0, current = null;
    if (lines.length && /^-{3}(\s.*)?$/.test(lines[0])) number = 1;
    for (; number < lines.length; number++) {
      var line = lines[number], key = KEY_LINE.exec(line);
      if (!line.trim() || FENCE.test(line)) { number++; break; }
      if (current && line.charAt(0) === "#") continue; // a comment of the header
      if (key && (!/^\s/.test(line) || known.indexOf(key[1].toLowerCase()) >= 0)) {
        current = key[1].toLowerCase();
        if (fields[current]) { current = "\u0000repeat"; fields[current] = []; continue; }
        fields[current] = [key[2].trim()];
        order.push(current);
      } else if (current && /^[ \t]/.test(line)) {
        var more = MORE_LINE.exec(line);
        fields[current].push((more ? more[1] : line).trim());
      } else {
        break; // not a header line: the check reports it; keep it in the body
      }
    }
    delete fields["\u0000repeat"];
    return { fields: fields, order: order, body: lines.slice(number).join("\n") };
  }

  function oneLine(value) {
    return String(value == null ? "" : value).replace(CONTROL, "").replace(/\s+/g, " ").trim();
  }

  function moment(value) {
    if (value instanceof Date) {
      var pad = function (n) { return (n < 10 ? "0" : "") + n; };
      return value.getFullYear() + "-" + pad(value.getMonth() + 1) + "-" + pad(value.getDate()) + " " +
        pad(value.getHours()) + ":" + pad(value.getMinutes());
    }
    var text = oneLine(value), iso = ISO_MOMENT.exec(text);
    return iso ? iso[1] + " " + (iso[2].length < 2 ? "0" : "") + iso[2] + ":" + iso[3] : text;
  }

  function areaKey(name) { return name.toLowerCase().replace(/[\s_-]+/g, " ").trim(); }

  function fromFile(text, facts) {
    var header = parseHeader(text, facts.keys), data = {}, extra = {};
    Object.keys(header.fields).forEach(function (key) {
      var values = header.fields[key], joined = values.filter(Boolean).join(" ").trim();
      switch (key) {
        case "date": case "expires": case "modified": data[key] = moment(joined); break;
        case "kecamatan":
          data[key] = joined.split(",").map(function (n) { return n.trim(); }).filter(Boolean)
            .map(function (n) { return facts.areas[areaKey(n)] || n; });
          break;
        case "topics": data[key] = joined.split(",").map(function (n) { return n.trim(); }).filter(Boolean); break;
        case "transcript": data[key] = values.filter(Boolean).join("\n"); break;
        case "sources":
          data[key] = values.filter(Boolean).map(function (entry) {
            var bar = entry.indexOf("|");
            return bar < 0 ? { name: entry.trim() } : { name: entry.slice(0, bar).trim(), url: entry.slice(bar + 1).trim() };
          });
          break;
        case "changes":
          data[key] = values.filter(Boolean).map(function (entry) {
            var bar = entry.indexOf("|");
            return { date: moment(bar < 0 ? entry : entry.slice(0, bar)), note: bar < 0 ? "" : entry.slice(bar + 1).trim() };
          });
          break;
        case "test": data[key] = YES.indexOf(joined.toLowerCase()) >= 0; if (!data[key] && joined) extra[key] = joined; break;
        default:
          if (ORDER.indexOf(key) >= 0) data[key] = joined; else extra[key] = values;
      }
    });
    if (Object.keys(extra).length) data.extra = extra;
    data.body = header.body.replace(/^\n+/, "");
    return data;
  }

  function plain(value) { return value && typeof value.toJS === "function" ? value.toJS() : value; }

  function list(value) {
    value = plain(value);
    if (value == null || value === "") return [];
    return Array.isArray(value) ? value : String(value).split(",");
  }

  function toFile(input, facts) {
    var data = {}, lines = [];
    input = plain(input);
    Object.keys(input).forEach(function (key) { data[key] = plain(input[key]); });
    var changes = list(data.changes).filter(function (c) { return c && (oneLine(c.note) || c.date); })
      .map(function (c) { return { date: moment(c.date), note: oneLine(c.note).replace(/\|/g, "/") }; });
    // `modified` is always the newest change note's time (the check's rule), never typed.
    data.modified = changes.map(function (c) { return c.date; }).sort().pop() || "";
    function put(key, values) {
      values = values.filter(function (v) { return v !== ""; });
      if (!values.length) return;
      lines.push(key + ": " + values[0]);
      values.slice(1).forEach(function (v) { lines.push("    " + v); });
    }
    ORDER.forEach(function (key) {
      var value = data[key];
      switch (key) {
        case "date": case "expires": case "modified": put(key, [moment(value)]); break;
        case "kecamatan":
          var areas = list(value).map(oneLine).filter(Boolean);
          put(key, [areas.indexOf(facts.whole) >= 0 ? facts.whole : areas.join(", ")]);
          break;
        case "topics":
          put(key, [list(value).map(function (t) { return oneLine(t).replace(/,/g, " "); }).filter(Boolean).join(", ")]);
          break;
        case "urgency": if (oneLine(value) && oneLine(value) !== "biasa") put(key, [oneLine(value)]); break;
        case "transcript":
          put(key, String(value == null ? "" : value).replace(CONTROL, "").split(/\r\n|\r|\n/)
            .map(function (l) { return l.replace(/\s+$/, "").replace(/^\s+/, ""); }).filter(Boolean));
          break;
        case "sources":
          put(key, list(value).filter(function (s) { return s && oneLine(s.name); }).map(function (s) {
            var name = oneLine(s.name).replace(/\|/g, "/"), url = oneLine(s.url);
            return url ? name + " | " + url : name;
          }));
          break;
        case "changes": put(key, changes.map(function (c) { return c.date + " | " + c.note; })); break;
        case "test": if (value === true) put(key, ["ya"]); break;
        default: put(key, [oneLine(value)]);
      }
    });
    var extra = data.extra || {};
    Object.keys(extra).forEach(function (key) {
      if (ORDER.indexOf(key) < 0 || key === "test") put(key, [].concat(extra[key]).map(oneLine));
    });
    var body = String(data.body == null ? "" : data.body).replace(/\r\n?/g, "\n").replace(/^\n+/, "").replace(/\s+$/, "");
    return lines.join("\n") + "\n\n" + body + "\n";
  }

  // Pelican's slugify with Warta's settings (ASCII, lowercase, dashes), cut at a word like `invoke new`.
  function slugify(title) {
    var slug = oneLine(title).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9_\s-]/g, "").replace(/[-\s_]+/g, "-").replace(/^-+|-+$/g, "");
    if (slug.length <= SLUG_MAX) return slug;
    var cut = slug.slice(0, SLUG_MAX + 1), dash = cut.lastIndexOf("-");
    return dash > 0 ? cut.slice(0, dash) : cut;
  }

  function today(timeZone, now) {
    var parts = {};
    new Intl.DateTimeFormat("en-GB", { timeZone: timeZone, year: "2-digit", month: "2-digit", day: "2-digit" })
      .formatToParts(now || new Date()).forEach(function (p) { parts[p.type] = p.value; });
    return parts.year + parts.month + parts.day;
  }

  // warta.core.scaffold.next_code: one above the highest number issued that day.
  function nextCode(prefix, day, codes) {
    var stem = prefix + "-" + day + "-", highest = 0;
    codes.forEach(function (code) {
      code = String(code).toUpperCase();
      var rest = code.slice(stem.length);
      if (code.indexOf(stem) === 0 && /^\d+$/.test(rest)) highest = Math.max(highest, parseInt(rest, 10));
    });
    var next = highest + 1;
    return stem + (next < 10 ? "0" : "") + next;
  }

  var LOCALE = {
    auth: { login: "Masuk", loggingIn: "Sedang masuk...", loginWithGitHub: "Masuk dengan GitHub",
      loginWithGitLab: "Masuk dengan GitLab" },
    app: { header: { content: "Buletin", workflow: "Alur persetujuan", media: "Gambar", quickAdd: "Tulis baru" },
      app: { errorHeader: "Pengaturan editor tidak bisa dimuat", configErrors: "Kesalahan pengaturan",
        checkConfigYml: "Bangun ulang situs (invoke build) lalu muat ulang halaman ini.",
        loadingConfig: "Memuat pengaturan...", waitingBackend: "Menunggu repositori..." },
      notFoundPage: { header: "Tidak ditemukan" } },
    collection: { sidebar: { collections: "Kumpulan", allCollections: "Semua", searchAll: "Cari", searchIn: "Cari di" },
      collectionTop: { sortBy: "Urutkan", viewAs: "Tampilan", newButton: "Tulis %{collectionLabel} baru",
        ascending: "Naik", descending: "Turun", filterBy: "Saring", groupBy: "Kelompokkan",
        searchResults: "Hasil pencarian \"%{searchTerm}\"",
        searchResultsInCollection: "Hasil pencarian \"%{searchTerm}\" di %{collection}" },
      entries: { loadingEntries: "Memuat buletin...", cachingEntries: "Menyiapkan buletin...",
        longerLoading: "Ini bisa memakan beberapa menit", noEntries: "Belum ada buletin" },
      defaultFields: { author: { label: "Penulis" }, updatedOn: { label: "Diubah" } } },
    editor: {
      editorControl: { field: { optional: "pilihan" } },
      editorControlPane: { widget: {
        required: "%{fieldLabel} wajib diisi.", regexPattern: "%{fieldLabel}: %{pattern}.",
        processing: "%{fieldLabel} sedang diproses.", range: "%{fieldLabel} harus antara %{minValue} dan %{maxValue}.",
        min: "%{fieldLabel} paling sedikit %{minValue}.", max: "%{fieldLabel} paling banyak %{maxValue}.",
        rangeCount: "%{fieldLabel} harus berisi %{minCount} sampai %{maxCount} pilihan.",
        rangeCountExact: "%{fieldLabel} harus berisi tepat %{count} pilihan.",
        rangeMin: "%{fieldLabel} harus berisi paling sedikit %{minCount} pilihan.",
        rangeMax: "%{fieldLabel} paling banyak berisi %{maxCount} pilihan." } },
      editor: {
        onLeavePage: "Yakin meninggalkan halaman ini? Perubahan yang belum disimpan akan hilang.",
        onUpdatingWithUnsavedChanges: "Ada perubahan yang belum disimpan; simpan dulu sebelum mengubah status.",
        onPublishingNotReady: "Ubah status menjadi \"Siap\" sebelum menerbitkan.",
        onPublishingWithUnsavedChanges: "Ada perubahan yang belum disimpan; simpan dulu sebelum menerbitkan.",
        onPublishing: "Terbitkan buletin ini? Permintaan penggabungannya akan digabung.",
        onDeleteUnpublishedChanges: "Semua perubahan yang belum terbit akan dihapus. Lanjutkan?",
        onDeleteUnpublishedChangesWithUnsavedChanges: "Semua perubahan yang belum terbit, juga yang belum disimpan, akan dihapus. Lanjutkan?",
        loadingEntry: "Memuat buletin...",
        confirmLoadBackup: "Ada salinan cadangan buletin ini di peramban. Pakai salinan itu?" },
      editorToolbar: {
        publishing: "Menerbitkan...", publish: "Terbitkan", published: "Sudah terbit", duplicate: "Salin",
        publishAndCreateNew: "Terbitkan lalu tulis baru", publishAndDuplicate: "Terbitkan lalu salin",
        deleteUnpublishedChanges: "Hapus perubahan yang belum terbit", deleteUnpublishedEntry: "Hapus draf ini",
        saving: "Menyimpan...", save: "Simpan",
        statusInfoTooltipDraft: "Status: draf. Bila siap diperiksa, ubah status menjadi \"Diperiksa\".",
        statusInfoTooltipInReview: "Sedang diperiksa penyetuju. Anda masih bisa mengubahnya.",
        deleting: "Menghapus...", updating: "Memperbarui...", status: "Status: %{status}",
        backCollection: " Menulis di %{collectionLabel}", unsavedChanges: "Belum disimpan",
        changesSaved: "Tersimpan", draft: "Draf", inReview: "Diperiksa", ready: "Siap", publishNow: "Terbitkan sekarang",
        deployPreviewPendingButtonLabel: "Periksa pratinjau", deployPreviewButtonLabel: "Lihat pratinjau",
        deployButtonLabel: "Lihat di situs" },
      editorWidgets: {
        markdown: { bold: "Tebal", italic: "Miring", link: "Tautan", linkPrompt: "Alamat tautan (https://...)",
          headings: "Subjudul", quote: "Kutipan", bulletedList: "Daftar berbutir", numberedList: "Daftar bernomor",
          addComponent: "Sisipkan", richText: "Teks", markdown: "Markdown" },
        image: { choose: "Pilih gambar", chooseDifferent: "Ganti gambar", remove: "Hapus gambar" },
        datetime: { now: "Sekarang" },
        list: { add: "Tambah %{item}", addType: "Tambah %{item}" } } },
    mediaLibrary: {
      mediaLibraryModal: { loading: "Memuat...", noResults: "Tidak ada hasil.", noAssetsFound: "Belum ada berkas.",
        noImagesFound: "Belum ada gambar.", images: "Gambar", mediaAssets: "Berkas", search: "Cari...",
        uploading: "Mengunggah...", upload: "Unggah", deleting: "Menghapus...", deleteSelected: "Hapus yang dipilih",
        chooseSelected: "Pakai yang dipilih" },
      mediaLibrary: { onDelete: "Hapus berkas yang dipilih?" } },
    ui: { default: { goBackToSite: "Kembali ke situs" }, settingsDropdown: { logOut: "Keluar" },
      toast: { onFailToPersist: "Gagal menyimpan: %{details}",
        missingRequiredField: "Ada kolom wajib yang belum diisi atau isinya belum benar; periksa kolom bertanda merah.",
        entrySaved: "Tersimpan: permintaan penggabungan dibuat atau diperbarui.", entryPublished: "Terbit: perubahan sudah digabung.",
        onFailToPublishEntry: "Gagal menerbitkan: %{details}", entryUpdated: "Status diperbarui",
        onDeleteUnpublishedChanges: "Perubahan yang belum terbit dihapus",
        onLoggedOut: "Anda sudah keluar; salin tulisan Anda lalu masuk lagi" } },
    workflow: {
      workflow: { loading: "Memuat alur persetujuan", workflowHeading: "Alur persetujuan", newPost: "Tulis buletin baru",
        description: "%{smart_count} buletin menunggu diperiksa, %{readyCount} siap terbit. |||| %{smart_count} buletin menunggu diperiksa, %{readyCount} siap terbit.",
        dateFormat: "D MMMM" },
      workflowCard: { lastChange: "%{date} oleh %{author}", lastChangeNoDate: "oleh %{author}",
        deleteChanges: "Hapus perubahan", deleteNewEntry: "Hapus draf", publishChanges: "Terbitkan perubahan",
        publishNewEntry: "Terbitkan" },
      workflowList: { onDeleteEntry: "Hapus buletin ini dari alur?",
        onPublishingNotReadyEntry: "Hanya buletin berstatus \"Siap\" yang bisa diterbitkan; seret kartunya ke kolom \"Siap\".",
        onPublishEntry: "Terbitkan buletin ini?", draftHeader: "Draf", inReviewHeader: "Diperiksa", readyHeader: "Siap",
        currentEntries: "%{smart_count} buletin |||| %{smart_count} buletin" } }
  };

  var api = { parseHeader: parseHeader, fromFile: fromFile, toFile: toFile, slugify: slugify, nextCode: nextCode,
    today: today, LOCALE: LOCALE };
  if (typeof module !== "undefined" && module.exports) { module.exports = api; return; }

  root.CMS_MANUAL_INIT = true; // before decap-cms.js runs: Warta's format must be registered first
  root.WartaEditor = api;

  function fetchJson(name) {
    return fetch(name, { cache: "no-cache" }).then(function (response) {
      if (!response.ok) throw new Error(name + ": " + response.status);
      return response.json();
    });
  }

  function start() {
    var CMS = root.CMS;
    Promise.all([fetchJson("config.json"), fetchJson("kode.json")]).then(function (found) {
      var config = found[0].decap, facts = found[0].warta, codes = found[1];
      var collection = config.collections[0];
      collection.fields.forEach(function (field) {
        if (field.name === "code") field["default"] = nextCode(facts.code_prefix, today(facts.timezone), codes);
      });
      CMS.registerLocale("id", LOCALE);
      CMS.registerCustomFormat("warta", "md", {
        fromFile: function (text) { return fromFile(text, facts); },
        toFile: function (data) { return toFile(data, facts); }
      });
      CMS.registerEventListener({ name: "preSave", handler: function (event) {
        var entry = event.entry, data = entry.get("data");
        if (!oneLine(data.get("slug"))) data = data.set("slug", slugify(data.get("title")));
        if (!entry.get("newRecord")) return data;
        // Another bulletin may have taken the code since the page loaded: take the next one.
        return fetchJson("kode.json").then(function (fresh) {
          if (fresh.indexOf(String(data.get("code")).toUpperCase()) >= 0) {
            data = data.set("code", nextCode(facts.code_prefix, today(facts.timezone), fresh));
          }
          return data;
        }, function () { return data; });
      } });
      CMS.init({ config: config });
    }).catch(function (error) {
      document.body.textContent = "Editor tidak bisa dimuat (" + error.message + "). Bangun ulang situs, lalu muat ulang halaman ini.";
    });
  }

  // Deferred, this script runs before decap-cms.js; both have run when the DOM is ready.
  if (document.readyState === "complete") start();
  else document.addEventListener("DOMContentLoaded", start);
})(this);
