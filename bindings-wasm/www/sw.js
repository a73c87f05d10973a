// The browser tool's service worker: keeps the page, its script, style and the module in a
// cache, so that a page loaded once works after a reload with the network off. Answers from
// the cache first and refreshes the cache from the network meanwhile (a new build is used
// from the next load on). Same-origin GET requests only.
'use strict';

const CACHE = 'medcodes-v1';
// What the page needs (the base64 module is for file://, where no service worker runs).
const FILES = ['./', 'index.html', 'app.js', 'style.css', 'pkg/medcodes.js', 'pkg/medcodes_bg.wasm'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  event.respondWith(caches.open(CACHE).then(async (cache) => {
    const cached = await cache.match(req, { ignoreSearch: true });
    const fresh = fetch(req).then((res) => {
      if (res.ok) cache.put(req, res.clone());
      return res;
    });
    if (cached) {
      fresh.catch(() => {}); // offline: the cached copy is the answer
      event.waitUntil(fresh.then(() => {}, () => {}));
      return cached;
    }
    return fresh;
  }));
});
