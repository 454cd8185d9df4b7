import { describe, expect, it } from "vitest";
import { negotiateXapiVersion } from "./version-header.js";

describe("negotiateXapiVersion", () => {
  it("maps every 1.0.x to the 1.0.3 rules and every 2.0.x to the 2.0.0 rules", () => {
    for (const header of ["1.0", "1.0.0", "1.0.3", " 1.0.1 "]) {
      expect(negotiateXapiVersion(header)).toMatchObject({ ok: true, version: "1.0.3" });
    }
    for (const header of ["2.0", "2.0.0", "2.0.1"]) {
      expect(negotiateXapiVersion(header)).toMatchObject({ ok: true, version: "2.0.0", requested: header });
    }
  });

  it("says when the header is missing or unsupported", () => {
    expect(negotiateXapiVersion(undefined)).toMatchObject({ ok: false, error: { code: "missing" } });
    expect(negotiateXapiVersion("")).toMatchObject({ ok: false, error: { code: "missing" } });
    for (const header of ["0.95", "1.1.0", "3.0.0", "2", "latest"]) {
      expect(negotiateXapiVersion(header)).toMatchObject({ ok: false, error: { code: "unsupported" } });
    }
  });
});
