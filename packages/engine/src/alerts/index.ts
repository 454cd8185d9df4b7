export * from "./teacher-alerts.js";
