/**
 * Offline: a learner opens Today online (the service worker keeps the board and its activities),
 * loses the connection, opens a practice item from the kept copy and answers it; the answer waits
 * on the device and is sent when the connection returns — and the server counts it exactly once,
 * even when the same answer is sent again afterwards.
 */
import { expect, test, type Page } from "@playwright/test";
import { DEMO, as, expectAccessible } from "./support.js";

interface Kept {
  key: string;
  url: string;
  body: string;
}

/** The learner's evidence recorded since `since`, as the server reports it. */
async function evidenceSince(page: Page, learnerId: string, since: number): Promise<number> {
  const response = await page.request.get(`/api/v1/learners/${learnerId}/timeline?limit=100`);
  expect(response.ok()).toBe(true);
  const { items } = (await response.json()) as { items: { type: string; at: string }[] };
  return items.filter((e) => e.type === "evidence" && Date.parse(e.at) >= since).length;
}

test("an answer made offline is kept, sent when the connection returns, and counted once", async ({
  browser,
}, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "one device is enough: both projects share the learner");
  test.setTimeout(180_000);
  const page = await as(browser, DEMO.learner);
  const context = page.context();
  const me = (await (await page.request.get("/api/v1/me")).json()) as { userId: string };

  // Online: Today, once the service worker controls the page, keeps the board and its activities.
  await page.goto("/learner/today");
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  const kept = () =>
    page.evaluate(async () => {
      const cache = await caches.open("pathwise-learner-pages");
      return (await cache.keys()).map((request) => request.url);
    });
  const isItem = (url: string) => new URL(url).pathname.startsWith("/learner/practice/");
  await expect.poll(async () => (await kept()).filter(isItem).length, { timeout: 30_000 }).toBeGreaterThan(0);
  const practice = (await kept()).find(isItem)!;

  // Offline: the item opens from the kept copy and is answered.
  const since = Date.now() - 1_000;
  await context.setOffline(true);
  await page.goto(practice);
  await expect(page.getByRole("status").first()).toContainText("You are offline.");
  // Whatever kind of question the board offered: a choice, a number, words, or an order (which
  // starts as listed, an answer in itself).
  const choice = page.locator('input[name="choiceId"], input[name="choiceIds"]').first();
  const number = page.locator('input[name="value"]');
  const words = page.locator('textarea[name="text"]');
  if (await choice.count()) await choice.check();
  else if (await number.count()) await number.fill("1");
  else if (await words.count()) await words.fill("My answer, written offline.");
  await page.getByRole("button", { name: /^(Check my answer|Try again)$/ }).click();
  await expect(page).toHaveURL(/\/learner\/today\?queued=1$/);
  await expect(
    page.getByText("1 answer is saved on this device and will be sent when you are back online."),
  ).toBeVisible();
  await expectAccessible(page);
  const queued = await page.evaluate(
    () =>
      new Promise<Kept[]>((resolve, reject) => {
        const open = indexedDB.open("pathwise-outbox");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction("answers").objectStore("answers").getAll();
          all.onsuccess = () => resolve(all.result as Kept[]);
          all.onerror = () => reject(all.error);
        };
      }),
  );
  expect(queued).toHaveLength(1);
  expect(queued[0]!.key).toMatch(/^[0-9a-f-]{36}$/);
  // Nothing reached the server yet (the test's own requests are not the browser's, so they still can).
  expect(await evidenceSince(page, me.userId, since)).toBe(0);

  // Online again: the answer is sent, and the page says so.
  await context.setOffline(false);
  await expect(page.getByText("Your answer made offline was sent.")).toBeVisible({ timeout: 30_000 });
  expect(await evidenceSince(page, me.userId, since)).toBe(1);

  // The same answer sent again (a retry whose first answer was lost) counts nothing new.
  const again = await page.request.post(queued[0]!.url, {
    data: queued[0]!.body,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
      "x-sveltekit-action": "true",
      origin: new URL(page.url()).origin,
    },
  });
  expect(((await again.json()) as { type: string }).type).toBe("success");
  expect(await evidenceSince(page, me.userId, since)).toBe(1);
  await context.close();
});
