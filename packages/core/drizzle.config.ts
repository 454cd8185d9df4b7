// drizzle-kit reads the compiled schema (run `npm run db:generate`, which builds core first).
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./packages/core/dist/schema.js",
  out: "./packages/core/migrations",
});
