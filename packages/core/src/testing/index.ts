/** Test helpers for other workspaces' tests (e.g. the API's HTTP tests): databases and factories. */
export * from "./test-database.js";
export * from "./factories.js";
export * from "../schema.js";
export * from "./case-package.js";
export * from "./cmi5-package.js";
