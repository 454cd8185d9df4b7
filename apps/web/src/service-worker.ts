/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * Pathwise offline: the app shell (every built script, style and static file) is cached at
 * install; a learner's Today board and the activities it links to are cached whenever Today is
 * opened online, and served from the cache when the network is gone. An answer sent while offline
 * is kept in the outbox (IndexedDB) with the Idempotency-Key it was given when the learner answered,
 * and sent again when the connection returns: the server counts a key once, so a retry after a lost
 * answer never counts twice. Signing out empties the learner's cache and outbox on this device.
 */
import { build, files, version } from "$service-worker";
import {
  isOutboxPost,
  isPickPost,
  learnerPageLinks,
  optionPageOf,
  outcomeOfAction,
  shouldCachePage,
} from "$lib/offline/rules.js";
import { openOutbox } from "$lib/offline/outbox.js";

const sw = self as unknown as ServiceWorkerGlobalScope;
const SHELL = `pathwise-shell-${version}`;
const PAGES = "pathwise-learner-pages";
const SYNC_TAG = "pathwise-outbox";

sw.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll([...build, ...files]))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys())
        if (key.startsWith("pathwise-shell-") && key !== SHELL) await caches.delete(key);
      await sw.clients.claim();
      await drain();
    })(),
  );
});

const shellAssets = new Set([...build, ...files]);

sw.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin) return;
  if (request.method === "GET" && shellAssets.has(url.pathname)) {
    event.respondWith(caches.match(request).then((hit) => hit ?? fetch(request)));
    return;
  }
  if (request.method === "POST" && url.pathname === "/sign-out") {
    event.respondWith(signOut(request));
    return;
  }
  if (isOutboxPost(request.method, url)) {
    event.respondWith(answerOrQueue(request));
    return;
  }
  if (isPickPost(request.method, url)) {
    event.respondWith(pickOrQueue(request));
    return;
  }
  if (request.method === "GET" && request.mode === "navigate" && shouldCachePage(url)) {
    const answer = pageNetworkFirst(request, url);
    event.respondWith(answer);
    // Keeping the board's activities goes on after the page is shown; the worker stays for it.
    event.waitUntil(answer.then(() => kept).catch(() => undefined));
  }
});

/** The activities of the Today board being kept (the fetch event waits for it). */
let kept: Promise<void> | null = null;

/** A learner page from the network (kept for later); offline, the copy kept last time. */
async function pageNetworkFirst(request: Request, url: URL): Promise<Response> {
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected) {
      const cache = await caches.open(PAGES);
      await cache.put(request, response.clone());
      if (url.pathname === "/learner/today") kept = keepActivities(response.clone(), url);
    }
    return response;
  } catch (offline) {
    const cache = await caches.open(PAGES);
    const hit = (await cache.match(request)) ?? (await cache.match(request, { ignoreSearch: true }));
    if (hit) return hit;
    throw offline;
  }
}

/** The board's options and the activities they open, fetched now so they can be opened offline. */
async function keepActivities(today: Response, url: URL): Promise<void> {
  const cache = await caches.open(PAGES);
  // Today itself is kept already; its options first, then the activities each option opens.
  const seen = new Set<string>([url.href]);
  const keep = async (html: string, base: URL, depth: number) => {
    for (const link of learnerPageLinks(html, base)) {
      if (seen.has(link.href)) continue;
      seen.add(link.href);
      try {
        const response = await fetch(link, { credentials: "same-origin" });
        if (!response.ok || response.redirected) continue;
        await cache.put(link.href, response.clone());
        if (depth > 0) await keep(await response.text(), link, depth - 1);
      } catch (error) {
        console.warn(`Pathwise could not keep ${link.href} for offline use`, error);
      }
    }
  };
  await keep(await today.text(), url, 1);
  await notify({ type: "kept", pages: seen.size });
}

/**
 * An answer goes to the server; if the network is down it waits in the outbox, and the learner is
 * taken back to Today (from the cache) with a note that it will be sent.
 */
async function answerOrQueue(request: Request): Promise<Response> {
  const copy = request.clone();
  try {
    return await fetch(request);
  } catch {
    const body = await copy.text();
    const key = new URLSearchParams(body).get("attemptKey") ?? crypto.randomUUID();
    const outbox = await openOutbox();
    await outbox.add({ key, url: copy.url, body, queuedAt: Date.now() });
    await registerSync();
    await notify({ type: "queued", waiting: await outbox.count() });
    return Response.redirect(new URL("/learner/today?queued=1", sw.location.origin).href, 303);
  }
}

/** Picking an option offline: the pick waits in the outbox, and the option's kept page opens. */
async function pickOrQueue(request: Request): Promise<Response> {
  const copy = request.clone();
  try {
    return await fetch(request);
  } catch (offline) {
    const body = await copy.text();
    const page = optionPageOf(body, new URL(copy.url));
    if (!page) throw offline;
    const outbox = await openOutbox();
    await outbox.add({ key: `pick:${page.pathname}`, url: copy.url, body, queuedAt: Date.now() });
    await registerSync();
    return Response.redirect(page.href, 303);
  }
}

async function registerSync() {
  const registration = sw.registration as ServiceWorkerRegistration & {
    sync?: { register(tag: string): Promise<void> };
  };
  await registration.sync?.register(SYNC_TAG).catch(() => undefined);
}

let draining: Promise<boolean> | null = null;

/**
 * Send every waiting answer once; what the server answered (counted or refused) leaves the outbox.
 * True when a send failed for want of a connection, so answers still wait.
 */
function drain(): Promise<boolean> {
  draining ??= (async () => {
    const outbox = await openOutbox();
    let sent = 0;
    let stillOffline = false;
    for (const entry of await outbox.all()) {
      let outcome: ReturnType<typeof outcomeOfAction>;
      try {
        const response = await fetch(entry.url, {
          method: "POST",
          body: entry.body,
          credentials: "same-origin",
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            accept: "application/json",
            "x-sveltekit-action": "true",
          },
        });
        outcome = outcomeOfAction(response.status, await response.json().catch(() => null));
      } catch {
        stillOffline = true; // tried again later: by the sync event, or by an open page
        break;
      }
      if (outcome === "keep") continue;
      await outbox.remove(entry.key);
      if (outcome === "sent" && !entry.key.startsWith("pick:")) sent += 1;
    }
    await notify({ type: "synced", sent, waiting: await outbox.count() });
    return stillOffline;
  })().finally(() => {
    draining = null;
  });
  return draining;
}

sw.addEventListener("sync", (event) => {
  const sync = event as ExtendableEvent & { tag?: string };
  // A sync that fails is retried by the browser later, with its own back-off.
  if (sync.tag === SYNC_TAG)
    sync.waitUntil(
      drain().then((stillOffline) => {
        if (stillOffline) throw new Error("Answers still wait for a connection.");
      }),
    );
});

sw.addEventListener("message", (event) => {
  const data = event.data as { type?: string } | null;
  if (data?.type === "sync") event.waitUntil(drain());
  if (data?.type === "status")
    event.waitUntil(
      openOutbox()
        .then((outbox) => outbox.count())
        .then((waiting) => event.source?.postMessage({ type: "status", waiting })),
    );
});

/**
 * Signing out: waiting answers are sent first (under the session they were made in); once the
 * server has signed the person out, nothing of theirs stays on the device — so the next person to
 * sign in here never sees their pages, nor sends their answers.
 */
async function signOut(request: Request): Promise<Response> {
  await drain().catch(() => undefined);
  const response = await fetch(request);
  if (response.status < 400) {
    await caches.delete(PAGES);
    await (await openOutbox()).clear();
  }
  return response;
}

async function notify(message: Record<string, unknown>) {
  for (const client of await sw.clients.matchAll({ type: "window" })) client.postMessage(message);
}
