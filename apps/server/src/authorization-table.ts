/**
 * Who may call which API route, about the world's learner. Every route of the API must be listed:
 * the authorization test fails when one is missing. `allowed` actors must get an answer other than
 * 401/403/404; everyone else must get one of those.
 */
import { DEFAULT_ORGANIZATION_SETTINGS, packetCodeOf } from "@pathwise/core";
import { casePackage } from "@pathwise/core/testing";
import { WORLD_CMI5_XML, type ActorKind, type World } from "./testing/world.js";

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
/** A CASE item identifier for the import and removal rows. */
const CASE_ITEM = "aaaaaaaa-0000-4000-8000-00000000000a";

/** A package of a framework nobody has yet, so every actor's import is a new one. */
const freshPackage = () =>
  casePackage({
    documentId: crypto.randomUUID(),
    items: [{ id: CASE_ITEM, code: "X.1", statement: "Count to ten." }],
  });

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
    route: "POST /learners/{learnerId}/decisions/{decisionId}/picks",
    request: (w) => ({
      path: `/learners/${w.people.learner.id}/decisions/${w.boardOption.id}/picks`,
      init: withKey({ method: "POST" }),
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
    route: "GET /classes/{classId}/group-suggestions",
    request: (w) => ({ path: `/classes/${w.mathClass.id}/group-suggestions?minSize=1&maxSize=4` }),
    allowed: ["teacher", "admin"],
  },
  {
    route: "GET /classes/{classId}/group-sessions",
    request: (w) => ({ path: `/classes/${w.mathClass.id}/group-sessions` }),
    allowed: ["teacher", "admin"],
  },
  {
    route: "POST /classes/{classId}/group-sessions",
    request: (w) => ({
      path: `/classes/${w.mathClass.id}/group-sessions`,
      init: withKey(
        json("POST", {
          competencyId: w.competency.id,
          learnerIds: [w.people.learner.id],
          title: "Fractions on a number line",
        }),
      ),
    }),
    allowed: ["teacher", "admin"],
  },
  {
    route: "GET /classes/{classId}/alerts",
    request: (w) => ({ path: `/classes/${w.mathClass.id}/alerts` }),
    allowed: ["teacher", "admin"],
  },
  {
    route: "GET /learners/{learnerId}/timeline",
    request: (w) => ({ path: `/learners/${w.people.learner.id}/timeline` }),
    allowed: ["learner", "teacher", "guardian", "admin"],
  },
  // Frameworks: the organization's curriculum is readable by everyone in it; imports are for admins
  // and teachers (a new framework each time here: a new version is for its classes' teachers, which
  // the core tests cover); an import job is seen by the person who started it and admins; local
  // additions are for teachers of a class using the framework, and admins.
  {
    route: "GET /frameworks",
    request: () => ({ path: "/frameworks" }),
    allowed: SIGNED_IN,
  },
  {
    route: "GET /frameworks/{frameworkId}",
    request: (w) => ({ path: `/frameworks/${w.framework.id}` }),
    allowed: ["learner", "classmate", "teacher", "otherTeacher", "guardian", "otherGuardian", "admin"],
  },
  {
    route: "GET /frameworks/{frameworkId}/versions",
    request: (w) => ({ path: `/frameworks/${w.framework.id}/versions` }),
    allowed: ["learner", "classmate", "teacher", "otherTeacher", "guardian", "otherGuardian", "admin"],
  },
  {
    route: "POST /frameworks/imports",
    request: () => ({
      path: "/frameworks/imports",
      init: withKey(json("POST", { package: freshPackage() })),
    }),
    allowed: ["teacher", "otherTeacher", "admin", "otherAdmin"],
  },
  {
    route: "POST /frameworks/import-jobs",
    request: () => ({
      path: "/frameworks/import-jobs",
      init: withKey(json("POST", { package: freshPackage(), fileName: "count.json" })),
    }),
    allowed: ["teacher", "otherTeacher", "admin", "otherAdmin"],
  },
  {
    route: "GET /frameworks/import-jobs/{jobId}",
    request: (w) => ({ path: `/frameworks/import-jobs/${w.frameworkImportJob.id}` }),
    allowed: ["teacher", "admin"],
  },
  {
    route: "POST /frameworks/{frameworkId}/competencies",
    request: (w) => ({
      path: `/frameworks/${w.framework.id}/competencies`,
      init: withKey(json("POST", { statement: "Explain a strategy to a partner." })),
    }),
    allowed: ["teacher", "admin"],
  },
  {
    // A self-loop is refused with 400 after the caller is known to be allowed.
    route: "POST /frameworks/{frameworkId}/prerequisites",
    request: (w) => ({
      path: `/frameworks/${w.framework.id}/prerequisites`,
      init: json("POST", { fromId: w.competency.id, toId: w.competency.id }),
    }),
    allowed: ["teacher", "admin"],
  },
  {
    route: "DELETE /frameworks/{frameworkId}/prerequisites/{fromId}/{toId}",
    request: (w) => ({
      path: `/frameworks/${w.framework.id}/prerequisites/${w.competency.id}/${CASE_ITEM}`,
      init: { method: "DELETE" },
    }),
    allowed: ["teacher", "admin"],
  },
  // Roster administration: admins of the organization. Another organization's admin works in their
  // own organization: references to this one's schools, classes and people are not found (404).
  {
    route: "GET /admin/schools",
    request: () => ({ path: "/admin/schools" }),
    allowed: ["admin", "otherAdmin"],
  },
  {
    route: "POST /admin/schools",
    request: () => ({ path: "/admin/schools", init: withKey(json("POST", { name: "Annex" })) }),
    allowed: ["admin", "otherAdmin"],
  },
  {
    route: "POST /admin/terms",
    request: (w) => ({
      path: "/admin/terms",
      init: withKey(
        json("POST", {
          schoolId: w.home.school.id,
          name: "Spring",
          startsOn: "2027-01-04",
          endsOn: "2027-06-11",
        }),
      ),
    }),
    allowed: ["admin"],
  },
  {
    route: "POST /admin/classes",
    request: (w) => ({
      path: "/admin/classes",
      init: withKey(
        json("POST", { schoolId: w.home.school.id, termId: w.home.term.id, name: "Science 5", grade: "05" }),
      ),
    }),
    allowed: ["admin"],
  },
  {
    route: "GET /admin/people",
    request: () => ({ path: "/admin/people?role=learner" }),
    allowed: ["admin", "otherAdmin"],
  },
  {
    route: "POST /admin/people",
    request: () => ({
      path: "/admin/people",
      init: withKey(
        json("POST", {
          email: `new-${crypto.randomUUID()}@example.test`,
          givenName: "New",
          familyName: "Person",
          roles: ["learner"],
        }),
      ),
    }),
    allowed: ["admin", "otherAdmin"],
  },
  {
    route: "POST /classes/{classId}/enrollments",
    request: (w) => ({
      path: `/classes/${w.mathClass.id}/enrollments`,
      init: json("POST", { userId: w.people.classmate.id, role: "learner" }),
    }),
    allowed: ["admin"],
  },
  {
    route: "DELETE /classes/{classId}/enrollments/{userId}",
    // Removing someone who is not enrolled changes nothing (and answers 204).
    request: (w) => ({
      path: `/classes/${w.artClass.id}/enrollments/${w.people.otherGuardian.id}`,
      init: { method: "DELETE" },
    }),
    allowed: ["admin"],
  },
  {
    route: "POST /admin/guardianships",
    request: (w) => ({
      path: "/admin/guardianships",
      init: json("POST", {
        guardianId: w.people.guardian.id,
        learnerId: w.people.learner.id,
        relationship: "mother",
      }),
    }),
    allowed: ["admin"],
  },
  {
    route: "DELETE /admin/guardianships/{guardianId}/{learnerId}",
    request: (w) => ({
      path: `/admin/guardianships/${w.people.otherGuardian.id}/${w.people.learner.id}`,
      init: { method: "DELETE" },
    }),
    allowed: ["admin"],
  },
  {
    route: "POST /admin/roster-imports",
    request: () => ({
      path: "/admin/roster-imports",
      init: withKey(
        json("POST", {
          files: { "manifest.csv": "propertyName,value\nmanifest.version,1.0\noneroster.version,1.2" },
        }),
      ),
    }),
    allowed: ["admin", "otherAdmin"],
  },
  {
    route: "GET /admin/audit",
    request: () => ({ path: "/admin/audit?limit=5" }),
    allowed: ["admin", "otherAdmin"],
  },
  // Organization settings: each organization's admins, for their own organization.
  {
    route: "GET /organization/settings",
    request: () => ({ path: "/organization/settings" }),
    allowed: ["admin", "otherAdmin"],
  },
  {
    route: "PUT /organization/settings",
    request: () => ({
      path: "/organization/settings",
      init: withIfMatch(json("PUT", DEFAULT_ORGANIZATION_SETTINGS), 0),
    }),
    allowed: ["admin", "otherAdmin"],
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
    route: "PATCH /items/{itemId}",
    // The first allowed editor moves the version on; later ones get 412, an answer, not a denial.
    request: (w) => ({
      path: `/items/${w.item.id}`,
      init: withIfMatch(json("PATCH", { level: "above" }), 1),
    }),
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
    route: "PATCH /rubrics/{rubricId}",
    request: (w) => ({
      path: `/rubrics/${w.rubric.id}`,
      init: withIfMatch(json("PATCH", { title: "Explaining my thinking, revised" }), 1),
    }),
    allowed: ["teacher", "otherTeacher", "admin"],
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
    route: "PATCH /tasks/{taskId}",
    request: (w) => ({
      path: `/tasks/${w.task.id}`,
      init: withIfMatch(json("PATCH", { expectedMinutes: 45 }), 1),
    }),
    allowed: ["teacher", "otherTeacher", "admin"],
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
    route: "GET /choice-boards/{boardId}",
    request: (w) => ({ path: `/choice-boards/${w.board.id}` }),
    allowed: ["learner", "classmate", "teacher", "admin"],
  },
  {
    route: "PATCH /choice-boards/{boardId}",
    request: (w) => ({
      path: `/choice-boards/${w.board.id}`,
      init: withIfMatch(json("PATCH", { instructions: "Pick one you have not tried." }), 1),
    }),
    allowed: ["teacher", "admin"],
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
  // Forwarding Pathwise's own statements: each admin sets up their own organization's (409 before).
  {
    route: "GET /xapi/forwarding",
    request: () => ({ path: "/xapi/forwarding" }),
    allowed: ["admin", "otherAdmin"],
  },
  {
    route: "PUT /xapi/forwarding",
    request: () => ({
      path: "/xapi/forwarding",
      init: json("PUT", {
        endpoint: "https://lrs.example/xapi",
        username: "pathwise",
        password: "secret",
        xapiVersion: "2.0.0",
      }),
    }),
    allowed: ["admin", "otherAdmin"],
  },
  {
    route: "POST /xapi/forwarding/pause",
    request: () => ({ path: "/xapi/forwarding/pause", init: { method: "POST" } }),
    allowed: ["admin", "otherAdmin"],
  },
  {
    route: "POST /xapi/forwarding/resume",
    request: () => ({ path: "/xapi/forwarding/resume", init: { method: "POST" } }),
    allowed: ["admin", "otherAdmin"],
  },
  {
    route: "POST /xapi/forwarding/retry",
    request: () => ({ path: "/xapi/forwarding/retry", init: json("POST", {}) }),
    allowed: ["admin", "otherAdmin"],
  },
];

/** The ETag a fixture record starts at: the first edit by an allowed actor succeeds, later ones get 412 (not a refusal). */
const withIfMatch = (init: RequestInit, version: number): RequestInit => ({
  ...init,
  headers: { ...(init.headers as Record<string, string>), "if-match": `"v${version}"` },
});

// Learners: the learner owns the profile; staff set accommodations; goals, plans and their co-design.
AUTHORIZATION_TABLE.push(
  {
    route: "GET /learners/{learnerId}/profile",
    request: (w) => ({ path: `/learners/${w.people.learner.id}/profile` }),
    allowed: ["learner", "teacher", "guardian", "admin"],
  },
  {
    route: "PATCH /learners/{learnerId}/profile",
    request: (w) => ({
      path: `/learners/${w.people.learner.id}/profile`,
      init: withIfMatch(json("PATCH", { interests: ["soccer"] }), 0),
    }),
    allowed: ["learner"],
  },
  {
    route: "GET /learners/{learnerId}/accommodations",
    request: (w) => ({ path: `/learners/${w.people.learner.id}/accommodations` }),
    allowed: ["learner", "teacher", "guardian", "admin"],
  },
  {
    route: "PATCH /learners/{learnerId}/accommodations",
    request: (w) => ({
      path: `/learners/${w.people.learner.id}/accommodations`,
      init: withIfMatch(json("PATCH", { readAloud: true }), 0),
    }),
    allowed: ["teacher", "admin"],
  },
  {
    route: "GET /learners/{learnerId}/help-at-home",
    request: (w) => ({ path: `/learners/${w.people.learner.id}/help-at-home` }),
    allowed: ["learner", "teacher", "guardian", "admin"],
  },
  {
    // Staff of the school: the math teacher, the art teacher of the same school, its admin.
    route: "GET /schools/{schoolId}/competencies/{competencyId}/home-note",
    request: (w) => ({ path: `/schools/${w.home.school.id}/competencies/${w.competency.id}/home-note` }),
    allowed: ["teacher", "otherTeacher", "admin"],
  },
  {
    // The first allowed writer saves version 1; the later ones, still sending "v0", get 412.
    route: "PUT /schools/{schoolId}/competencies/{competencyId}/home-note",
    request: (w) => ({
      path: `/schools/${w.home.school.id}/competencies/${w.competency.id}/home-note`,
      init: withIfMatch(json("PUT", { body: "Cut a pizza into eighths together." }), 0),
    }),
    allowed: ["teacher", "otherTeacher", "admin"],
  },
  {
    route: "GET /learners/{learnerId}/goals",
    request: (w) => ({ path: `/learners/${w.people.learner.id}/goals` }),
    allowed: ["learner", "teacher", "guardian", "admin"],
  },
  {
    route: "POST /learners/{learnerId}/goals",
    request: (w) => ({
      path: `/learners/${w.people.learner.id}/goals`,
      init: withKey(json("POST", { title: "Read a chapter book", targetDate: "2026-12-01" })),
    }),
    allowed: ["learner", "teacher"],
  },
  {
    route: "PATCH /goals/{goalId}",
    request: (w) => ({
      path: `/goals/${w.goal.id}`,
      init: withIfMatch(json("PATCH", { title: "Add and subtract any two fractions" }), 1),
    }),
    allowed: ["learner", "teacher"],
  },
  {
    route: "GET /goals/{goalId}/check-ins",
    request: (w) => ({ path: `/goals/${w.goal.id}/check-ins` }),
    allowed: ["learner", "teacher", "guardian", "admin"],
  },
  {
    route: "POST /goals/{goalId}/check-ins",
    request: (w) => ({
      path: `/goals/${w.goal.id}/check-ins`,
      init: withKey(json("POST", { note: "Halfway there", progress: 50 })),
    }),
    allowed: ["learner", "teacher"],
  },
  {
    route: "GET /learners/{learnerId}/plans",
    request: (w) => ({ path: `/learners/${w.people.learner.id}/plans` }),
    allowed: ["learner", "teacher", "guardian", "admin"],
  },
  {
    route: "POST /learners/{learnerId}/plans",
    request: (w) => ({
      path: `/learners/${w.people.learner.id}/plans`,
      init: withKey(
        json("POST", {
          title: "Fractions, second try",
          goalCompetencyIds: [w.competency.id],
          targetDate: "2026-12-18",
          weeklyMinutes: 60,
        }),
      ),
    }),
    allowed: ["learner", "teacher"],
  },
  {
    route: "GET /plans/{planId}",
    request: (w) => ({ path: `/plans/${w.plan.id}` }),
    allowed: ["learner", "teacher", "guardian", "admin"],
  },
  {
    route: "PATCH /plans/{planId}",
    request: (w) => ({
      path: `/plans/${w.plan.id}`,
      init: withIfMatch(json("PATCH", { weeklyMinutes: 120 }), w.plan.version),
    }),
    allowed: ["teacher"],
  },
  {
    route: "POST /plans/{planId}/replan",
    request: (w) => ({
      path: `/plans/${w.plan.id}/replan`,
      init: withIfMatch({ method: "POST" }, w.plan.version),
    }),
    allowed: ["learner", "teacher"],
  },
  {
    route: "POST /plans/{planId}/proposals",
    request: (w) => ({
      path: `/plans/${w.plan.id}/proposals`,
      init: withKey(json("POST", { summary: "More time", changes: { weeklyMinutes: 150 } })),
    }),
    allowed: ["learner", "teacher"],
  },
  {
    route: "POST /proposals/{proposalId}/decision",
    // The learner proposed, so only a teacher of theirs answers; after the first answer, 409.
    request: (w) => ({
      path: `/proposals/${w.proposal.id}/decision`,
      init: json("POST", { decision: "approve", comment: "Fine by me" }),
    }),
    allowed: ["teacher"],
  },
  {
    route: "POST /proposals/{proposalId}/withdrawal",
    // Only the learner proposed it: they withdraw it; others who see the plan get 403.
    request: (w) => ({ path: `/proposals/${w.proposalToWithdraw.id}/withdrawal`, init: { method: "POST" } }),
    allowed: ["learner"],
  },
  {
    route: "POST /plans/{planId}/comments",
    request: (w) => ({
      path: `/plans/${w.plan.id}/comments`,
      init: withKey(json("POST", { body: "Let us look at this on Friday." })),
    }),
    allowed: ["learner", "teacher"],
  },
  {
    route: "GET /plans/{planId}/history",
    request: (w) => ({ path: `/plans/${w.plan.id}/history` }),
    allowed: ["learner", "teacher", "guardian", "admin"],
  },
);

// Diagnosis: the learner (or a teacher of theirs) takes the placement; those who see the learner read it.
AUTHORIZATION_TABLE.push(
  {
    route: "POST /learners/{learnerId}/diagnosis-sessions",
    request: (w) => ({ path: `/learners/${w.people.learner.id}/diagnosis-sessions`, init: json("POST", {}) }),
    allowed: ["learner", "teacher"],
  },
  {
    route: "GET /diagnosis-sessions/{sessionId}",
    request: (w) => ({ path: `/diagnosis-sessions/${w.diagnosis.id}` }),
    allowed: ["learner", "teacher", "guardian", "admin"],
  },
  {
    route: "POST /diagnosis-sessions/{sessionId}/answers",
    // The first allowed actor answers the only question; the next gets 409 (the placement is over).
    request: (w) => ({
      path: `/diagnosis-sessions/${w.diagnosis.id}/answers`,
      init: json("POST", { itemId: w.diagnosisItem.id, response: "b" }),
    }),
    allowed: ["learner", "teacher"],
  },
  {
    route: "POST /diagnosis-sessions/{sessionId}/finish",
    request: (w) => ({ path: `/diagnosis-sessions/${w.diagnosis.id}/finish`, init: { method: "POST" } }),
    allowed: ["learner", "teacher"],
  },
);

// Messaging: only the conversation's participants, while they are the learner, a teacher or a guardian of theirs.
AUTHORIZATION_TABLE.push(
  {
    route: "POST /learners/{learnerId}/threads",
    request: (w) => ({
      path: `/learners/${w.people.learner.id}/threads`,
      init: withKey(
        json("POST", {
          subject: "Field trip",
          body: "Does Lena need anything for Friday?",
          participantIds: [w.people.teacher.id, w.people.guardian.id],
        }),
      ),
    }),
    allowed: ["learner", "teacher", "guardian"],
  },
  { route: "GET /me/threads", request: () => ({ path: "/me/threads" }), allowed: SIGNED_IN },
  {
    route: "GET /threads/{threadId}/messages",
    request: (w) => ({ path: `/threads/${w.thread.id}/messages` }),
    allowed: ["learner", "teacher", "guardian"],
  },
  {
    route: "POST /threads/{threadId}/messages",
    request: (w) => ({
      path: `/threads/${w.thread.id}/messages`,
      init: withKey(json("POST", { body: "Thank you!" })),
    }),
    allowed: ["learner", "teacher", "guardian"],
  },
  {
    route: "POST /threads/{threadId}/read",
    request: (w) => ({ path: `/threads/${w.thread.id}/read`, init: { method: "POST" } }),
    allowed: ["learner", "teacher", "guardian"],
  },
);

// Printing: a plan prints for whoever may see it; a packet for its learner and the class's staff; a
// class set for the class's staff; paper results are entered by the class's teachers only.
AUTHORIZATION_TABLE.push(
  {
    route: "GET /learners/{learnerId}/plan.pdf",
    request: (w) => ({ path: `/learners/${w.people.learner.id}/plan.pdf` }),
    allowed: ["learner", "teacher", "guardian", "admin"],
  },
  {
    route: "GET /choice-boards/{boardId}/packets/{learnerId}",
    request: (w) => ({ path: `/choice-boards/${w.board.id}/packets/${w.people.learner.id}?language=es` }),
    allowed: ["learner", "teacher", "admin"],
  },
  {
    route: "GET /choice-boards/{boardId}/class-set",
    request: (w) => ({ path: `/choice-boards/${w.board.id}/class-set` }),
    allowed: ["teacher", "admin"],
  },
  {
    route: "POST /choice-boards/{boardId}/paper-results",
    request: (w) => ({
      path: `/choice-boards/${w.board.id}/paper-results`,
      init: json("POST", {
        results: [{ learnerId: w.people.learner.id, code: `${packetCodeOf(w.board.id)}-1`, answer: "A" }],
      }),
    }),
    allowed: ["teacher"],
  },
);

// cmi5 courses: admins import, see, offer, waive and abandon within their organization; learners
// of a class the course is offered to list and launch it. (The AU's fetch URL and package files are
// outside API v1, like the LRS.)
AUTHORIZATION_TABLE.push(
  {
    route: "POST /cmi5/courses",
    request: () => ({
      path: "/cmi5/courses?filename=cmi5.xml",
      init: withKey({ method: "POST", headers: { "content-type": "text/xml" }, body: WORLD_CMI5_XML }),
    }),
    allowed: ["admin", "otherAdmin"],
  },
  {
    route: "GET /cmi5/courses",
    request: () => ({ path: "/cmi5/courses" }),
    allowed: ["admin", "otherAdmin"],
  },
  {
    route: "GET /cmi5/courses/{courseId}",
    request: (w) => ({ path: `/cmi5/courses/${w.cmi5.courseId}` }),
    allowed: ["admin"],
  },
  {
    route: "PUT /cmi5/courses/{courseId}/offerings",
    request: (w) => ({
      path: `/cmi5/courses/${w.cmi5.courseId}/offerings`,
      init: json("PUT", { classIds: [w.mathClass.id] }),
    }),
    allowed: ["admin"],
  },
  {
    route: "GET /me/cmi5-courses",
    request: () => ({ path: "/me/cmi5-courses" }),
    allowed: ["learner", "classmate"],
  },
  {
    route: "POST /cmi5/courses/{courseId}/aus/{auId}/launches",
    request: (w) => ({
      path: `/cmi5/courses/${w.cmi5.courseId}/aus/${w.cmi5.auId}/launches`,
      init: json("POST", { returnPath: "/learner/courses" }),
    }),
    allowed: ["learner", "classmate"],
  },
  {
    route: "POST /cmi5/registrations/{registrationId}/aus/{auId}/waiver",
    request: (w) => ({
      path: `/cmi5/registrations/${w.cmi5.registration}/aus/${w.cmi5.auId}/waiver`,
      init: json("POST", { reason: "Tested Out" }),
    }),
    allowed: ["admin"],
  },
  {
    route: "POST /cmi5/sessions/{sessionId}/abandonment",
    request: (w) => ({ path: `/cmi5/sessions/${w.cmi5.sessionId}/abandonment`, init: { method: "POST" } }),
    allowed: ["admin"],
  },
);
