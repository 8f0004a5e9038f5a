// StepLab's service worker: keeps the app shell and the wasm files so that a visited StepLab works
// with no network. Registered by the app as ./sw.js (a relative URL), so its scope is the directory
// the site is served from, whatever that path is.
//
// - On install it fetches index.html, and stores it with every ./file it names (the hashed app
//   .js/.wasm/.css Trunk writes) and the Python worker's files (fixed names).
// - Files whose names carry Trunk's content hash never change: served from the cache first.
// - Everything else (index.html, embed pages, the worker's files) is asked of the network first,
//   stored when it changed, and served from the cache when the network fails.
const CACHE = "steplab-v1";
const WORKER_FILES = [
  "./lambda-worker_loader.js", "./lambda-worker.js", "./lambda-worker_bg.wasm",
  "./execution-worker_loader.js",
];
const HASHED = /-[0-9a-f]{8,16}(_bg)?\.(js|wasm|css)$/;

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const index = await fetch("./index.html", { cache: "no-cache" });
    const html = await index.clone().text();
    const named = [...html.matchAll(/["'](\.\/[A-Za-z0-9_.\-]+\.(?:js|wasm|css))["']/g)].map((m) => m[1]);
    await cache.put("./index.html", index);
    await cache.addAll([...new Set([...named, ...WORKER_FILES])]);
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

// whether two responses are surely the same file (so that an unchanged 27 MB wasm is not stored
// again): only a validator (ETag or Last-Modified) says so, a length alone does not
function same(a, b) {
  return ["etag", "last-modified"].some((h) => a.headers.get(h)) &&
    ["etag", "last-modified", "content-length"].every((h) => a.headers.get(h) === b.headers.get(h));
}

async function networkFirst(request, cache) {
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic") {
      const cached = await cache.match(request, { ignoreSearch: true });
      if (!cached || !same(cached, response)) await cache.put(request, response.clone());
    }
    return response;
  } catch (offline) {
    const cached = await cache.match(request, { ignoreSearch: true })
      ?? (request.mode === "navigate" ? await cache.match("./index.html") : undefined);
    if (cached) return cached;
    throw offline;
  }
}

async function cacheFirst(request, cache) {
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") await cache.put(request, response.clone());
  return response;
}

// The site's own responses get the headers that make its pages cross-origin isolated (a static
// host rarely lets a site set them): shared memory then lets a Python function's Worker wait for
// a Node.js function it invokes synchronously. Everything the site loads is its own, so
// `require-corp` blocks nothing of it. A page is isolated from the first load this worker
// controls on (the first visit registers it: a reload isolates that page too).
function isolated(response) {
  if (response.type === "opaque" || response.status === 0) return response;
  const headers = new Headers(response.headers);
  headers.set("Cross-Origin-Opener-Policy", "same-origin");
  headers.set("Cross-Origin-Embedder-Policy", "require-corp");
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (!url.href.startsWith(self.registration.scope)) return;
  event.respondWith(caches.open(CACHE).then((cache) =>
    HASHED.test(url.pathname) ? cacheFirst(request, cache) : networkFirst(request, cache)).then(isolated));
});
