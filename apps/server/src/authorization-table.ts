/**
 * Who may call which API route, about the world's learner. Every route of the API must be listed:
 * the authorization test fails when one is missing. `allowed` actors must get an answer other than
 * 401/403/404; everyone else must get one of those.
 */
import type { ActorKind, World } from "./testing/world.js";

export interface RouteAccess {
  /** "METHOD /path" exactly as in the OpenAPI document (path parameters in braces). */
  route: string;
  request: (world: World) => { path: string; init?: RequestInit };
  allowed: readonly ActorKind[];
}

const SIGNED_IN: readonly ActorKind[] = [
  "learner",
  "classmate",
  "teacher",
  "otherTeacher",
  "guardian",
  "otherGuardian",
  "admin",
  "otherAdmin",
];
const EVERYONE: readonly ActorKind[] = ["anonymous", ...SIGNED_IN];
const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

/** A create with a fresh Idempotency-Key, as every create requires. */
const withKey = (init: RequestInit): RequestInit => ({
  ...init,
  headers: { ...(init.headers as Record<string, string>), "idempotency-key": `auth-${Math.random()}` },
});

export const AUTHORIZATION_TABLE: RouteAccess[] = [
  { route: "GET /health", request: () => ({ path: "/health" }), allowed: EVERYONE },
  {
    route: "POST /sessions",
    // Signing in is open to anyone; with wrong credentials it is a 401 for everyone alike.
    request: (w) => ({
      path: "/sessions",
      init: json("POST", { email: w.people.learner.email, password: "correct horse battery staple" }),
    }),
    allowed: EVERYONE,
  },
  {
    route: "DELETE /sessions/current",
    request: () => ({ path: "/sessions/current", init: { method: "DELETE" } }),
    allowed: EVERYONE,
  },
  { route: "GET /me", request: () => ({ path: "/me" }), allowed: SIGNED_IN },
  {
    route: "PUT /me/locale",
    request: () => ({ path: "/me/locale", init: json("PUT", { locale: "es" }) }),
    allowed: SIGNED_IN,
  },
  {
    route: "GET /classes",
    request: () => ({ path: "/classes" }),
    allowed: ["teacher", "otherTeacher", "admin", "otherAdmin"],
  },
  {
    route: "GET /me/children",
    request: () => ({ path: "/me/children" }),
    allowed: ["guardian", "otherGuardian"],
  },
  {
    route: "GET /me/competencies",
    request: () => ({ path: "/me/competencies" }),
    allowed: ["learner", "classmate"],
  },

  // personalization: evidence, mastery, boards, the decision ledger, contests, overrides, insights
  {
    route: "POST /learners/{learnerId}/evidence",
    request: (w) => ({
      path: `/learners/${w.people.learner.id}/evidence`,
      init: {
        ...json("POST", { kind: "attempt", competencyIds: [w.competency.id], correct: true }),
        headers: { "content-type": "application/json", "idempotency-key": `auth-${Math.random()}` },
      },
    }),
    allowed: ["learner", "teacher"],
  },
  {
    route: "GET /learners/{learnerId}/mastery",
    request: (w) => ({ path: `/learners/${w.people.learner.id}/mastery` }),
    allowed: ["learner", "teacher", "guardian", "admin"],
  },
  {
    route: "POST /learners/{learnerId}/choice-board",
    request: (w) => ({ path: `/learners/${w.people.learner.id}/choice-board`, init: { method: "POST" } }),
    allowed: ["learner", "teacher"],
  },
  {
    route: "GET /learners/{learnerId}/decisions",
    request: (w) => ({ path: `/learners/${w.people.learner.id}/decisions` }),
    allowed: ["learner", "teacher", "guardian", "admin"],
  },
  {
    route: "POST /decisions/{decisionId}/contests",
    request: (w) => ({
      path: `/decisions/${w.decision.id}/contests`,
      init: json("POST", { reason: "I already know this" }),
    }),
    allowed: ["learner"],
  },
  {
    route: "POST /decisions/{decisionId}/overrides",
    // The first allowed actor overrides; the next gets 409 (already overridden) — still not a refusal of access.
    request: (w) => ({
      path: `/decisions/${w.decision.id}/overrides`,
      init: json("POST", { reason: "Let us do this one together" }),
    }),
    allowed: ["teacher", "admin"],
  },
  {
    route: "POST /contests/{contestId}/resolution",
    request: (w) => ({
      path: `/contests/${w.contest.id}/resolution`,
      init: json("POST", { outcome: "upheld", resolution: "It is the next step for you" }),
    }),
    allowed: ["teacher", "admin"],
  },
  {
    route: "GET /classes/{classId}/mastery-matrix",
    request: (w) => ({ path: `/classes/${w.mathClass.id}/mastery-matrix` }),
    allowed: ["teacher", "admin"],
  },
  // Portfolio and "defend my learning": the learner owns it; guardians see what is shared.
  {
    route: "GET /learners/{learnerId}/portfolio",
    request: (w) => ({ path: `/learners/${w.people.learner.id}/portfolio` }),
    allowed: ["learner", "teacher", "guardian", "admin"],
  },
  {
    route: "POST /learners/{learnerId}/portfolio",
    request: (w) => ({
      path: `/learners/${w.people.learner.id}/portfolio`,
      init: withKey(json("POST", { title: "Number line", text: "A number line from 0 to 2 in sixths." })),
    }),
    allowed: ["learner"],
  },
  {
    route: "PUT /portfolio/{artifactId}/sharing",
    request: (w) => ({
      path: `/portfolio/${w.artifact.id}/sharing`,
      init: json("PUT", { visibleToGuardians: false }),
    }),
    allowed: ["learner"],
  },
  {
    route: "GET /learners/{learnerId}/claims",
    request: (w) => ({ path: `/learners/${w.people.learner.id}/claims` }),
    allowed: ["learner", "teacher", "guardian", "admin"],
  },
  {
    route: "POST /learners/{learnerId}/claims",
    request: (w) => ({
      path: `/learners/${w.people.learner.id}/claims`,
      init: withKey(
        json("POST", {
          competencyId: w.competency.id,
          statement: "My poster shows how to add fractions with unlike denominators.",
          artifactIds: [w.artifact.id],
        }),
      ),
    }),
    allowed: ["learner"],
  },
  {
    route: "PUT /claims/{claimId}",
    request: (w) => ({
      path: `/claims/${w.claim.id}`,
      init: json("PUT", {
        statement: "Here is more: the strips line up at twelfths.",
        artifactIds: [w.artifact.id],
      }),
    }),
    allowed: ["learner"],
  },
  {
    route: "POST /claims/{claimId}/resolution",
    request: (w) => ({
      path: `/claims/${w.claim.id}/resolution`,
      init: json("POST", { decision: "needs_more", response: "Show me one worked example." }),
    }),
    allowed: ["teacher"],
  },
  {
    route: "GET /me/claims-to-review",
    request: () => ({ path: "/me/claims-to-review" }),
    allowed: ["teacher", "otherTeacher"],
  },
  // Insights: class-wide reports are for the class's staff; a learner's timeline for those who see the learner.
  {
    route: "GET /classes/{classId}/growth",
    request: (w) => ({ path: `/classes/${w.mathClass.id}/growth?from=2026-01-01&to=2026-06-30` }),
    allowed: ["teacher", "admin"],
  },
  {
    route: "GET /classes/{classId}/growth.csv",
    request: (w) => ({ path: `/classes/${w.mathClass.id}/growth.csv?from=2026-01-01&to=2026-06-30` }),
    allowed: ["teacher", "admin"],
  },
  {
    route: "GET /learners/{learnerId}/timeline",
    request: (w) => ({ path: `/learners/${w.people.learner.id}/timeline` }),
    allowed: ["learner", "teacher", "guardian", "admin"],
  },
  // The LRS's administration (the LRS itself is at /xapi, outside API v1, with Basic-auth clients).
  {
    route: "POST /xapi/clients",
    request: () => ({
      path: "/xapi/clients",
      init: json("POST", { name: "Fractions game", scopes: ["write"] }),
    }),
    allowed: ["admin", "otherAdmin"],
  },
  {
    route: "GET /xapi/clients",
    request: () => ({ path: "/xapi/clients" }),
    allowed: ["admin", "otherAdmin"],
  },
  {
    route: "DELETE /xapi/clients/{clientId}",
    request: (w) => ({ path: `/xapi/clients/${w.xapiClient.id}`, init: { method: "DELETE" } }),
    allowed: ["admin"],
  },
  {
    // An admin of another organization may map activities of theirs, but not to this one's competencies (400).
    route: "PUT /xapi/activity-mappings",
    request: (w) => ({
      path: "/xapi/activity-mappings",
      init: json("PUT", {
        activityId: "https://games.example/fractions/level-1",
        competencyIds: [w.competency.id],
      }),
    }),
    allowed: ["admin", "otherAdmin"],
  },
  {
    route: "GET /xapi/activity-mappings",
    request: () => ({ path: "/xapi/activity-mappings" }),
    allowed: ["admin", "otherAdmin"],
  },
];
