/**
 * Pathwise's implementation of the cmi5 LMS Test Suite's LMS contract (CATAPULT `lts/lib/
 * lms.template.js`, loaded by the suite as `CATAPULT_LMS`). It drives Pathwise only through its
 * public API v1, as an administrator and a learner would: import a package (and offer it to the
 * learner's class), launch an AU as the learner, waive an AU, abandon a session. `npm run
 * conformance:cmi5` (cmi5-suite.ts) prepares the school and passes everything through the
 * environment. Runs inside the suite's Jest 27, hence CommonJS and only Node's own modules, named
 * without the `node:` prefix, which that Jest cannot resolve.
 *
 * Pathwise launches an AU as the signed-in learner, so the actor the suite proposes is not used:
 * the launch URL's actor is the learner's Pathwise account, and the suite compares statements
 * with the actor the AU reports, which is that one.
 */
"use strict";

const http = require("http");
const path = require("path");
const { randomUUID } = require("crypto");

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the suite through \`npm run conformance:cmi5\`.`);
  return value;
};

// The suite checks `instanceof` against its own class, so it must come from the suite's module.
const { InvalidPackageError } = require(path.join(env("CMI5_SUITE_LTS"), "lib", "errors"));

const base = () => env("PATHWISE_URL");
/** Launches made, by registration: which course a waiver is about. */
const courseOfRegistration = new Map();

function request(method, url, { token, headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method, headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } },
      (res) => {
        const chunks = [];
        res.on("data", (chunk) => chunks.push(chunk));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json = null;
          try {
            json = text ? JSON.parse(text) : null;
          } catch {
            json = null;
          }
          resolve({ status: res.statusCode, json, text });
        });
      },
    );
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const api = (method, route, token, body) =>
  request(method, `${base()}/api/v1${route}`, {
    token,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

function readStream(stream) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    stream.on("data", (chunk) => chunks.push(chunk));
    stream.on("end", () => resolve(Buffer.concat(chunks)));
    stream.on("error", reject);
  });
}

function problem(response) {
  const error = response.json?.error;
  if (!error) return `${response.status} ${response.text}`;
  return [error.message, ...error.details.map((d) => `${d.path}: ${d.message}`)].join("; ");
}

/** AUs of a course in document order (the suite's AU index). */
async function ausOf(courseId) {
  const response = await api("GET", `/cmi5/courses/${courseId}`, env("PATHWISE_ADMIN_TOKEN"));
  if (response.status !== 200) throw new Error(`Reading course ${courseId} failed: ${problem(response)}`);
  const aus = [];
  const visit = (node) => (node.kind === "au" ? aus.push(node) : node.children.forEach(visit));
  response.json.children.forEach(visit);
  return aus.sort((a, b) => a.position - b.position);
}

async function auAt(courseId, auIndex) {
  const au = (await ausOf(courseId))[auIndex];
  if (!au) throw new Error(`Course ${courseId} has no AU at index ${auIndex}.`);
  return au;
}

module.exports = {
  setup: async () => {
    env("PATHWISE_URL");
  },

  teardown: async () => {},

  getLrsEndpoint: () => `${base()}/xapi`,

  getLrsAuthHeader: () =>
    `Basic ${Buffer.from(`${env("PATHWISE_LRS_KEY")}:${env("PATHWISE_LRS_SECRET")}`).toString("base64")}`,

  importCourse: async (stream, contentType, filename) => {
    const bytes = await readStream(stream);
    const response = await request(
      "POST",
      `${base()}/api/v1/cmi5/courses?filename=${encodeURIComponent(filename)}`,
      {
        token: env("PATHWISE_ADMIN_TOKEN"),
        headers: { "content-type": contentType, "idempotency-key": randomUUID() },
        body: bytes,
      },
    );
    if (response.status === 400)
      throw new InvalidPackageError(`Invalid package ${filename}: ${problem(response)}`);
    if (response.status !== 201) throw new Error(`Importing ${filename} failed: ${problem(response)}`);
    const courseId = response.json.courseId;
    const offered = await api("PUT", `/cmi5/courses/${courseId}/offerings`, env("PATHWISE_ADMIN_TOKEN"), {
      classIds: [env("PATHWISE_CLASS_ID")],
    });
    if (offered.status !== 200) throw new Error(`Offering ${filename} failed: ${problem(offered)}`);
    return courseId;
  },

  getLaunchUrl: async (courseId, auIndex, _actor, { registration, launchMode } = {}) => {
    const au = await auAt(courseId, auIndex);
    const response = await api(
      "POST",
      `/cmi5/courses/${courseId}/aus/${au.id}/launches`,
      env("PATHWISE_LEARNER_TOKEN"),
      {
        ...(registration ? { registration } : {}),
        ...(launchMode ? { launchMode } : {}),
        returnPath: "/learner/courses",
      },
    );
    if (response.status !== 201) throw new Error(`Launching AU ${auIndex} failed: ${problem(response)}`);
    courseOfRegistration.set(response.json.registration, courseId);
    return response.json.url;
  },

  // Every package is imported as a new course (or a new version of one), so nothing needs removing.
  cleanup: async () => {},

  hasWaive: () => true,

  waiveAU: async (registration, auIndex, reason) => {
    const courseId = courseOfRegistration.get(registration);
    if (!courseId) throw new Error(`No launch made registration ${registration}.`);
    const au = await auAt(courseId, auIndex);
    const response = await api(
      "POST",
      `/cmi5/registrations/${registration}/aus/${au.id}/waiver`,
      env("PATHWISE_ADMIN_TOKEN"),
      { reason },
    );
    if (response.status !== 201) throw new Error(`Waiving AU ${auIndex} failed: ${problem(response)}`);
  },

  hasAbandon: () => true,

  abandonSession: async (sessionId) => {
    const response = await api(
      "POST",
      `/cmi5/sessions/${sessionId}/abandonment`,
      env("PATHWISE_ADMIN_TOKEN"),
    );
    if (response.status !== 201)
      throw new Error(`Abandoning session ${sessionId} failed: ${problem(response)}`);
  },
};
