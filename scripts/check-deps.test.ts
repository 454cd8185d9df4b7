import { describe, expect, it } from "vitest";
// @ts-expect-error -- a plain ES module script without type declarations
import { checkDependencies, findCycles } from "./check-deps.mjs";

describe("the dependency rule check", () => {
  it("finds an import cycle and names its path once", () => {
    const graph = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["a"]],
      ["d", ["a"]],
    ]);
    expect(findCycles(graph)).toEqual(["import cycle: a -> b -> c -> a"]);
  });

  it("accepts a graph without cycles", () => {
    expect(findCycles(new Map([["a", ["b"]], ["b", []]]))).toEqual([]);
  });

  it("holds for this repository", () => {
    expect(checkDependencies()).toEqual([]);
  });
});
