/**
 * What the service worker keeps and sends, as plain functions (tested without a browser): which
 * pages are the learner's offline set, which links of a page lead to more of it, which posts go
 * through the outbox, and what the server's answer to a replayed answer means.
 */

/** The learner's Today board, its options and the practice items they open. */
const OFFLINE_PAGES = [
  /^\/learner\/today\/?$/,
  /^\/learner\/today\/[0-9a-f-]{36}\/?$/i,
  /^\/learner\/practice\/[0-9a-f-]{36}\/?$/i,
];

export function shouldCachePage(url: URL): boolean {
  return OFFLINE_PAGES.some((pattern) => pattern.test(url.pathname));
}

/** An answer to a practice item (the player's form action `?/answer`). */
export function isOutboxPost(method: string, url: URL): boolean {
  return (
    method === "POST" &&
    /^\/learner\/practice\/[0-9a-f-]{36}\/?$/i.test(url.pathname) &&
    [...url.searchParams.keys()].includes("/answer")
  );
}

/** Links of a page (`href="…"`, relative or absolute) to other pages of the learner's offline set. */
export function learnerPageLinks(html: string, base: URL): URL[] {
  const links = new Map<string, URL>();
  for (const match of html.matchAll(/href="([^"]+)"/g)) {
    const raw = match[1]!.replaceAll("&amp;", "&");
    let url: URL;
    try {
      url = new URL(raw, base);
    } catch {
      continue;
    }
    if (url.origin !== base.origin || url.href === base.href || !shouldCachePage(url)) continue;
    url.hash = "";
    links.set(url.href, url);
  }
  return [...links.values()];
}

/**
 * A replayed answer's fate, from SvelteKit's answer to a form action asked for JSON: "sent" when
 * the server took it (counted, or recognized as already counted), "refused" when it answered that
 * the answer cannot be taken (it would refuse it again), "keep" to try again later (signed out, or
 * the server failing).
 */
export function outcomeOfAction(status: number, body: unknown): "sent" | "refused" | "keep" {
  const type = (body as { type?: unknown } | null)?.type;
  if (status >= 500 || type === "redirect" || type === "error") return "keep";
  if (type === "success") return "sent";
  if (type === "failure") return "refused";
  return "keep";
}
