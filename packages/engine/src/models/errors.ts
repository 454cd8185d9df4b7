/** Typed errors raised by learner models; callers turn them into clear messages. */

/** Error codes a learner model can raise. */
export type LearnerModelErrorCode = "unknown-competency" | "empty-training-data" | "invalid-parameters";

export class LearnerModelError extends Error {
  override readonly name: string = "LearnerModelError";
  constructor(
    readonly code: LearnerModelErrorCode,
    message: string,
    readonly details: Record<string, string | number> = {},
  ) {
    super(message);
  }
}

/** A query named a skill the model was not fitted on (it has no parameters for it). */
export class UnknownCompetencyError extends LearnerModelError {
  override readonly name = "UnknownCompetencyError";
  constructor(readonly competencyId: string) {
    super(
      "unknown-competency",
      `unknown competency (skill) "${competencyId}": the model has no parameters for it`,
      {
        competencyId,
      },
    );
  }
}
