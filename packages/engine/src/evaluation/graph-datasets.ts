/**
 * Small readers for the two real prerequisite graphs the diagnosis and recommendation benchmarks use
 * (a CASE 1.0 CFPackage and the Junyi exercise table). They take text — the CLI reads the files —
 * and return graph input as found, defects included; `repairForBenchmark` then drops what cannot be
 * used and says exactly what it dropped. Production import (core/frameworks) reports such defects
 * to the person importing instead of repairing them.
 */
import {
  validateCompetencyGraph,
  type CompetencyGraphInput,
  type CompetencyGraphProblem,
} from "../graph/competency-graph.js";

interface CaseNodeRef {
  identifier: string;
  title?: string;
}
interface CasePackage {
  CFDocument?: { identifier?: string; title?: string };
  CFItems?: { identifier: string; humanCodingScheme?: string; fullStatement?: string }[];
  CFAssociations?: { associationType: string; originNodeURI: CaseNodeRef; destinationNodeURI: CaseNodeRef }[];
}

/** CFItems become competencies; `isChildOf` becomes part-of, `precedes` (origin before destination) a prerequisite. */
export function readCasePackage(jsonText: string): { title: string; input: CompetencyGraphInput } {
  const pkg = JSON.parse(jsonText) as CasePackage;
  const documentId = pkg.CFDocument?.identifier;
  const competencies = (pkg.CFItems ?? []).map((item) => ({
    id: item.identifier,
    title: item.humanCodingScheme ?? item.fullStatement,
  }));
  const prerequisites: CompetencyGraphInput["prerequisites"][number][] = [];
  const partOf: NonNullable<CompetencyGraphInput["partOf"]>[number][] = [];
  for (const a of pkg.CFAssociations ?? []) {
    const origin = a.originNodeURI.identifier;
    const destination = a.destinationNodeURI.identifier;
    if (a.associationType === "isChildOf" && destination !== documentId)
      partOf.push({ childId: origin, parentId: destination });
    if (a.associationType === "precedes")
      prerequisites.push({ prerequisiteId: origin, dependentId: destination });
  }
  return { title: pkg.CFDocument?.title ?? "CASE package", input: { competencies, prerequisites, partOf } };
}

/** The Junyi exercise table: one competency per `name`, prerequisites from the comma-separated `prerequisites` column. */
export function readJunyiExercises(csvText: string): {
  input: CompetencyGraphInput;
  secondsPerProblem: Map<string, number>;
} {
  const rows = parseCsv(csvText.replace(/^\uFEFF/, ""));
  const header = rows[0] ?? [];
  const column = (name: string): number => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`Junyi table has no "${name}" column`);
    return index;
  };
  const nameAt = column("name");
  const prerequisitesAt = column("prerequisites");
  const secondsAt = header.indexOf("seconds_per_fast_problem");
  const competencies: { id: string }[] = [];
  const prerequisites: { prerequisiteId: string; dependentId: string }[] = [];
  const secondsPerProblem = new Map<string, number>();
  const seen = new Set<string>();
  for (const row of rows.slice(1)) {
    const name = row[nameAt]?.trim();
    if (!name) continue;
    const prerequisiteNames = (row[prerequisitesAt] ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    if (!seen.has(name)) {
      seen.add(name);
      competencies.push({ id: name });
      const seconds = Number(row[secondsAt] ?? "");
      if (secondsAt >= 0 && Number.isFinite(seconds) && seconds > 0) secondsPerProblem.set(name, seconds);
    }
    // A repeated row repeats its edges; the graph ignores repeated edges.
    for (const p of prerequisiteNames) prerequisites.push({ prerequisiteId: p, dependentId: name });
  }
  return { input: { competencies, prerequisites }, secondsPerProblem };
}

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/**
 * Makes real-world input usable for a benchmark: drops edges that name unknown ids, self-loops, and
 * for each cycle the edge that closes it (the last edge of the reported path), until none is left.
 * Returns the problems it resolved so the benchmark can print them.
 */
export function repairForBenchmark(input: CompetencyGraphInput): {
  input: CompetencyGraphInput;
  dropped: CompetencyGraphProblem[];
} {
  const dropped: CompetencyGraphProblem[] = [];
  let current = input;
  for (;;) {
    const problems = validateCompetencyGraph(current);
    if (problems.length === 0) return { input: current, dropped };
    dropped.push(...problems);
    const badPrerequisites = new Set<string>();
    const badPartOf = new Set<string>();
    for (const p of problems) {
      if (p.code === "unknown-id")
        (p.details.edge === "prerequisite" ? badPrerequisites : badPartOf).add(
          `${p.details.from}\u0000${p.details.to}`,
        );
      if (p.code === "self-loop")
        (p.details.edge === "prerequisite" ? badPrerequisites : badPartOf).add(
          `${p.details.id}\u0000${p.details.id}`,
        );
      if (p.code === "cycle") {
        const path = p.details.path;
        (p.details.edge === "prerequisite" ? badPrerequisites : badPartOf).add(
          `${path[path.length - 2]}\u0000${path[path.length - 1]}`,
        );
      }
      if (p.code === "duplicate-id") throw new Error(p.message);
    }
    current = {
      competencies: current.competencies,
      prerequisites: current.prerequisites.filter(
        (e) => !badPrerequisites.has(`${e.prerequisiteId}\u0000${e.dependentId}`),
      ),
      partOf: (current.partOf ?? []).filter((e) => !badPartOf.has(`${e.parentId}\u0000${e.childId}`)),
    };
  }
}
