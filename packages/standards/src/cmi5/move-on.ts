/**
 * moveOn evaluation (cmi5 §13.1.4 moveOn, §9.3.9 satisfied): whether an AU is satisfied given what
 * the learner has done in a registration, and which blocks and the course that makes satisfied.
 */
import type { Cmi5Au, Cmi5Block, Cmi5CourseStructure, Cmi5MoveOn } from "./course-structure.js";

/** What the LMS has recorded for one AU in a registration. */
export interface Cmi5AuProgress {
  completed: boolean;
  passed: boolean;
  /** A "waived" statement satisfies the AU whatever its moveOn (§9.3.9). */
  waived?: boolean;
}

export function isSatisfied(moveOn: Cmi5MoveOn, progress: Cmi5AuProgress): boolean {
  if (progress.waived) return true;
  switch (moveOn) {
    case "NotApplicable":
      return true;
    case "Passed":
      return progress.passed;
    case "Completed":
      return progress.completed;
    case "CompletedAndPassed":
      return progress.completed && progress.passed;
    case "CompletedOrPassed":
      return progress.completed || progress.passed;
  }
}

export interface Cmi5Satisfaction {
  /** Publisher ids of satisfied AUs. */
  aus: Set<string>;
  /** Publisher ids of blocks whose every AU and block is satisfied. */
  blocks: Set<string>;
  course: boolean;
}

/**
 * Evaluates the whole structure. `progress` is keyed by the AU's publisher id; AUs without an entry
 * have done nothing (still satisfied when their moveOn is NotApplicable, §9.6.1).
 */
export function evaluateCmi5Satisfaction(
  structure: Cmi5CourseStructure,
  progress: ReadonlyMap<string, Cmi5AuProgress>,
): Cmi5Satisfaction {
  const satisfaction: Cmi5Satisfaction = { aus: new Set(), blocks: new Set(), course: false };
  const visit = (node: Cmi5Au | Cmi5Block): boolean => {
    if (node.kind === "au") {
      const done = isSatisfied(node.moveOn, progress.get(node.id) ?? { completed: false, passed: false });
      if (done) satisfaction.aus.add(node.id);
      return done;
    }
    // Visit every child (no short-circuit) so every satisfied AU and block is reported.
    const done = node.children.map(visit).every(Boolean);
    if (done) satisfaction.blocks.add(node.id);
    return done;
  };
  satisfaction.course = structure.children.map(visit).every(Boolean);
  return satisfaction;
}
