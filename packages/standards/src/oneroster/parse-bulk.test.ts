import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { datasetPath, missingDatasetReason, readDataset } from "../testing/shared-datasets.js";
import { parseOneRosterBulk } from "./parse-bulk.js";
import { ONEROSTER_FILES } from "./records.js";

const MINIMAL = "oneroster/minimal-1.2";
const minimalDir = datasetPath(MINIMAL);
if (minimalDir === null) console.warn(missingDatasetReason(MINIMAL));

function minimalFiles(): Record<string, string> {
  if (minimalDir === null) throw new Error("no dataset");
  return Object.fromEntries(readdirSync(minimalDir).map((name) => [name, readDataset(`${MINIMAL}/${name}`)]));
}

describe.skipIf(minimalDir === null)("parseOneRosterBulk on the minimal 1.2 fixtures", () => {
  const result = minimalDir === null ? null : parseOneRosterBulk(minimalFiles());
  const bulk = () => result as NonNullable<typeof result>;

  it("reads every file without errors or warnings", () => {
    expect(bulk().errors).toEqual([]);
    expect(bulk().warnings).toEqual([]);
    expect(bulk().ok).toBe(true);
    for (const name of ONEROSTER_FILES) expect(bulk().records[name], name).toHaveLength(1);
  });

  it("reads the manifest: versions, source and the mode of every file", () => {
    expect(bulk().manifest).toMatchObject({
      manifestVersion: "1.0",
      oneRosterVersion: "1.2",
      sourceSystemName: "DataGen",
      sourceSystemCode: "DataGen",
    });
    expect(bulk().manifest?.files.users).toBe("delta");
    expect(bulk().manifest?.files.lineItems).toBe("absent");
    expect(Object.keys(bulk().manifest?.files ?? {})).toHaveLength(21);
  });

  it("types the user, with TRUE read as a boolean and blank cells left out", () => {
    expect(bulk().records.users[0]).toEqual({
      sourcedId: "USER_0",
      status: "active",
      dateLastModified: "2023-10-02T00:00:00.000Z",
      enabledUser: true,
      username: "brucewayne",
      givenName: "Bruce",
      familyName: "Wayne",
      identifier: "bruce.wayne",
      password: "Batman.Ru1ez",
      metadata: {},
    });
  });

  it("reads the class, its term list and the enrollment linking user and class", () => {
    expect(bulk().records.classes[0]).toMatchObject({ sourcedId: "CLASS_001", classType: "scheduled", termSourcedIds: ["ACAD_SESS_1"], schoolSourcedId: "ORG_1" });
    expect(bulk().records.enrollments[0]).toMatchObject({ classSourcedId: "CLASS_001", userSourcedId: "USER_0", role: "student" });
    expect(bulk().records.orgs[0]).toMatchObject({ name: "Gotham High School", type: "school" });
    expect(bulk().records.academicSessions[0]).toMatchObject({ type: "semester", startDate: "2023-09-04", schoolYear: "2023" });
    expect(bulk().records.roles[0]).toMatchObject({ roleType: "primary", role: "student" });
    expect(bulk().records.demographics[0]).toMatchObject({ birthDate: "2010-04-17" });
  });
});

// --- hand-written messy sets ------------------------------------------------------------------

function manifest(modes: Record<string, string>, extra = ""): string {
  const lines = ["propertyName,value", "manifest.version,1.0", "oneroster.version,1.2"];
  for (const name of ONEROSTER_FILES) lines.push(`file.${name},${modes[name] ?? "absent"}`);
  return lines.join("\r\n") + "\r\n" + extra;
}

const ORGS_HEADER = "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId";
const USERS_HEADER =
  "sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,preferredGivenName,preferredMiddleName,preferredFamilyName,primaryOrgSourcedId,pronouns";
const ENROLLMENTS_HEADER = "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate";

describe("parseOneRosterBulk on messy input", () => {
  it("reads quoted commas, a BOM, blank lines and metadata columns", () => {
    const orgs = `\uFEFF${ORGS_HEADER},metadata.region\r\n\r\nD1,,,"Springfield, District 9",district,,,north\r\n\r\nS1,,,"The ""Best"" School",school,,D1,\r\n`;
    const result = parseOneRosterBulk({ "manifest.csv": manifest({ orgs: "bulk" }), "orgs.csv": orgs });
    expect(result.errors).toEqual([]);
    expect(result.records.orgs).toEqual([
      { sourcedId: "D1", name: "Springfield, District 9", type: "district", metadata: { "metadata.region": "north" } },
      { sourcedId: "S1", name: 'The "Best" School', type: "school", parentSourcedId: "D1", metadata: {} },
    ]);
  });

  it("names the file, row and column of a bad enumeration value and keeps the good rows", () => {
    const orgs = `${ORGS_HEADER}\nS1,,,School One,school,,\nS2,,,School Two,campus,,\n`;
    const result = parseOneRosterBulk({ "manifest.csv": manifest({ orgs: "bulk" }), "orgs.csv": orgs });
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      { file: "orgs.csv", row: 3, column: "type", path: "orgs.csv:3:type", code: "invalid_enum", message: expect.stringContaining('"campus"') },
    ]);
    expect(result.records.orgs.map((o) => o.sourcedId)).toEqual(["S1"]);
  });

  it("accepts ext: extension values where the binding allows them", () => {
    const orgs = `${ORGS_HEADER}\nS1,,,Annex,ext:annex,,\n`;
    const result = parseOneRosterBulk({ "manifest.csv": manifest({ orgs: "bulk" }), "orgs.csv": orgs });
    expect(result.errors).toEqual([]);
    expect(result.records.orgs[0]?.type).toBe("ext:annex");
  });

  it("rejects a header that lacks a required column, naming the column", () => {
    const users = "sourcedId,enabledUser,username,givenName\nU1,true,u1,Ann\n";
    const result = parseOneRosterBulk({ "manifest.csv": manifest({ users: "bulk" }), "users.csv": users });
    expect(result.errors).toEqual([expect.objectContaining({ file: "users.csv", row: 1, column: "familyName", code: "missing_column" })]);
    expect(result.records.users).toEqual([]);
    expect(result.warnings.filter((w) => w.code === "missing_column").map((w) => w.column)).toContain("email");
  });

  it("reports a required value left blank, and a wrong boolean, on their row", () => {
    const users = `${USERS_HEADER}\nU1,,,yes,u1,,Ann,Lee,,,,,,,,,,,,,,\nU2,,,false,u2,,,Kim,,,,,,,,,,,,,,\n`;
    const result = parseOneRosterBulk({ "manifest.csv": manifest({ users: "bulk" }), "users.csv": users });
    expect(result.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, "enabledUser", "invalid_boolean"],
      [3, "givenName", "required"],
    ]);
  });

  it("requires status and dateLastModified in delta files only", () => {
    const orgs = `${ORGS_HEADER}\nS1,,,School One,school,,\n`;
    const delta = parseOneRosterBulk({ "manifest.csv": manifest({ orgs: "delta" }), "orgs.csv": orgs });
    expect(delta.errors.map((e) => e.column)).toEqual(["status", "dateLastModified"]);
    const bulk = parseOneRosterBulk({ "manifest.csv": manifest({ orgs: "bulk" }), "orgs.csv": orgs });
    expect(bulk.errors).toEqual([]);
    const bad = parseOneRosterBulk({ "manifest.csv": manifest({ orgs: "delta" }), "orgs.csv": `${ORGS_HEADER}\nS1,deleted,2023-10-02,School One,school,,\n` });
    expect(bad.errors.map((e) => [e.column, e.code])).toEqual([
      ["status", "invalid_enum"],
      ["dateLastModified", "invalid_datetime"],
    ]);
  });

  it("reads userIds pairs and quoted lists", () => {
    const users = `${USERS_HEADER}\nU1,,,TRUE,u1,"{LDAP:ann},{SIS:42}",Ann,Lee,,,,,,"P1,P2","09,10",,,,,,S1,\n`;
    const result = parseOneRosterBulk({ "manifest.csv": manifest({ users: "bulk" }), "users.csv": users });
    expect(result.errors).toEqual([]);
    expect(result.records.users[0]).toMatchObject({
      userIds: [
        { type: "LDAP", identifier: "ann" },
        { type: "SIS", identifier: "42" },
      ],
      agentSourcedIds: ["P1", "P2"],
      grades: ["09", "10"],
      primaryOrgSourcedId: "S1",
    });
  });

  it("rejects a repeated sourcedId and a row with too many fields", () => {
    const enrollments = `${ENROLLMENTS_HEADER}\nE1,,,C1,S1,U1,student,true,,\nE1,,,C1,S1,U2,student,,,\nE2,,,C1,S1,U3,teacher,,,,extra\n`;
    const result = parseOneRosterBulk({ "manifest.csv": manifest({ enrollments: "bulk" }), "enrollments.csv": enrollments });
    expect(result.errors.map((e) => [e.row, e.code])).toEqual([
      [3, "duplicate_sourced_id"],
      [4, "column_count"],
    ]);
    expect(result.records.enrollments).toEqual([
      { sourcedId: "E1", classSourcedId: "C1", schoolSourcedId: "S1", userSourcedId: "U1", role: "student", primary: true, metadata: {} },
    ]);
  });

  it("reports the line a multi-line record starts on", () => {
    const orgs = `${ORGS_HEADER}\nS1,,,"Two\nLines",school,,\nS2,,,Bad,nowhere,,\n`;
    const result = parseOneRosterBulk({ "manifest.csv": manifest({ orgs: "bulk" }), "orgs.csv": orgs });
    expect(result.records.orgs[0]?.name).toBe("Two\nLines");
    expect(result.errors.map((e) => e.row)).toEqual([4]);
  });

  it("follows the manifest: a listed file must exist, an absent file is not read", () => {
    const result = parseOneRosterBulk({
      "manifest.csv": manifest({ users: "bulk" }),
      "orgs.csv": `${ORGS_HEADER}\nS1,,,School,school,,\n`,
    });
    expect(result.errors).toEqual([expect.objectContaining({ file: "users.csv", code: "missing_file" })]);
    expect(result.warnings).toEqual([expect.objectContaining({ file: "orgs.csv", code: "ignored_file" })]);
    expect(result.records.orgs).toEqual([]);
  });

  it("needs a manifest, and one for OneRoster 1.2", () => {
    const none = parseOneRosterBulk({ "orgs.csv": ORGS_HEADER });
    expect(none.manifest).toBeNull();
    expect(none.errors).toEqual([expect.objectContaining({ file: "manifest.csv", code: "missing_file" })]);

    const old = parseOneRosterBulk({ "manifest.csv": manifest({}).replace("oneroster.version,1.2", "oneroster.version,1.1") });
    expect(old.errors).toEqual([expect.objectContaining({ column: "oneroster.version", code: "unsupported_version" })]);

    const badMode = parseOneRosterBulk({ "manifest.csv": manifest({ orgs: "full" }) });
    expect(badMode.errors).toEqual([expect.objectContaining({ file: "manifest.csv", column: "value", code: "invalid_enum" })]);
  });

  it("warns about files it does not read instead of dropping them silently", () => {
    const result = parseOneRosterBulk({ "manifest.csv": manifest({}, "file.lineItems,bulk\r\n") });
    expect(result.warnings).toEqual([expect.objectContaining({ file: "lineItems.csv", code: "unsupported_file" })]);
  });

  it("warns about references to records missing from a bulk file, but not from a delta", () => {
    const files = {
      "orgs.csv": `${ORGS_HEADER}\nS1,,,School,school,,\n`,
      "enrollments.csv": `${ENROLLMENTS_HEADER}\nE1,,,C1,S1,U1,student,,,\nE2,,,C1,S9,U1,student,,,\n`,
    };
    const bulk = parseOneRosterBulk({ ...files, "manifest.csv": manifest({ orgs: "bulk", enrollments: "bulk" }) });
    expect(bulk.errors).toEqual([]);
    expect(bulk.warnings).toEqual([
      {
        file: "enrollments.csv",
        row: 3,
        column: "schoolSourcedId",
        path: "enrollments.csv:3:schoolSourcedId",
        code: "dangling_reference",
        message: "schoolSourcedId S9 of E2 is not in orgs.csv",
      },
    ]);
    const delta = parseOneRosterBulk({ ...files, "manifest.csv": manifest({ orgs: "delta", enrollments: "bulk" }) });
    expect(delta.errors.map((e) => e.code)).toEqual(["required", "required"]);
    expect(delta.warnings).toEqual([]);
  });

  it("accepts archive entry names with a folder", () => {
    const result = parseOneRosterBulk({
      "export/manifest.csv": manifest({ orgs: "bulk" }),
      "export/orgs.csv": `${ORGS_HEADER}\nS1,,,School,school,,\n`,
    });
    expect(result.records.orgs).toHaveLength(1);
  });
});
