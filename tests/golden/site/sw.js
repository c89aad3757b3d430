// Warta's service worker (plugins/offline; docs/features.md, "Offline reading"). It keeps the
// current emergencies, the lite edition's newest pages and every page the reader opened, within
// a storage budget, and marks a kept copy whose emergency has ended by the device's clock, so an
// ended emergency is never shown as current. The build writes CONFIG; offline.json lists what
// to keep ahead of need. The clock is read through Date.now() alone.
"use strict";
const CONFIG = {"bytes": 3000000, "days": ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"], "immutable": ["(^|/)bagikan-[a-z]+-[0-9a-f]{8,}\\.(jpg|png|json|pdf)$", "-[0-9]+w-[0-9a-f]{8,}\\.(jpe?g|png|webp|avif)$", "\\.pf_(fragment|index|meta|filter)$"], "index": "offline.json", "months": ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"], "pages": 60, "site": "Warta Karawang", "timeout": 4000, "timezone": "Asia/Jakarta", "zone": "WIB"};
const PRECACHE = "warta-precache"; // offline.json's list, fetched again by revision
const STORE = "warta-pages"; // pages and files the reader opened, within the budget
const SAVED = "x-warta-saved", USED = "x-warta-used", SIZE = "x-warta-bytes", TITLE = "x-warta-title";
const CHECK_EVERY = 60000; // ms between two looks at offline.json while pages load
const scope = self.registration.scope;
const here = (url) => new URL(url, scope).href;
const pathOf = (href, base) => { try { return new URL(href, base).pathname; } catch (e) { return ""; } };
const immutable = CONFIG.immutable.flatMap((p) => { try { return [new RegExp(p)]; } catch (e) { return []; } });
const EXPIRES = /<(\w+)([^>]*?)\sdata-expires="([^"]*)"([^>]*)>([\s\S]*?)<\/\1>/g;
const LINK = /<a\b[^>]*?\shref="([^"]*)"[^>]*>[\s\S]*?<\/a>/g;
const NOTICE = "margin:.75rem 0;padding:.5rem .75rem;border-left:4px solid #8a5a00;background:#fff4d6;color:#0b0c0c";
let refreshing = null, checked = 0, queue = Promise.resolve();

self.addEventListener("install", (event) => event.waitUntil(refresh(true).then(() => self.skipWaiting())));

self.addEventListener("activate", (event) => event.waitUntil((async () => {
  for (const name of await caches.keys()) {
    if (name.startsWith("warta-") && name !== PRECACHE && name !== STORE) await caches.delete(name);
  }
  await self.clients.claim();
  // The page that registered the worker loaded before it: keep that page too.
  for (const client of await self.clients.matchAll({ type: "window" })) {
    await fetch(client.url).then((response) => serial(() => keep(client.url, response)), () => {});
  }
})()));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(scope)) return;
  if (request.mode === "navigate") event.respondWith(navigate(event));
  else if (["style", "script", "font", "image"].includes(request.destination)) event.respondWith(asset(event));
});

// One change to the caches at a time, so a trim never races a put.
function serial(work) {
  const done = queue.then(work);
  queue = done.catch(() => {});
  return queue;
}

// Pages: the network first; the kept copy when it fails or is slower than CONFIG.timeout.
async function navigate(event) {
  const network = fetch(event.request);
  event.waitUntil(network.then((response) => {
    const copy = response.clone();
    return serial(() => keep(event.request.url, copy)).then(() => refresh(false));
  }).catch(() => {}));
  const slow = new Promise((resolve) => setTimeout(resolve, CONFIG.timeout, null));
  try {
    return (await Promise.race([network, slow])) || (await fromCache(event)) || (await network);
  } catch (error) {
    return (await fromCache(event)) || (await fallback()) || Response.error();
  }
}

// Style, scripts, fonts and images: the precached copy, a kept copy of a hashed name, else
// the network (kept for later), else any kept copy.
async function asset(event) {
  const request = event.request;
  const ready = await caches.match(request, { cacheName: PRECACHE });
  if (ready) return ready;
  const kept = await (await caches.open(STORE)).match(request);
  if (kept && immutable.some((p) => p.test(request.url.slice(scope.length)))) return kept;
  try {
    const response = await fetch(request);
    const copy = response.clone();
    event.waitUntil(serial(() => keep(request.url, copy)));
    return response;
  } catch (error) {
    if (kept) return kept;
    throw error;
  }
}

// Fetch offline.json again (at most once a minute) and whatever of its list changed.
function refresh(force) {
  if (refreshing || (!force && Math.abs(Date.now() - checked) < CHECK_EVERY)) return refreshing || Promise.resolve();
  checked = Date.now();
  refreshing = (async () => {
    const response = await fetch(here(CONFIG.index), { cache: "no-cache" });
    if (!response.ok) throw new Error(`${CONFIG.index}: ${response.status}`);
    const text = await response.text();
    const cache = await caches.open(PRECACHE);
    const old = await cache.match(here(CONFIG.index)).then((r) => (r ? r.text() : "{}"));
    if (old === text) return;
    const had = new Map((JSON.parse(old).precache || []).map((e) => [here(e.url), e.rev]));
    const index = JSON.parse(text), wanted = new Set(index.precache.map((e) => here(e.url)));
    await Promise.all(index.precache.map(async ({ url, rev }) => {
      if (had.get(here(url)) === rev && (await cache.match(here(url)))) return;
      await cache.put(here(url), await stamped(await revision(here(url), rev), {}));
    }));
    for (const request of await cache.keys()) {
      if (!wanted.has(request.url) && request.url !== here(CONFIG.index)) await cache.delete(request);
    }
    // Last: the stored list says what the cache holds.
    await cache.put(here(CONFIG.index), new Response(text, { headers: { "content-type": "application/json" } }));
  })().finally(() => { refreshing = null; });
  return refreshing;
}

// The file at `url` whose SHA-256 starts with `rev`: the browser's HTTP cache often holds it
// (the page just loaded it), else the server.
async function revision(url, rev) {
  for (const mode of ["default", "no-cache"]) {
    const response = await fetch(url, { cache: mode });
    if (!response.ok || response.redirected) throw new Error(`${url}: ${response.status}`);
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", await response.clone().arrayBuffer()));
    if ([...digest].map((b) => b.toString(16).padStart(2, "0")).join("").startsWith(rev)) return response;
  }
  throw new Error(`${url}: not revision ${rev}`);
}

async function stamped(response, extra) {
  const body = await response.blob(), headers = new Headers(response.headers), now = String(Date.now());
  const all = { [SAVED]: now, [USED]: now, [SIZE]: String(body.size), ...extra };
  for (const name in all) headers.set(name, all[name]);
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

// Keep what the reader opened, then evict the least recently used until the budget holds.
async function keep(url, response) {
  url = url.split("#")[0];
  if (!response.ok || response.type !== "basic" || response.redirected || new URL(url).search) return;
  const extra = {};
  if ((response.headers.get("content-type") || "").includes("text/html")) {
    const title = (/<title>([^<]*)<\/title>/.exec(await response.clone().text()) || [, url])[1];
    extra[TITLE] = encodeURIComponent(title.endsWith(` · ${CONFIG.site}`) ? title.slice(0, -CONFIG.site.length - 3) : title);
  }
  const stored = await stamped(response, extra);
  // One large image would evict dozens of pages: files over a tenth of the budget are not kept.
  if (!extra[TITLE] && +stored.headers.get(SIZE) > CONFIG.bytes / 10) return;
  const cache = await caches.open(STORE);
  await cache.put(url, stored);
  const entries = [];
  for (const request of await cache.keys()) {
    const r = await cache.match(request);
    if (r) entries.push({ request, used: +r.headers.get(USED), size: +r.headers.get(SIZE), page: r.headers.has(TITLE) });
  }
  entries.sort((a, b) => a.used - b.used);
  let bytes = entries.reduce((sum, e) => sum + e.size, 0), pages = entries.filter((e) => e.page).length;
  for (const e of entries) {
    if (bytes <= CONFIG.bytes && (pages <= CONFIG.pages || !e.page)) continue;
    await cache.delete(e.request);
    bytes -= e.size;
    pages -= e.page ? 1 : 0;
  }
}

async function readIndex() {
  const response = await caches.match(here(CONFIG.index), { cacheName: PRECACHE });
  return response ? response.json().catch(() => ({})) : {};
}

// The newer of the reader's and the precached copy, marked as a copy.
async function fromCache(event) {
  const url = event.request.url.split("#")[0];
  const [kept, ready] = await Promise.all([STORE, PRECACHE].map((name) => caches.open(name).then((c) => c.match(url))));
  const hit = kept && (!ready || +kept.headers.get(SAVED) >= +ready.headers.get(SAVED)) ? kept : ready;
  if (!hit) return null;
  if (hit === kept) {
    const copy = kept.clone();
    event.waitUntil(serial(async () => {
      const headers = new Headers(copy.headers);
      headers.set(USED, String(Date.now()));
      await (await caches.open(STORE)).put(url, new Response(await copy.blob(), { status: copy.status, headers }));
    }));
  }
  return annotate(hit, url, null);
}

// The offline page, with the pages the reader has kept, newest first.
async function fallback() {
  const index = await readIndex();
  const page = index.fallback && (await caches.match(here(index.fallback), { cacheName: PRECACHE }));
  if (!page) return null;
  const store = await caches.open(STORE), kept = [];
  for (const request of await store.keys()) {
    const r = await store.match(request);
    if (r && r.headers.has(TITLE)) kept.push([+r.headers.get(USED), request.url, decodeURIComponent(r.headers.get(TITLE))]);
  }
  const items = kept.sort((a, b) => b[0] - a[0]).map(([, href, title]) => `<li><a href="${href}">${title}</a></li>`);
  return annotate(page, here(index.fallback), items.length
    ? `<h2>Halaman yang pernah Anda buka</h2>\n<ul>\n${items.join("\n")}\n</ul>` : "");
}

// Marks what no longer holds by the device's clock: statements of validity (data-expires),
// links to emergencies that have ended, and the page itself; heads a kept copy with a notice.
async function annotate(response, url, list) {
  const [html, index] = await Promise.all([response.text(), readIndex()]);
  const now = Date.now(), ended = new Map(), path = new URL(url).pathname;
  for (const e of index.emergencies || []) {
    const over = e.expires && Date.parse(e.expires) <= now;
    const paths = [e.url, e.lite].filter(Boolean).map((u) => new URL(u, scope).pathname);
    if (!e.current || over) paths.forEach((p) => ended.set(p, { paths, words: over ? `tidak berlaku lagi sejak ${e.until}` : "tidak berlaku lagi" }));
  }
  const own = ended.get(path), marked = new Set(own ? own.paths : [path]);
  let out = html.replace(EXPIRES, (whole, tag, before, iso, after, inner) => {
    if (!(Date.parse(iso) <= now)) return whole;
    const time = (/<time\b[^>]*>[^<]*<\/time>/.exec(inner) || [iso])[0];
    const attrs = (before + after).replace(/\bclass="([^"]*)"/, (m, c) => `class="${c.replace(/\bvalid\b/, "expired")}"`);
    return `<${tag}${attrs} data-expired="${iso}"><strong>Tidak berlaku lagi sejak ${time}</strong></${tag}>`;
  });
  // Before the link, so that a banner cut to one or two lines still shows it.
  out = out.replace(LINK, (whole, href) => {
    const target = pathOf(href.replace(/&amp;/g, "&"), url), end = ended.get(target);
    if (!end || marked.has(target)) return whole;
    end.paths.forEach((p) => marked.add(p));
    return `<strong>${end.words[0].toUpperCase()}${end.words.slice(1)}:</strong> ${whole}`;
  });
  if (own) { // its urgency label, as the build writes an ended bulletin's
    out = out.replace(/<span class="badge u-darurat">[^<]*<\/span>/, '<span class="badge expired">Tidak berlaku lagi</span>')
      .replace(/(<p class="meta">[^<]*) · DARURAT<br>/, "$1 · Tidak berlaku lagi<br>");
  }
  if (list !== null) {
    out = out.replace("<div data-saved-pages></div>", `<div data-saved-pages>${list}</div>`);
  } else {
    const lead = self.navigator.onLine === false ? "Anda sedang luring" : "Jaringan lambat atau terputus";
    let notice = `<p style="margin:0"><strong>${lead};</strong> halaman ini disimpan pada ${tanggalJam(+response.headers.get(SAVED))}.</p>`;
    if (own) notice += `<p style="margin:.25rem 0 0"><strong>Peringatan darurat ini ${own.words}.</strong></p>`;
    out = out.replace(/<main\b[^>]*>/, (main) => `${main}\n<div class="luring" role="status" style="${NOTICE}">${notice}</div>`);
  }
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  return new Response(out, { status: 200, headers });
}

// "Kamis, 1 Juli 2021 · 09.00 WIB", as the site writes dates (core.dates.tanggal_jam).
function tanggalJam(ms) {
  try {
    const p = {};
    const parts = new Intl.DateTimeFormat("en-US", { timeZone: CONFIG.timezone, weekday: "short", year: "numeric",
      month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(ms);
    for (const { type, value } of parts) p[type] = value;
    const day = CONFIG.days[["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(p.weekday)];
    return `${day}, ${+p.day} ${CONFIG.months[p.month - 1]} ${p.year} · ${p.hour}.${p.minute} ${CONFIG.zone}`;
  } catch (error) {
    return new Date(ms).toLocaleString();
  }
}
