/**
 * Limited-memory BFGS (Nocedal 1980) for smooth unconstrained minimization: the two-loop
 * recursion over the last `memory` steps, a backtracking line search on the Armijo condition, and
 * curvature pairs kept only when sᵀy > 0 so the implied Hessian stays positive definite.
 */

/** Writes the gradient at x into `gradient` and returns the objective at x. */
export type LbfgsObjective = (x: Float64Array, gradient: Float64Array) => number;

export interface LbfgsOptions {
  /** Correction pairs kept. */
  memory: number;
  maxIterations: number;
  /** Stop when ‖gradient‖ ≤ gradientTolerance × max(1, ‖x‖). */
  gradientTolerance: number;
  /** Stop when the objective improves by less than objectiveTolerance × max(1, |f|). */
  objectiveTolerance: number;
}

export type LbfgsStop = "gradient" | "objective" | "max-iterations" | "line-search";

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  iterations: number;
  stop: LbfgsStop;
}

/** Armijo sufficient-decrease constant and backtracking factor of the line search. */
const ARMIJO = 1e-4;
const BACKTRACK = 0.5;
const MAX_BACKTRACKS = 40;

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Minimizes `objective` from `start` (which is not modified). */
export function minimizeLbfgs(
  objective: LbfgsObjective,
  start: Float64Array,
  options: LbfgsOptions,
): LbfgsResult {
  const n = start.length;
  const m = Math.max(1, options.memory);
  const x = Float64Array.from(start);
  const g = new Float64Array(n);
  let f = objective(x, g);
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(m);
  const direction = new Float64Array(n);
  const xNext = new Float64Array(n);
  const gNext = new Float64Array(n);
  let stop: LbfgsStop = "max-iterations";
  let iteration = 0;
  for (; iteration < options.maxIterations; iteration++) {
    const gNorm = Math.sqrt(dot(g, g));
    if (gNorm <= options.gradientTolerance * Math.max(1, Math.sqrt(dot(x, x)))) {
      stop = "gradient";
      break;
    }
    // Two-loop recursion: direction = -H g.
    direction.set(g);
    for (let k = s.length - 1; k >= 0; k--) {
      const a = rho[k]! * dot(s[k]!, direction);
      alpha[k] = a;
      const yk = y[k]!;
      for (let i = 0; i < n; i++) direction[i]! -= a * yk[i]!;
    }
    if (s.length > 0) {
      const last = s.length - 1;
      const gamma = dot(s[last]!, y[last]!) / dot(y[last]!, y[last]!);
      for (let i = 0; i < n; i++) direction[i]! *= gamma;
    } else {
      // First step: a unit-length move along the steepest descent.
      for (let i = 0; i < n; i++) direction[i]! /= gNorm;
    }
    for (let k = 0; k < s.length; k++) {
      const b = rho[k]! * dot(y[k]!, direction);
      const sk = s[k]!;
      const a = alpha[k]!;
      for (let i = 0; i < n; i++) direction[i]! += sk[i]! * (a - b);
    }
    for (let i = 0; i < n; i++) direction[i] = -direction[i]!;
    let slope = dot(g, direction);
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      s.length = 0;
      y.length = 0;
      rho.length = 0;
      for (let i = 0; i < n; i++) direction[i] = -g[i]! / gNorm;
      slope = -gNorm;
    }
    let step = 1;
    let fNext = Infinity;
    let accepted = false;
    for (let b = 0; b < MAX_BACKTRACKS; b++) {
      for (let i = 0; i < n; i++) xNext[i] = x[i]! + step * direction[i]!;
      fNext = objective(xNext, gNext);
      if (fNext <= f + ARMIJO * step * slope) {
        accepted = true;
        break;
      }
      step *= BACKTRACK;
    }
    if (!accepted) {
      stop = "line-search";
      break;
    }
    const sk = new Float64Array(n);
    const yk = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      sk[i] = xNext[i]! - x[i]!;
      yk[i] = gNext[i]! - g[i]!;
    }
    const sy = dot(sk, yk);
    if (sy > 1e-12 * Math.sqrt(dot(sk, sk) * dot(yk, yk))) {
      if (s.length === m) {
        s.shift();
        y.shift();
        rho.shift();
      }
      s.push(sk);
      y.push(yk);
      rho.push(1 / sy);
    }
    const improvement = f - fNext;
    x.set(xNext);
    g.set(gNext);
    f = fNext;
    if (improvement <= options.objectiveTolerance * Math.max(1, Math.abs(f))) {
      stop = "objective";
      iteration++;
      break;
    }
  }
  return { x, value: f, iterations: iteration, stop };
}
