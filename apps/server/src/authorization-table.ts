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

const SIGNED_IN: readonly ActorKind[] = ["learner", "classmate", "teacher", "otherTeacher", "guardian", "otherGuardian", "admin", "otherAdmin"];
const EVERYONE: readonly ActorKind[] = ["anonymous", ...SIGNED_IN];
const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

export const AUTHORIZATION_TABLE: RouteAccess[] = [
  { route: "GET /health", request: () => ({ path: "/health" }), allowed: EVERYONE },
  {
    route: "POST /sessions",
    // Signing in is open to anyone; with wrong credentials it is a 401 for everyone alike.
    request: (w) => ({ path: "/sessions", init: json("POST", { email: w.people.learner.email, password: "correct horse battery staple" }) }),
    allowed: EVERYONE,
  },
  { route: "DELETE /sessions/current", request: () => ({ path: "/sessions/current", init: { method: "DELETE" } }), allowed: EVERYONE },
  { route: "GET /me", request: () => ({ path: "/me" }), allowed: SIGNED_IN },
  { route: "PUT /me/locale", request: () => ({ path: "/me/locale", init: json("PUT", { locale: "es" }) }), allowed: SIGNED_IN },
  { route: "GET /classes", request: () => ({ path: "/classes" }), allowed: ["teacher", "otherTeacher", "admin", "otherAdmin"] },
  { route: "GET /me/children", request: () => ({ path: "/me/children" }), allowed: ["guardian", "otherGuardian"] },
  { route: "GET /me/competencies", request: () => ({ path: "/me/competencies" }), allowed: ["learner", "classmate"] },
];
