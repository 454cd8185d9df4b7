import { createHash, randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type Runtime } from "@pathwise/core";
import { createTestDatabase, evidence, type TestDatabase } from "@pathwise/core/testing";
import { createApp } from "../app.js";
import { buildWorld, type World } from "../testing/world.js";

let test: TestDatabase;
let app: ReturnType<typeof createApp>;
let world: World;
let clock = new Date("2026-10-05T14:00:00.000Z");
const tick = () => (clock = new Date(clock.getTime() + 1000));

interface Credentials {
  id: string;
  key: string;
  secret: string;
}
let writer: Credentials;
let reader: Credentials;
let away: Credentials;

async function issue(kind: "admin" | "otherAdmin", scopes: string[]): Promise<Credentials> {
  const res = await app.request("/api/v1/xapi/clients", {
    method: "POST",
    headers: { authorization: `Bearer ${await world.tokenFor(kind)}`, "content-type": "application/json" },
    body: JSON.stringify({ name: `${kind} ${scopes.join("+")}`, scopes }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as Credentials;
}

function lrs(
  path: string,
  credentials: Credentials | null,
  init: { method?: string; body?: unknown; headers?: Record<string, string>; version?: string | null } = {},
) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.version !== null) headers["X-Experience-API-Version"] = init.version ?? "2.0.0";
  if (credentials)
    headers.authorization = `Basic ${Buffer.from(`${credentials.key}:${credentials.secret}`).toString("base64")}`;
  let body: RequestInit["body"];
  if (init.body instanceof Uint8Array || typeof init.body === "string")
    body = init.body as RequestInit["body"];
  else if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers["content-type"] ??= "application/json";
  }
  return app.request(`/xapi${path}`, { method: init.method ?? "GET", headers, body });
}

const ada = { mbox: "mailto:ada@example.com", name: "Ada" };
const statement = (overrides: Record<string, unknown> = {}) => ({
  actor: ada,
  verb: { id: "http://adlnet.gov/expapi/verbs/experienced", display: { "en-US": "experienced" } },
  object: { id: "https://games.example/fractions/level-1", definition: { name: { "en-US": "Level 1" } } },
  ...overrides,
});

beforeAll(async () => {
  test = await createTestDatabase();
  app = createApp({ config: loadConfig({}), database: test.handle, now: () => clock } satisfies Runtime);
  world = await buildWorld(test.handle.db);
  writer = await issue("admin", ["read", "write"]);
  reader = await issue("admin", ["read"]);
  away = await issue("otherAdmin", ["read", "write"]);
});
afterAll(async () => test.close());

describe("the LRS's About and credentials", () => {
  it("tells anyone which versions it speaks, and answers with the version it served", async () => {
    const res = await lrs("/about", null, { version: null });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { version: string[] }).version).toEqual(
      expect.arrayContaining(["2.0.0", "1.0.3"]),
    );
    const old = await lrs("/statements?limit=1", writer, { version: "1.0.3" });
    expect(old.headers.get("X-Experience-API-Version")).toBe("1.0.3");
  });

  it("refuses requests without a version header, without credentials, or with wrong or revoked ones", async () => {
    const unversioned = await lrs("/statements", writer, { version: null });
    expect(unversioned.status).toBe(400);
    // Read as a request from before xAPI 1.0 had the header (0.9), which this LRS does not serve.
    expect(unversioned.headers.get("X-Experience-API-Version")).toBe("0.9");
    expect((await lrs("/about", null, { version: null })).headers.get("X-Experience-API-Version")).toBe(
      "2.0.0",
    );
    expect((await lrs("/statements", writer, { version: "0.95" })).status).toBe(400);
    const anonymous = await lrs("/statements", null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("WWW-Authenticate")).toMatch(/^Basic/);
    expect((await lrs("/statements", { ...writer, secret: "guess" })).status).toBe(401);

    const doomed = await issue("admin", ["read"]);
    expect((await lrs("/statements", doomed)).status).toBe(200);
    const revoked = await app.request(`/api/v1/xapi/clients/${doomed.id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${await world.tokenFor("admin")}` },
    });
    expect(revoked.status).toBe(200);
    expect((await lrs("/statements", doomed)).status).toBe(401);
  });

  it("lets a read-only client read but not write", async () => {
    expect((await lrs("/statements", reader, { method: "POST", body: statement() })).status).toBe(403);
    expect((await lrs("/statements", reader)).status).toBe(200);
  });
});

describe("the Statements resource", () => {
  it("stores a statement and returns it by id with what the LRS adds", async () => {
    tick();
    const res = await lrs("/statements", writer, { method: "POST", body: statement() });
    expect(res.status).toBe(200);
    const [id] = (await res.json()) as string[];
    const got = await lrs(`/statements?statementId=${id}`, writer);
    expect(got.status).toBe(200);
    const stored = (await got.json()) as Record<string, unknown>;
    expect(stored).toMatchObject({
      id,
      actor: { objectType: "Agent", mbox: ada.mbox },
      object: { objectType: "Activity", id: "https://games.example/fractions/level-1" },
      stored: clock.toISOString(),
      timestamp: clock.toISOString(),
      version: "2.0.0",
      authority: { objectType: "Agent", account: { name: writer.key } },
    });
    expect(got.headers.get("X-Experience-API-Consistent-Through")).not.toBeNull();
  });

  it("stores nothing of a batch with one malformed statement", async () => {
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    const batch = [
      statement({ id: ids[0] }),
      statement({ id: ids[1], verb: { id: "not an IRI" } }),
      statement({ id: ids[2] }),
    ];
    const res = await lrs("/statements", writer, { method: "POST", body: batch });
    expect(res.status).toBe(400);
    const error = (await res.json()) as { error: { details: { path: string }[] } };
    expect(error.error.details.map((d) => d.path)).toContain("$[1].verb.id");
    for (const id of ids) expect((await lrs(`/statements?statementId=${id}`, writer)).status).toBe(404);
  });

  it("accepts a PUT again only with the same statement: statements are immutable", async () => {
    const id = randomUUID();
    const put = (body: unknown) => lrs(`/statements?statementId=${id}`, writer, { method: "PUT", body });
    expect((await put(statement())).status).toBe(204);
    expect((await put(statement())).status).toBe(204);
    expect((await put(statement({ verb: { id: "http://adlnet.gov/expapi/verbs/failed" } }))).status).toBe(
      409,
    );
    expect(
      (
        await lrs("/statements", writer, {
          method: "POST",
          body: statement({ id, result: { success: true } }),
        })
      ).status,
    ).toBe(409);
    expect((await put(statement({ id: randomUUID() }))).status).toBe(400);
  });

  it("voids a statement: gone from lists and from statementId, found by voidedStatementId", async () => {
    const target = randomUUID();
    const actor = { mbox: "mailto:voided@example.com" };
    await lrs("/statements", writer, { method: "POST", body: statement({ id: target, actor }) });
    const voiding = await lrs("/statements", writer, {
      method: "POST",
      body: statement({
        actor,
        verb: { id: "http://adlnet.gov/expapi/verbs/voided" },
        object: { objectType: "StatementRef", id: target },
      }),
    });
    expect(voiding.status).toBe(200);
    const [voidingId] = (await voiding.json()) as string[];
    expect((await lrs(`/statements?statementId=${target}`, writer)).status).toBe(404);
    expect((await lrs(`/statements?voidedStatementId=${target}`, writer)).status).toBe(200);
    const list = (await (
      await lrs(`/statements?agent=${encodeURIComponent(JSON.stringify(actor))}`, writer)
    ).json()) as {
      statements: { id: string }[];
    };
    expect(list.statements.map((s) => s.id)).toEqual([voidingId]);
    // A voiding statement cannot itself be voided.
    const again = await lrs("/statements", writer, {
      method: "POST",
      body: statement({
        actor,
        verb: { id: "http://adlnet.gov/expapi/verbs/voided" },
        object: { objectType: "StatementRef", id: voidingId },
      }),
    });
    expect(again.status).toBe(400);
  });

  it("filters by agent, verb and since, and pages with more links that later statements do not shift", async () => {
    const actor = { account: { homePage: "https://games.example", name: "pager" } };
    const since = clock.toISOString();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      tick();
      const res = await lrs("/statements", writer, { method: "POST", body: statement({ actor }) });
      ids.push(...((await res.json()) as string[]));
    }
    await lrs("/statements", writer, {
      method: "POST",
      body: statement({ actor, verb: { id: "http://adlnet.gov/expapi/verbs/failed" } }),
    });
    const query = new URLSearchParams({
      agent: JSON.stringify(actor),
      verb: "http://adlnet.gov/expapi/verbs/experienced",
      since,
      limit: "2",
    });
    const seen: string[] = [];
    let next: string = `/statements?${query}`;
    let pages = 0;
    while (next) {
      const res = await lrs(next, writer);
      expect(res.status).toBe(200);
      const page = (await res.json()) as { statements: { id: string }[]; more: string };
      seen.push(...page.statements.map((s) => s.id));
      next = page.more.replace(/^\/xapi/, "");
      pages += 1;
      if (pages === 1) {
        tick();
        await lrs("/statements", writer, { method: "POST", body: statement({ actor }) });
      }
    }
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());

    const ascending = (await (await lrs(`/statements?${query}&ascending=true`, writer)).json()) as {
      statements: { id: string }[];
    };
    expect(ascending.statements.map((s) => s.id)).toEqual(ids.slice(0, 2));
    expect((await lrs("/statements?agent=not-json", writer)).status).toBe(400);
    expect((await lrs("/statements?Verb=x", writer)).status).toBe(400);
  });

  it("keeps each organization's statements to itself", async () => {
    const id = randomUUID();
    await lrs("/statements", writer, { method: "POST", body: statement({ id }) });
    expect((await lrs(`/statements?statementId=${id}`, away)).status).toBe(404);
    const list = (await (await lrs("/statements", away)).json()) as { statements: unknown[] };
    expect(list.statements).toEqual([]);
  });

  it("stores attachments sent as multipart/mixed after checking their SHA-2, and returns them", async () => {
    const content = new TextEncoder().encode("a certificate of completion");
    const sha2 = createHash("sha256").update(content).digest("hex");
    const id = randomUUID();
    const body = (hash: string) => {
      const withAttachment = statement({
        id,
        attachments: [
          {
            usageType: "http://id.tincanapi.com/attachment/certificate-of-completion",
            display: { "en-US": "Certificate" },
            contentType: "text/plain",
            length: content.length,
            sha2,
          },
        ],
      });
      const text =
        `--b\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(withAttachment)}\r\n` +
        `--b\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: ${hash}\r\n\r\n` +
        `${new TextDecoder().decode(content)}\r\n--b--\r\n`;
      return new TextEncoder().encode(text);
    };
    const headers = { "content-type": "multipart/mixed; boundary=b" };
    const wrong = await lrs("/statements", writer, { method: "POST", body: body("0".repeat(64)), headers });
    expect(wrong.status).toBe(400);
    const right = await lrs("/statements", writer, { method: "POST", body: body(sha2), headers });
    expect(right.status).toBe(200);
    const got = await lrs(`/statements?statementId=${id}&attachments=true`, writer);
    expect(got.headers.get("content-type")).toMatch(/^multipart\/mixed; boundary=/);
    const text = await got.text();
    expect(text).toContain(`X-Experience-API-Hash: ${sha2}`);
    expect(text).toContain("a certificate of completion");
  });
});

describe("the document resources", () => {
  const agent = encodeURIComponent(JSON.stringify({ mbox: "mailto:ada@example.com" }));
  const state = `/activities/state?activityId=${encodeURIComponent("https://games.example/fractions")}&agent=${agent}&stateId=bookmark`;

  it("stores, merges and guards State documents with ETags", async () => {
    const put = await lrs(state, writer, { method: "PUT", body: { page: 3 } });
    expect(put.status).toBe(204);
    const first = await lrs(state, writer);
    expect(await first.json()).toEqual({ page: 3 });
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"[0-9a-f]{40}"$/);

    expect((await lrs(state, writer, { method: "POST", body: { score: 7 } })).status).toBe(204);
    const merged = await lrs(state, writer);
    expect(await merged.json()).toEqual({ page: 3, score: 7 });

    const stale = await lrs(state, writer, {
      method: "PUT",
      body: { page: 1 },
      headers: { "if-match": etag },
    });
    expect(stale.status).toBe(412);
    const fresh = await lrs(state, writer, {
      method: "PUT",
      body: { page: 1 },
      headers: { "if-match": merged.headers.get("etag")! },
    });
    expect(fresh.status).toBe(204);

    const ids = await lrs(state.replace("&stateId=bookmark", ""), writer);
    expect(await ids.json()).toEqual(["bookmark"]);
    expect((await lrs(state, away)).status).toBe(404);
    expect((await lrs(state, writer, { method: "DELETE" })).status).toBe(204);
    expect((await lrs(state, writer)).status).toBe(404);
  });

  it("refuses to overwrite an existing profile blindly", async () => {
    const profile = `/agents/profile?agent=${agent}&profileId=preferences`;
    expect((await lrs(profile, writer, { method: "PUT", body: { theme: "dark" } })).status).toBe(204);
    expect((await lrs(profile, writer, { method: "PUT", body: { theme: "light" } })).status).toBe(409);
    expect(
      (
        await lrs(profile, writer, {
          method: "PUT",
          body: { theme: "light" },
          headers: { "if-none-match": "*" },
        })
      ).status,
    ).toBe(412);
    expect((await lrs(`/agents/profile?agent=${agent}`, writer)).status).toBe(200);
    expect((await lrs("/agents/profile?profileId=x", writer)).status).toBe(400);
  });

  it("describes agents and activities", async () => {
    const person = await lrs(`/agents?agent=${agent}`, writer);
    expect(await person.json()).toEqual({ objectType: "Person", mbox: ["mailto:ada@example.com"] });
    const activity = await lrs(
      `/activities?activityId=${encodeURIComponent("https://games.example/fractions/level-1")}`,
      writer,
    );
    expect(await activity.json()).toMatchObject({
      id: "https://games.example/fractions/level-1",
      definition: { name: { "en-US": "Level 1" } },
    });
  });
});

describe("statements about mapped activities", () => {
  it("become evidence for the learner, counted once per statement", async () => {
    const activityId = "https://games.example/fractions/boss-level";
    const map = await app.request("/api/v1/xapi/activity-mappings", {
      method: "PUT",
      headers: {
        authorization: `Bearer ${await world.tokenFor("admin")}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ activityId, competencyIds: [world.competency.id] }),
    });
    expect(map.status).toBe(200);

    const learner = world.people.learner;
    const id = randomUUID();
    const passed = statement({
      id,
      actor: { mbox: `mailto:${learner.email}` },
      verb: { id: "http://adlnet.gov/expapi/verbs/passed" },
      object: { id: activityId },
      result: { success: true, score: { scaled: 0.9 } },
    });
    expect((await lrs("/statements", writer, { method: "POST", body: passed })).status).toBe(200);
    expect((await lrs("/statements", writer, { method: "POST", body: passed })).status).toBe(200);
    // The same activity, but no result: nothing to learn from.
    await lrs("/statements", writer, {
      method: "POST",
      body: statement({ actor: { mbox: `mailto:${learner.email}` }, object: { id: activityId } }),
    });

    const rows = await test.handle.db
      .select()
      .from(evidence)
      .where(and(eq(evidence.learnerId, learner.id), eq(evidence.source, "xapi")));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: "activity",
      idempotencyKey: id,
      score: 0.9,
      correct: true,
      competencyIds: [world.competency.id],
    });

    const mastery = await app.request(`/api/v1/learners/${learner.id}/mastery`, {
      headers: { authorization: `Bearer ${await world.tokenFor("learner")}` },
    });
    const { competencies } = (await mastery.json()) as {
      competencies: { competencyId: string; evidenceCount: number }[];
    };
    expect(competencies.find((c) => c.competencyId === world.competency.id)?.evidenceCount).toBe(1);
  });
});

describe("xAPI 1.0.3 specifics", () => {
  it("answers the alternate request syntax, and only under 1.0.3", async () => {
    const id = randomUUID();
    const form = new URLSearchParams({ statementId: id, content: JSON.stringify(statement()) });
    const put = await lrs("/statements?method=PUT", writer, {
      method: "POST",
      body: form.toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
      version: "1.0.3",
    });
    expect(put.status).toBe(204);
    const get = await lrs("/statements?method=GET", writer, {
      method: "POST",
      body: new URLSearchParams({ statementId: id }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
      version: "1.0.3",
    });
    expect(((await get.json()) as { id: string }).id).toBe(id);
    const modern = await lrs("/statements?method=GET", writer, {
      method: "POST",
      body: new URLSearchParams({ statementId: id }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(modern.status).toBe(400);
  });

  it("merges activity definitions language by language", async () => {
    const activityId = "https://games.example/meeting";
    await lrs("/statements", writer, {
      method: "POST",
      body: statement({ object: { id: activityId, definition: { name: { "en-US": "example meeting" } } } }),
    });
    await lrs("/statements", writer, {
      method: "POST",
      body: statement({ object: { id: activityId, definition: { name: { "fr-FR": "réunion" } } } }),
    });
    const activity = await lrs(`/activities?activityId=${encodeURIComponent(activityId)}`, writer);
    expect(((await activity.json()) as { definition: unknown }).definition).toEqual({
      name: { "en-US": "example meeting", "fr-FR": "réunion" },
    });
  });
});
