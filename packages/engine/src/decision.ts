/**
 * The personalization ledger's unit: every adaptation the engine (or a person) makes is a Decision
 * answering what was personalized, along which dimension, who decided, and on what evidence.
 * The engine produces these; core persists them append-only and the web renders `reason`.
 */

/** What is personalized. */
export type DecisionSubject =
  "objective" | "assessment" | "activity" | "resource" | "pace" | "goal" | "grouping";

/** Along which dimension of personalization. */
export type DecisionDimension = "time" | "place" | "pace" | "path" | "goals";

/** Who decided. The engine names its model and version so a decision can be reproduced. */
export type DecisionActor =
  | { kind: "learner"; userId: string }
  | { kind: "teacher"; userId: string; name: string }
  | { kind: "engine"; model: string; version: string };

/** One piece of data a decision rests on, with the numbers that were used. */
export interface DecisionBasis {
  kind: "performance" | "activity" | "profile";
  /** Ids of the evidence rows (or profile fields) this basis refers to. */
  references: string[];
  /** The figures used, e.g. { pMastery: 0.42, attempts: 5 }. */
  values: Record<string, number | string | boolean>;
}

/** A plain-language reason as a message id plus ICU arguments, rendered in the reader's language. */
export interface DecisionReason {
  messageId: string;
  values: Record<string, string | number>;
}

export interface Decision {
  what: DecisionSubject;
  how: DecisionDimension[];
  who: DecisionActor;
  basedOn: DecisionBasis[];
  reason: DecisionReason;
}
