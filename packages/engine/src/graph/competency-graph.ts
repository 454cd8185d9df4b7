/**
 * The competency graph: competencies joined by prerequisite edges ("learn A before B") and part-of
 * edges ("B is a sub-competency of A"). Built once from plain data, validated (cycles reported with
 * their path, self-loops, dangling ids), then queried by index for speed: ancestors, descendants,
 * a topological order. Every decision that walks a framework (diagnosis, plans, boards) reads it.
 */

export interface CompetencyGraphInput {
  competencies: readonly { id: string; title?: string }[];
  /** `prerequisiteId` must be learned before `dependentId`. */
  prerequisites: readonly { prerequisiteId: string; dependentId: string }[];
  /** `childId` is part of `parentId` (a strand, a target, a standard with sub-standards). */
  partOf?: readonly { childId: string; parentId: string }[];
}

export type CompetencyGraphProblem =
  | { code: "duplicate-id"; message: string; details: { id: string } }
  | {
      code: "unknown-id";
      message: string;
      details: { id: string; edge: "prerequisite" | "part-of"; from: string; to: string };
    }
  | { code: "self-loop"; message: string; details: { id: string; edge: "prerequisite" | "part-of" } }
  | { code: "cycle"; message: string; details: { edge: "prerequisite" | "part-of"; path: string[] } };

/** A graph that cannot be used as given. `problems` lists every defect found, the first in `message`. */
export class CompetencyGraphError extends Error {
  readonly code: CompetencyGraphProblem["code"];
  constructor(readonly problems: readonly CompetencyGraphProblem[]) {
    const first = problems[0];
    super(
      first
        ? `${first.message}${problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : ""}`
        : "invalid graph",
    );
    this.name = "CompetencyGraphError";
    this.code = first ? first.code : "cycle";
  }
}

/** Every defect of an input, without throwing: dangling ids, duplicate ids, self-loops, cycles. */
export function validateCompetencyGraph(input: CompetencyGraphInput): CompetencyGraphProblem[] {
  const problems: CompetencyGraphProblem[] = [];
  const known = new Set<string>();
  for (const { id } of input.competencies) {
    if (known.has(id))
      problems.push({ code: "duplicate-id", message: `competency "${id}" is listed twice`, details: { id } });
    known.add(id);
  }
  const check = (edge: "prerequisite" | "part-of", from: string, to: string): boolean => {
    let ok = true;
    for (const id of [from, to]) {
      if (!known.has(id)) {
        problems.push({
          code: "unknown-id",
          message: `${edge} edge ${from} → ${to} names unknown competency "${id}"`,
          details: { id, edge, from, to },
        });
        ok = false;
      }
    }
    if (ok && from === to) {
      problems.push({
        code: "self-loop",
        message: `competency "${from}" is its own ${edge === "prerequisite" ? "prerequisite" : "parent"}`,
        details: { id: from, edge },
      });
      ok = false;
    }
    return ok;
  };
  const prerequisiteEdges: [string, string][] = [];
  for (const e of input.prerequisites)
    if (check("prerequisite", e.prerequisiteId, e.dependentId))
      prerequisiteEdges.push([e.prerequisiteId, e.dependentId]);
  const partOfEdges: [string, string][] = [];
  for (const e of input.partOf ?? [])
    if (check("part-of", e.parentId, e.childId)) partOfEdges.push([e.parentId, e.childId]);
  for (const path of findCycles(prerequisiteEdges)) {
    problems.push({
      code: "cycle",
      message: `prerequisite cycle: ${path.join(" → ")}`,
      details: { edge: "prerequisite", path },
    });
  }
  for (const path of findCycles(partOfEdges)) {
    problems.push({
      code: "cycle",
      message: `part-of cycle: ${path.join(" → ")}`,
      details: { edge: "part-of", path },
    });
  }
  return problems;
}

/** One cycle path (first node repeated at the end) per strongly connected group, found by DFS in input order. */
function findCycles(edges: readonly [string, string][]): string[][] {
  const out = new Map<string, string[]>();
  for (const [a, b] of edges) {
    const list = out.get(a);
    if (list) list.push(b);
    else out.set(a, [b]);
  }
  const state = new Map<string, 1 | 2>(); // 1 = on the stack, 2 = finished
  const cycles: string[][] = [];
  for (const [start] of edges) {
    if (state.has(start)) continue;
    // Iterative DFS keeps deep real-world chains from overflowing the call stack.
    const stack: { node: string; next: number }[] = [{ node: start, next: 0 }];
    const path: string[] = [start];
    state.set(start, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const targets = out.get(top.node) ?? [];
      if (top.next < targets.length) {
        const target = targets[top.next++]!;
        const seen = state.get(target);
        if (seen === 1) {
          cycles.push([...path.slice(path.indexOf(target)), target]);
        } else if (seen === undefined) {
          state.set(target, 1);
          stack.push({ node: target, next: 0 });
          path.push(target);
        }
      } else {
        state.set(top.node, 2);
        stack.pop();
        path.pop();
      }
    }
  }
  return cycles;
}

/** A validated, immutable competency DAG. Node indexes follow the input order of `competencies`. */
export class CompetencyGraph {
  readonly ids: readonly string[];
  readonly titles: readonly (string | undefined)[];
  private readonly indexById: Map<string, number>;
  /** Direct prerequisites and dependents, by node index. */
  readonly prerequisiteIndexes: readonly (readonly number[])[];
  readonly dependentIndexes: readonly (readonly number[])[];
  readonly parentIndexes: readonly (readonly number[])[];
  readonly childIndexes: readonly (readonly number[])[];
  /** Node indexes in an order where every prerequisite comes before its dependents (ties: input order). */
  readonly topologicalIndexes: Int32Array;
  private ancestorCache: Int32Array[] | undefined;
  private descendantCache: Int32Array[] | undefined;

  private constructor(input: CompetencyGraphInput) {
    this.ids = input.competencies.map((c) => c.id);
    this.titles = input.competencies.map((c) => c.title);
    this.indexById = new Map(this.ids.map((id, i) => [id, i]));
    const n = this.ids.length;
    const prerequisites: number[][] = Array.from({ length: n }, () => []);
    const dependents: number[][] = Array.from({ length: n }, () => []);
    const seen = new Set<string>();
    for (const e of input.prerequisites) {
      const key = `${e.prerequisiteId}\u0000${e.dependentId}`;
      if (seen.has(key)) continue; // a repeated edge says nothing new
      seen.add(key);
      const from = this.indexById.get(e.prerequisiteId)!;
      const to = this.indexById.get(e.dependentId)!;
      prerequisites[to]!.push(from);
      dependents[from]!.push(to);
    }
    const parents: number[][] = Array.from({ length: n }, () => []);
    const children: number[][] = Array.from({ length: n }, () => []);
    for (const e of input.partOf ?? []) {
      const child = this.indexById.get(e.childId)!;
      const parent = this.indexById.get(e.parentId)!;
      if (parents[child]!.includes(parent)) continue;
      parents[child]!.push(parent);
      children[parent]!.push(child);
    }
    this.prerequisiteIndexes = prerequisites;
    this.dependentIndexes = dependents;
    this.parentIndexes = parents;
    this.childIndexes = children;
    this.topologicalIndexes = topologicalOrderOf(prerequisites, dependents);
  }

  /** Validates and builds; throws `CompetencyGraphError` listing every problem. */
  static build(input: CompetencyGraphInput): CompetencyGraph {
    const problems = validateCompetencyGraph(input);
    if (problems.length > 0) throw new CompetencyGraphError(problems);
    return new CompetencyGraph(input);
  }

  get size(): number {
    return this.ids.length;
  }

  /** The node index of a competency, or undefined for a stranger. */
  findIndex(id: string): number | undefined {
    return this.indexById.get(id);
  }

  has(id: string): boolean {
    return this.indexById.has(id);
  }

  /** The node index of a competency; throws `CompetencyGraphError` (unknown-id) for a stranger. */
  indexOf(id: string): number {
    const index = this.indexById.get(id);
    if (index === undefined) {
      throw new CompetencyGraphError([
        {
          code: "unknown-id",
          message: `unknown competency "${id}"`,
          details: { id, edge: "prerequisite", from: id, to: id },
        },
      ]);
    }
    return index;
  }

  idAt(index: number): string {
    const id = this.ids[index];
    if (id === undefined) throw new RangeError(`no competency at index ${index}`);
    return id;
  }

  prerequisitesOf(id: string): string[] {
    return this.prerequisiteIndexes[this.indexOf(id)]!.map((i) => this.ids[i]!);
  }

  dependentsOf(id: string): string[] {
    return this.dependentIndexes[this.indexOf(id)]!.map((i) => this.ids[i]!);
  }

  /** Every competency that must come before `id` (transitive prerequisites), in topological order. */
  ancestorsOf(id: string): string[] {
    return Array.from(this.ancestorIndexes(this.indexOf(id)), (i) => this.ids[i]!);
  }

  /** Every competency that needs `id` first (transitive dependents), in topological order. */
  descendantsOf(id: string): string[] {
    return Array.from(this.descendantIndexes(this.indexOf(id)), (i) => this.ids[i]!);
  }

  topologicalOrder(): string[] {
    return Array.from(this.topologicalIndexes, (i) => this.ids[i]!);
  }

  /** Competencies with no part-of children: the ones a learner is assessed on. */
  leaves(): string[] {
    return this.ids.filter((_, i) => this.childIndexes[i]!.length === 0);
  }

  ancestorIndexes(index: number): Int32Array {
    this.ancestorCache ??= this.closure(this.prerequisiteIndexes, false);
    return this.ancestorCache[index]!;
  }

  descendantIndexes(index: number): Int32Array {
    this.descendantCache ??= this.closure(this.dependentIndexes, true);
    return this.descendantCache[index]!;
  }

  /** Transitive closure with bitsets, one pass in (reverse) topological order. */
  private closure(direct: readonly (readonly number[])[], reverse: boolean): Int32Array[] {
    const n = this.size;
    const words = Math.ceil(n / 32);
    const bits = new Uint32Array(n * words);
    const order = this.topologicalIndexes;
    for (let k = 0; k < n; k++) {
      const v = order[reverse ? n - 1 - k : k]!;
      for (const u of direct[v]!) {
        for (let w = 0; w < words; w++) bits[v * words + w]! |= bits[u * words + w]!;
        bits[v * words + (u >>> 5)]! |= 1 << (u & 31);
      }
    }
    const rank = new Int32Array(n);
    order.forEach((v, r) => (rank[v] = r));
    const result: Int32Array[] = [];
    for (let v = 0; v < n; v++) {
      const members: number[] = [];
      for (let w = 0; w < words; w++) {
        let word = bits[v * words + w]!;
        while (word !== 0) {
          const bit = 31 - Math.clz32(word & -word);
          members.push(w * 32 + bit);
          word &= word - 1;
        }
      }
      members.sort((a, b) => rank[a]! - rank[b]!);
      result.push(Int32Array.from(members));
    }
    return result;
  }

  /**
   * The prerequisite graph among the leaves: an edge A → B on a non-leaf stands for an edge from
   * every leaf under A to every leaf under B. CASE frameworks state many prerequisites between
   * targets while learners are assessed on the measured skills under them.
   */
  leafGraph(): CompetencyGraph {
    const leafIndexesUnder = (index: number): number[] => {
      const out: number[] = [];
      const stack = [index];
      const seen = new Set<number>();
      while (stack.length > 0) {
        const v = stack.pop()!;
        if (seen.has(v)) continue;
        seen.add(v);
        const kids = this.childIndexes[v]!;
        if (kids.length === 0) out.push(v);
        else stack.push(...kids);
      }
      return out.sort((a, b) => a - b);
    };
    const leafIndexes = this.ids.map((_, i) => i).filter((i) => this.childIndexes[i]!.length === 0);
    const prerequisites: { prerequisiteId: string; dependentId: string }[] = [];
    const seen = new Set<string>();
    for (let to = 0; to < this.size; to++) {
      for (const from of this.prerequisiteIndexes[to]!) {
        for (const a of leafIndexesUnder(from)) {
          for (const b of leafIndexesUnder(to)) {
            const key = `${a},${b}`;
            if (a === b || seen.has(key)) continue;
            seen.add(key);
            prerequisites.push({ prerequisiteId: this.ids[a]!, dependentId: this.ids[b]! });
          }
        }
      }
    }
    return CompetencyGraph.build({
      competencies: leafIndexes.map((i) => ({ id: this.ids[i]!, title: this.titles[i] })),
      prerequisites,
    });
  }
}

/** Kahn's algorithm; among ready nodes the earliest in input order goes first, so the order is stable. */
function topologicalOrderOf(
  prerequisites: readonly (readonly number[])[],
  dependents: readonly (readonly number[])[],
): Int32Array {
  const n = prerequisites.length;
  const remaining = Int32Array.from(prerequisites, (p) => p.length);
  const heap = new MinHeap();
  for (let v = 0; v < n; v++) if (remaining[v] === 0) heap.push(v);
  const order = new Int32Array(n);
  let k = 0;
  while (heap.size > 0) {
    const v = heap.pop();
    order[k++] = v;
    for (const d of dependents[v]!) if (--remaining[d]! === 0) heap.push(d);
  }
  return order;
}

class MinHeap {
  private items: number[] = [];
  get size(): number {
    return this.items.length;
  }
  push(x: number): void {
    const a = this.items;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]! <= x) break;
      a[i] = a[p]!;
      i = p;
    }
    a[i] = x;
  }
  pop(): number {
    const a = this.items;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= a.length) break;
        const c = l + 1 < a.length && a[l + 1]! < a[l]! ? l + 1 : l;
        if (a[c]! >= last) break;
        a[i] = a[c]!;
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}
