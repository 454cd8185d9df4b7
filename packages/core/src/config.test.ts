import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "./config.js";
import { AppError } from "./shared/errors.js";

describe("loadConfig", () => {
  it("defaults to the embedded database in ./data on port 3000", () => {
    const config = loadConfig({}, "/srv/pathwise");
    expect(config).toMatchObject({
      databaseUrl: null,
      dataDir: path.resolve("/srv/pathwise/data"),
      port: 3000,
      secureCookies: true,
      seedDemo: true,
      cmi5ContentSandbox: true,
    });
  });

  it("reads every variable it documents", () => {
    const config = loadConfig(
      {
        DATABASE_URL: "postgres://u@db/pathwise",
        PATHWISE_DATA_DIR: "/var/lib/pw",
        PORT: "8080",
        HOST: "127.0.0.1",
        PATHWISE_SECURE_COOKIES: "false",
        PATHWISE_SEED_DEMO: "0",
        PATHWISE_TRUST_PROXY: "yes",
        PATHWISE_DEMO_FRAMEWORK: "fw.json",
        PATHWISE_CMI5_CONTENT_SANDBOX: "false",
      },
      "/srv",
    );
    expect(config).toEqual({
      databaseUrl: "postgres://u@db/pathwise",
      dataDir: "/var/lib/pw",
      port: 8080,
      host: "127.0.0.1",
      secureCookies: false,
      trustProxy: true,
      seedDemo: false,
      demoFrameworkFile: "/srv/fw.json",
      cmi5ContentSandbox: false,
    });
  });

  it("names the variable that is wrong", () => {
    expect(() => loadConfig({ PORT: "eighty" })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ PATHWISE_SEED_DEMO: "maybe" })).toThrow(AppError);
  });
});
