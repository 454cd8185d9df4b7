import { describe, expect, it } from "vitest";
import { minimizeLbfgs } from "./lbfgs.js";

const options = { memory: 5, maxIterations: 500, gradientTolerance: 1e-9, objectiveTolerance: 0 };

describe("minimizeLbfgs", () => {
  it("finds the minimum of a badly scaled quadratic", () => {
    const scales = [1, 10, 100, 1000];
    const target = [1, -2, 3, -4];
    const result = minimizeLbfgs(
      (x, g) => {
        let f = 0;
        for (let i = 0; i < x.length; i++) {
          const d = x[i]! - target[i]!;
          f += 0.5 * scales[i]! * d * d;
          g[i] = scales[i]! * d;
        }
        return f;
      },
      new Float64Array(4),
      options,
    );
    expect(result.stop).toBe("gradient");
    result.x.forEach((v, i) => expect(v).toBeCloseTo(target[i]!, 6));
  });

  it("follows the Rosenbrock valley to (1, 1)", () => {
    const result = minimizeLbfgs(
      (x, g) => {
        const a = x[0]!;
        const b = x[1]!;
        g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
        g[1] = 200 * (b - a * a);
        return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
      },
      Float64Array.from([-1.2, 1]),
      options,
    );
    expect(result.x[0]).toBeCloseTo(1, 5);
    expect(result.x[1]).toBeCloseTo(1, 5);
    expect(result.value).toBeLessThan(1e-10);
  });

  it("does not modify the starting point and stops at the iteration limit", () => {
    const start = Float64Array.from([5]);
    const result = minimizeLbfgs(
      (x, g) => {
        g[0] = 2 * x[0]!;
        return x[0]! * x[0]!;
      },
      start,
      { ...options, maxIterations: 1 },
    );
    expect(start[0]).toBe(5);
    expect(result.iterations).toBe(1);
    expect(result.stop).toBe("max-iterations");
  });
});
