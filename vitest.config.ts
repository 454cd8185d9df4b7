import { defineConfig } from "vitest/config";

/**
 * Two projects: `unit` is pure code (engine, standards, web helpers); `integration` runs core
 * use-cases and HTTP routes against a real database — PGlite by default, PostgreSQL when the test
 * runner sets PATHWISE_TEST_BACKEND=postgres with TEST_DATABASE_URL.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: [
            "packages/engine/src/**/*.test.ts",
            "packages/standards/src/**/*.test.ts",
            "apps/web/src/**/*.test.ts",
            "scripts/**/*.test.ts",
          ],
          // The web's server helpers that call core use-cases run with the integration tests (a database).
          exclude: ["apps/web/src/lib/server/**"],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "integration",
          include: [
            "packages/core/src/**/*.test.ts",
            "apps/server/src/**/*.test.ts",
            "apps/web/src/lib/server/**/*.test.ts",
          ],
          globalSetup: ["packages/core/src/testing/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
