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
  // Content: staff of the organization author it; learners see what is for their classes' competencies.
  {
    route: "POST /resources",
    // Another organization's admin may author in their own organization; the competency is not theirs (400).
    request: (w) => ({
      path: "/resources",
      init: withKey(
        json("POST", {
          title: "Adding fractions with area models",
          kind: "link",
          url: "https://example.org/area-models",
          competencyIds: [w.competency.id],
          modality: "video",
          expectedMinutes: 8,
        }),
      ),
    }),
    allowed: ["teacher", "otherTeacher", "admin", "otherAdmin"],
  },
  {
    route: "GET /resources",
    request: () => ({ path: "/resources" }),
    allowed: ["learner", "classmate", "teacher", "otherTeacher", "admin", "otherAdmin"],
  },
  {
    route: "GET /resources/{resourceId}",
    request: (w) => ({ path: `/resources/${w.resource.id}` }),
    allowed: ["learner", "classmate", "teacher", "otherTeacher", "admin"],
  },
  {
    route: "PATCH /resources/{resourceId}",
    // The first editor moves the version on; later ones get 412, which is an answer, not a denial.
    request: (w) => ({
      path: `/resources/${w.resource.id}`,
      init: {
        ...json("PATCH", { expectedMinutes: 12 }),
        headers: { "content-type": "application/json", "if-match": '"v1"' },
      },
    }),
    allowed: ["teacher", "otherTeacher", "admin"],
  },
  {
    route: "PUT /resources/{resourceId}/archived",
    request: (w) => ({
      path: `/resources/${w.archivableResource.id}/archived`,
      init: json("PUT", { archived: true }),
    }),
    allowed: ["teacher", "otherTeacher", "admin"],
  },
  {
    route: "GET /resources/{resourceId}/file",
    request: (w) => ({ path: `/resources/${w.fileResource.id}/file` }),
    allowed: ["learner", "classmate", "teacher", "otherTeacher", "admin"],
  },
  {
    route: "POST /items",
    request: (w) => ({
      path: "/items",
      init: withKey(
        json("POST", {
          stem: "What is 2/3 + 1/6?",
          body: { kind: "numeric", answer: 0.8333, tolerance: 0.001 },
          competencyIds: [w.competency.id],
        }),
      ),
    }),
    allowed: ["teacher", "otherTeacher", "admin", "otherAdmin"],
  },
  {
    route: "GET /items/{itemId}",
    request: (w) => ({ path: `/items/${w.item.id}` }),
    allowed: ["teacher", "otherTeacher", "admin"],
  },
  {
    route: "POST /items/{itemId}/variants",
    request: (w) => ({
      path: `/items/${w.item.id}/variants`,
      init: withKey(
        json("POST", { interest: "cooking", stem: "A recipe needs 1/2 cup of milk and 1/3 cup of water…" }),
      ),
    }),
    allowed: ["teacher", "otherTeacher", "admin"],
  },
  {
    route: "GET /items/{itemId}/delivery",
    request: (w) => ({ path: `/items/${w.item.id}/delivery` }),
    allowed: ["learner", "classmate", "teacher", "otherTeacher", "admin"],
  },
  {
    route: "POST /items/{itemId}/attempts",
    request: (w) => ({
      path: `/items/${w.item.id}/attempts`,
      init: withKey(json("POST", { response: { choiceId: "a" } })),
    }),
    allowed: ["learner", "classmate"],
  },
  {
    route: "POST /rubrics",
    request: (w) => ({
      path: "/rubrics",
      init: withKey(
        json("POST", {
          title: "Explaining my thinking",
          criteria: [
            {
              title: "Clarity",
              competencyId: w.competency.id,
              levels: [
                { score: 1, label: "Beginning" },
                { score: 3, label: "Meeting" },
              ],
            },
          ],
        }),
      ),
    }),
    allowed: ["teacher", "otherTeacher", "admin", "otherAdmin"],
  },
  {
    route: "GET /rubrics/{rubricId}",
    request: (w) => ({ path: `/rubrics/${w.rubric.id}` }),
    allowed: ["learner", "classmate", "teacher", "otherTeacher", "admin"],
  },
  {
    route: "POST /tasks",
    request: (w) => ({
      path: "/tasks",
      init: withKey(
        json("POST", {
          title: "Recipe remix",
          description: "Double a recipe that uses fractions.",
          rubricId: w.rubric.id,
          expectedMinutes: 30,
        }),
      ),
    }),
    allowed: ["teacher", "otherTeacher", "admin", "otherAdmin"],
  },
  {
    route: "GET /tasks/{taskId}",
    request: (w) => ({ path: `/tasks/${w.task.id}` }),
    allowed: ["learner", "classmate", "teacher", "otherTeacher", "admin"],
  },
  {
    route: "POST /tasks/{taskId}/submissions",
    request: (w) => ({
      path: `/tasks/${w.task.id}/submissions`,
      init: withKey(json("POST", { url: "https://example.org/my-poster" })),
    }),
    allowed: ["learner", "classmate"],
  },
  {
    route: "GET /me/scoring-queue",
    // Another organization's admin sees their own organization's queue (empty here).
    request: () => ({ path: "/me/scoring-queue" }),
    allowed: ["teacher", "otherTeacher", "admin", "otherAdmin"],
  },
  {
    route: "POST /submissions/{submissionId}/score",
    // The teacher scores it; the admin, after, is told it is already scored (409) — allowed, not denied.
    request: (w) => ({
      path: `/submissions/${w.submission.id}/score`,
      init: json("POST", { correct: true }),
    }),
    allowed: ["teacher", "admin"],
  },
  {
    route: "POST /classes/{classId}/choice-boards",
    request: (w) => ({
      path: `/classes/${w.mathClass.id}/choice-boards`,
      init: withKey(
        json("POST", {
          title: "Fractions week 2",
          options: [
            { kind: "resource", refId: w.resource.id },
            { kind: "task", refId: w.task.id },
          ],
        }),
      ),
    }),
    allowed: ["teacher", "admin"],
  },
  {
    route: "GET /classes/{classId}/choice-boards",
    request: (w) => ({ path: `/classes/${w.mathClass.id}/choice-boards` }),
    allowed: ["learner", "classmate", "teacher", "admin"],
  },
  {
    route: "POST /choice-boards/{boardId}/picks",
    request: (w) => ({
      path: `/choice-boards/${w.board.id}/picks`,
      init: json("POST", { optionId: w.boardOptions[0]!.id }),
    }),
    allowed: ["learner", "classmate"],
  },
  {
    route: "GET /items",
    // Another organization's admin lists their own organization's items (none here).
    request: () => ({ path: "/items" }),
    allowed: ["teacher", "otherTeacher", "admin", "otherAdmin"],
  },
  {
    route: "PUT /items/{itemId}/archived",
    request: (w) => ({
      path: `/items/${w.archivableItem.id}/archived`,
      init: json("PUT", { archived: true }),
    }),
    allowed: ["teacher", "otherTeacher", "admin"],
  },
  {
    route: "GET /learners/{learnerId}/submissions",
    request: (w) => ({ path: `/learners/${w.people.learner.id}/submissions` }),
    allowed: ["learner", "teacher", "admin"],
  },
];
