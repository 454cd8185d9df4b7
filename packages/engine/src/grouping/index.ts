export * from "./small-groups.js";
