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

/** Picking an option of the Today board (`?/pick`): it opens the option's page. */
export function isPickPost(method: string, url: URL): boolean {
  return (
    method === "POST" &&
    /^\/learner\/today\/?$/.test(url.pathname) &&
    [...url.searchParams.keys()].includes("/pick")
  );
}

/** The page an option's pick leads to, from the pick form's fields. */
export function optionPageOf(body: string, base: URL): URL | null {
  const decisionId = new URLSearchParams(body).get("decisionId") ?? "";
  return /^[0-9a-f-]{36}$/i.test(decisionId) ? new URL(`/learner/today/${decisionId}`, base.origin) : null;
}

/** Links of a page (`href="…"`, relative or absolute) to other pages of the learner's offline set. */
export function learnerPageLinks(html: string, base: URL): URL[] {
  const links = new Map<string, URL>();
  // Links, and the options of the board's pick forms (each opens /learner/today/<decision>).
  const options = [...html.matchAll(/name="decisionId" value="([0-9a-f-]{36})"/gi)].map(
    (m) => `/learner/today/${m[1]}`,
  );
  for (const raw of [
    ...[...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll("&amp;", "&")),
    ...options,
  ]) {
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
 * the server took it (counted, or recognized as already counted; a pick answers with the page it
 * opens), "refused" when it answered that it cannot be taken (it would refuse it again), "keep" to
 * try again later (signed out — sent to sign in — or the server failing).
 */
export function outcomeOfAction(status: number, body: unknown): "sent" | "refused" | "keep" {
  const answer = body as { type?: unknown; location?: unknown } | null;
  const type = answer?.type;
  if (status >= 500 || type === "error") return "keep";
  if (type === "redirect") return String(answer?.location ?? "").includes("sign-in") ? "keep" : "sent";
  if (type === "success") return "sent";
  if (type === "failure") return "refused";
  return "keep";
}
