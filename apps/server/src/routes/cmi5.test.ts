import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type Runtime } from "@pathwise/core";
import {
  cmi5CourseXml,
  cmi5Zip,
  createTestDatabase,
  evidence,
  type TestDatabase,
} from "@pathwise/core/testing";
import { createApp } from "../app.js";
import { buildWorld, type World } from "../testing/world.js";

let test: TestDatabase;
let app: ReturnType<typeof createApp>;
let world: World;
let clock = new Date("2026-10-05T14:00:00.000Z");
const tick = () => (clock = new Date(clock.getTime() + 1000));

const COURSE = "https://courses.example/strips";
const AU1 = "https://courses.example/strips/au-1";
const AU2 = "https://courses.example/strips/au-2";
const BLOCK = "https://courses.example/strips/block-1";
const xml = cmi5CourseXml({
  courseId: COURSE,
  title: "Strips",
  blockId: BLOCK,
  aus: [
    { id: AU1, url: "index.html?lesson=1", moveOn: "CompletedAndPassed", masteryScore: "0.8" },
    { id: AU2, url: "index.html?lesson=2", moveOn: "Completed" },
  ],
});
const zip = cmi5Zip(xml, {
  "index.html": "<!doctype html><title>Strips</title><script src=au.js></script>",
  "au.js": "//",
});

async function api(kind: "admin" | "learner" | "otherAdmin", path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${await world.tokenFor(kind)}`);
  return app.request(`/api/v1${path}`, { ...init, headers });
}
const jsonBody = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});
const importZip = (bytes: Uint8Array, key = randomUUID()) =>
  api("admin", "/cmi5/courses?filename=strips.zip", {
    method: "POST",
    headers: { "content-type": "application/zip", "idempotency-key": key },
    body: bytes,
  });

interface Node {
  kind: string;
  id: string;
  publisherId: string;
  activityId: string;
  children?: Node[];
}
let courseId: string;
let aus: Node[];

beforeAll(async () => {
  test = await createTestDatabase();
  app = createApp({ config: loadConfig({}), database: test.handle, now: () => clock } satisfies Runtime);
  world = await buildWorld(test.handle.db);
  const res = await importZip(zip);
  expect(res.status).toBe(201);
  courseId = ((await res.json()) as { courseId: string }).courseId;
  const course = (await (await api("admin", `/cmi5/courses/${courseId}`)).json()) as { children: Node[] };
  aus = course.children[0]!.children!;
  expect(
    (
      await api(
        "admin",
        `/cmi5/courses/${courseId}/offerings`,
        jsonBody("PUT", { classIds: [world.mathClass.id] }),
      )
    ).status,
  ).toBe(200);
  // An admin maps the first AU to the class's competency: its results become evidence.
  const mapped = await api(
    "admin",
    "/xapi/activity-mappings",
    jsonBody("PUT", { activityId: aus[0]!.activityId, competencyIds: [world.competency.id] }),
  );
  expect(mapped.status).toBe(200);
});
afterAll(async () => test.close());

describe("importing cmi5 packages over HTTP", () => {
  it("answers what was imported, and a retry with the same key imports nothing more", async () => {
    const key = randomUUID();
    const first = await importZip(zip, key);
    expect(first.status).toBe(201);
    const summary = (await first.json()) as { version: number; created: boolean; aus: { updated: number } };
    expect(summary).toMatchObject({ created: false, aus: { updated: 2 } });
    const again = await importZip(zip, key);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(((await again.json()) as { version: number }).version).toBe(summary.version);
    const course = (await (await api("admin", `/cmi5/courses/${courseId}`)).json()) as {
      versions: unknown[];
    };
    expect(course.versions).toHaveLength(summary.version);
  });

  it("refuses a bad package with 400 and where the problem is", async () => {
    const res = await importZip(
      cmi5Zip(cmi5CourseXml({ aus: [{ id: "au-1", url: "index.html" }] }), { "index.html": "x" }),
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { details: unknown[] } }).error.details).toEqual([
      { path: "cmi5.xml/courseStructure/au[1]/@id", message: 'must be an absolute IRI, got "au-1"' },
    ]);
    const xmlRes = await api("admin", "/cmi5/courses", {
      method: "POST",
      headers: { "content-type": "text/markdown", "idempotency-key": randomUUID() },
      body: "# not a package",
    });
    expect(xmlRes.status).toBe(400);
  });

  it("lists the organization's courses for its admins only", async () => {
    const mine = (await (await api("admin", "/cmi5/courses")).json()) as { items: { id: string }[] };
    expect(mine.items.map((c) => c.id)).toContain(courseId);
    const theirs = (await (await api("otherAdmin", "/cmi5/courses")).json()) as { items: { id: string }[] };
    expect(theirs.items.map((c) => c.id)).not.toContain(courseId);
    expect((await api("otherAdmin", `/cmi5/courses/${courseId}`)).status).toBe(404);
  });

  it("refuses to offer a course to another organization's class, naming it", async () => {
    const res = await api(
      "admin",
      `/cmi5/courses/${courseId}/offerings`,
      jsonBody("PUT", { classIds: [randomUUID()] }),
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { details: { path: string }[] } }).error.details[0]?.path).toBe(
      "body.classIds[0]",
    );
  });
});

/** An AU in a browser, reduced to its HTTP requests. */
class TestAu {
  params!: URLSearchParams;
  auth = "";
  contextTemplate!: { extensions: Record<string, string>; contextActivities: Record<string, unknown[]> };
  constructor(readonly launchUrl: string) {
    this.params = new URL(launchUrl).searchParams;
  }
  get actor() {
    return JSON.parse(this.params.get("actor")!) as object;
  }
  fetch(url = this.params.get("fetch")!) {
    return app.request(url, { method: "POST" });
  }
  lrs(path: string, init: { method?: string; body?: unknown; contentType?: string; auth?: string } = {}) {
    const headers: Record<string, string> = {
      "x-experience-api-version": "1.0.3",
      authorization: init.auth ?? this.auth,
    };
    if (init.body !== undefined) headers["content-type"] = init.contentType ?? "application/json";
    const body =
      typeof init.body === "string" || init.body === undefined ? init.body : JSON.stringify(init.body);
    return app.request(`/xapi${path}`, { method: init.method ?? "GET", headers, body });
  }
  stateQuery(stateId: string) {
    return new URLSearchParams({
      stateId,
      activityId: this.params.get("activityId")!,
      agent: this.params.get("actor")!,
      registration: this.params.get("registration")!,
    }).toString();
  }
  preferencesQuery() {
    return new URLSearchParams({
      profileId: "cmi5LearnerPreferences",
      agent: this.params.get("actor")!,
    }).toString();
  }
  statement(verb: string, result?: object, moveOn = false, extensions: Record<string, unknown> = {}) {
    const template = structuredClone(this.contextTemplate);
    return {
      id: randomUUID(),
      timestamp: tick().toISOString(),
      actor: this.actor,
      verb: { id: `http://adlnet.gov/expapi/verbs/${verb}` },
      object: { id: this.params.get("activityId") },
      ...(result ? { result } : {}),
      context: {
        ...template,
        registration: this.params.get("registration"),
        extensions: { ...template.extensions, ...extensions },
        contextActivities: {
          ...template.contextActivities,
          category: [
            { id: "https://w3id.org/xapi/cmi5/context/categories/cmi5" },
            ...(moveOn ? [{ id: "https://w3id.org/xapi/cmi5/context/categories/moveon" }] : []),
          ],
        },
      },
    };
  }
  send(statement: { id: string }) {
    return this.lrs(`/statements?statementId=${statement.id}`, { method: "PUT", body: statement });
  }
  /** Fetches the token, reads LMS.LaunchData and the learner preferences, as an AU starts. */
  async start() {
    const token = (await (await this.fetch()).json()) as { "auth-token": string };
    this.auth = `Basic ${token["auth-token"]}`;
    const launchData = await this.lrs(`/activities/state?${this.stateQuery("LMS.LaunchData")}`);
    expect(launchData.status).toBe(200);
    const data = (await launchData.json()) as { contextTemplate: TestAu["contextTemplate"] };
    this.contextTemplate = data.contextTemplate;
    expect((await this.lrs(`/agents/profile?${this.preferencesQuery()}`)).status).toBe(404);
    return data;
  }
}

async function launch(auIndex: number, body: object = {}) {
  const res = await api(
    "learner",
    `/cmi5/courses/${courseId}/aus/${aus[auIndex]!.id}/launches`,
    jsonBody("POST", body),
  );
  expect(res.status).toBe(201);
  return (await res.json()) as { url: string; registration: string; sessionId: string; launchMethod: string };
}

async function lmsStatements(registration: string) {
  // The admin's own LRS client reads every statement of the registration, oldest first.
  const issued = (await (
    await api("admin", "/xapi/clients", jsonBody("POST", { name: "reports", scopes: ["read"] }))
  ).json()) as { key: string; secret: string };
  const res = await app.request(`/xapi/statements?registration=${registration}&ascending=true`, {
    headers: {
      "x-experience-api-version": "1.0.3",
      authorization: `Basic ${Buffer.from(`${issued.key}:${issued.secret}`).toString("base64")}`,
    },
  });
  return ((await res.json()) as { statements: { verb: { id: string }; object: { id: string } }[] })
    .statements;
}

const verbsOf = (statements: { verb: { id: string } }[]) => statements.map((s) => s.verb.id.split("/").pop());

describe("a learner's cmi5 launch, end to end over HTTP", () => {
  it("launches, serves the package sandboxed, runs a session under cmi5's rules, and records satisfaction and evidence", async () => {
    const before = (await (await api("learner", "/me/cmi5-courses")).json()) as {
      items: { id: string; status: string }[];
    };
    expect(before.items.find((c) => c.id === courseId)?.status).toBe("not_started");
    const launched = await launch(0, { returnPath: "/learner/courses" });
    const au = new TestAu(launched.url);
    const url = new URL(launched.url);
    expect(url.searchParams.get("lesson")).toBe("1");
    expect(url.searchParams.get("activityId")).toBe(aus[0]!.activityId);
    expect(url.searchParams.get("activityId")).not.toBe(AU1);

    const page = await app.request(`${url.pathname}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html");
    expect(page.headers.get("content-security-policy")).toMatch(/^sandbox allow-scripts/);

    // Before the token: nothing. Then the token once; a second POST gets error-code 1.
    const early = {
      actor: au.actor,
      verb: { id: "http://adlnet.gov/expapi/verbs/experienced" },
      object: { id: AU1 },
    };
    expect((await au.lrs("/statements", { method: "POST", body: early, auth: "Basic eDp5" })).status).toBe(
      401,
    );
    const data = await au.start();
    expect(data).toMatchObject({
      launchMode: "Normal",
      moveOn: "CompletedAndPassed",
      masteryScore: 0.8,
      returnURL: "http://localhost/learner/courses",
    });
    expect(data.contextTemplate.extensions["https://w3id.org/xapi/cmi5/context/extensions/sessionid"]).toBe(
      launched.sessionId,
    );
    const second = await au.fetch();
    expect(second.status).toBe(200);
    expect(await second.json()).toMatchObject({ "error-code": "1" });
    const forged = await au.fetch(au.params.get("fetch")!.replace(/\/[^/]+$/, "/not-the-secret"));
    expect(await forged.json()).toMatchObject({ "error-code": "2" });

    // LMS.LaunchData is read-only to the AU; learner preferences must be well-formed.
    expect(
      (
        await au.lrs(`/activities/state?${au.stateQuery("LMS.LaunchData")}`, {
          method: "PUT",
          body: { x: 1 },
        })
      ).status,
    ).toBe(403);
    expect(
      (await au.lrs(`/activities/state?${au.stateQuery("LMS.LaunchData")}`, { method: "DELETE" })).status,
    ).toBe(403);
    const prefs = `/agents/profile?${au.preferencesQuery()}`;
    expect(
      (
        await au.lrs(prefs, {
          method: "PUT",
          body: { languagePreference: "not a tag", audioPreference: "on" },
        })
      ).status,
    ).toBe(403);
    // Someone else's documents are out of reach.
    const otherAgent = new URLSearchParams({
      profileId: "notes",
      agent: JSON.stringify({ mbox: "mailto:x@example.com" }),
    });
    expect((await au.lrs(`/agents/profile?${otherAgent}`)).status).toBe(403);

    // cmi5's rules: initialized first, the session's context, scores against masteryScore.
    expect((await au.send(au.statement("experienced"))).status).toBe(403);
    expect((await au.send(au.statement("initialized"))).status).toBe(204);
    expect((await au.send(au.statement("initialized"))).status).toBe(403);
    const MASTERY = { "https://w3id.org/xapi/cmi5/context/extensions/masteryscore": 0.8 };
    const low = au.statement(
      "passed",
      { success: true, duration: "PT1M", score: { scaled: 0.5 } },
      true,
      MASTERY,
    );
    const refused = await au.send(low);
    expect(refused.status).toBe(403);
    expect(
      ((await refused.json()) as { error: { details: { path: string }[] } }).error.details[0]?.path,
    ).toBe("$.result.score.scaled");
    const passed = au.statement(
      "passed",
      { success: true, duration: "PT1M", score: { scaled: 0.9 } },
      true,
      MASTERY,
    );
    expect((await au.send(passed)).status).toBe(204);
    // The same statement again is the same statement: accepted, not counted twice.
    expect((await au.send(passed)).status).toBe(204);
    expect(
      (await au.send(au.statement("completed", { completion: true, duration: "PT2M" }, true))).status,
    ).toBe(204);
    expect((await au.lrs("/statements")).status).toBe(403);
    expect((await au.lrs(`/statements?registration=${launched.registration}`)).status).toBe(200);
    expect((await au.send(au.statement("terminated", { duration: "PT3M" }))).status).toBe(204);
    expect((await au.send(au.statement("experienced"))).status).toBe(401);
    expect((await au.lrs(`/activities/state?${au.stateQuery("LMS.LaunchData")}`)).status).toBe(401);

    const statements = await lmsStatements(launched.registration);
    // The AU is satisfied; its block and the course wait for the second AU.
    expect(verbsOf(statements)).toEqual(["launched", "initialized", "passed", "completed", "terminated"]);
    expect(statements[0]).toMatchObject({ object: { id: aus[0]!.activityId } });

    const after = (await (await api("learner", "/me/cmi5-courses")).json()) as {
      items: { id: string; status: string; aus: { progress: { status: string; score: number | null } }[] }[];
    };
    const mine = after.items.find((c) => c.id === courseId)!;
    expect(mine.status).toBe("in_progress");
    expect(mine.aus.map((a) => a.progress)).toMatchObject([
      { status: "satisfied", score: 0.9 },
      { status: "not_started", score: null },
    ]);
    // Passed and completed of the mapped AU are evidence, once each.
    const rows = await test.handle.db
      .select({ score: evidence.score, details: evidence.details })
      .from(evidence)
      .where(and(eq(evidence.learnerId, world.people.learner.id), eq(evidence.source, "xapi")));
    expect(rows.map((r) => r.score).sort()).toEqual([0.9, 1]);
  });

  it("abandons a session a new launch finds open, an admin can abandon one, and waives an AU into satisfaction", async () => {
    const first = new TestAu((await launch(1)).url);
    await first.start();
    expect((await first.send(first.statement("initialized"))).status).toBe(204);
    const second = await launch(1);
    expect((await first.send(first.statement("experienced"))).status).toBe(401);
    const au = new TestAu(second.url);
    await au.start();
    const abandoned = await api("admin", `/cmi5/sessions/${second.sessionId}/abandonment`, {
      method: "POST",
    });
    expect(abandoned.status).toBe(201);
    expect(
      (await api("admin", `/cmi5/sessions/${second.sessionId}/abandonment`, { method: "POST" })).status,
    ).toBe(409);
    expect((await au.send(au.statement("initialized"))).status).toBe(401);

    const waived = await api(
      "admin",
      `/cmi5/registrations/${second.registration}/aus/${aus[1]!.id}/waiver`,
      jsonBody("POST", { reason: "Equivalent AU" }),
    );
    expect(waived.status).toBe(201);
    const again = await api(
      "admin",
      `/cmi5/registrations/${second.registration}/aus/${aus[1]!.id}/waiver`,
      jsonBody("POST", { reason: "Equivalent AU" }),
    );
    expect(again.status).toBe(409);
    const statements = await lmsStatements(second.registration);
    // The waiver satisfies the AU, and with it the block and the course, in the waiver's own session.
    expect(verbsOf(statements).slice(-7)).toEqual([
      "initialized",
      "abandoned",
      "launched",
      "abandoned",
      "waived",
      "satisfied",
      "satisfied",
    ]);
    expect(statements.at(-2)!.object.id).toMatch(/\/cmi5\/blocks\//);
    expect(statements.at(-1)!.object.id).toMatch(/\/cmi5\/courses\//);
    const course = (
      (await (await api("learner", "/me/cmi5-courses")).json()) as {
        items: { id: string; status: string; aus: { progress: { status: string; waived: boolean } }[] }[];
      }
    ).items.find((c) => c.id === courseId)!;
    expect(course.status).toBe("satisfied");
    expect(course.aus[1]!.progress).toMatchObject({ status: "satisfied", waived: true });
  });

  it("answers browsers of any origin on the LRS and the fetch URL (CORS)", async () => {
    const preflight = await app.request("/xapi/statements", {
      method: "OPTIONS",
      headers: {
        origin: "https://vendor.example",
        "access-control-request-method": "PUT",
        "access-control-request-headers": "authorization,content-type,x-experience-api-version",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-headers")?.toLowerCase()).toContain(
      "x-experience-api-version",
    );
    const fetched = await app.request(`/cmi5/fetch/${randomUUID()}/nothing`, {
      method: "POST",
      headers: { origin: "null" },
    });
    expect(fetched.headers.get("access-control-allow-origin")).toBe("*");
    expect(await fetched.json()).toMatchObject({ "error-code": "2" });
  });

  it("serves package files without the sandbox only when the operator turns it off", async () => {
    const page = new URL((await launch(0)).url).pathname;
    expect((await app.request(page)).headers.get("content-security-policy")).toMatch(/^sandbox /);
    const unsandboxed = createApp({
      config: loadConfig({ PATHWISE_CMI5_CONTENT_SANDBOX: "false" }),
      database: test.handle,
      now: () => clock,
    });
    const res = await unsandboxed.request(page);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toBeNull();
  });

  it("serves no file of another package or outside one", async () => {
    expect((await app.request(`/cmi5/content/${randomUUID()}/index.html`)).status).toBe(404);
    expect((await app.request(`/cmi5/content/not-an-id/index.html`)).status).toBe(404);
  });
});
