/**
 * The personalization parameters a school may change, with their defaults in one place.
 * See docs/personalization-in-the-platform.md.
 */
import type { BktSkillParameters } from "@pathwise/engine";

/**
 * BKT parameters for a competency the organization has no fitted parameters for yet (a new
 * framework, a new school): a modest prior that a learner already knows it, a learning rate of one
 * step in seven, guessing and slipping as on a typical four-option item. A refit on the
 * organization's own evidence (`refitLearnerModel`) replaces them competency by competency.
 */
export const PRIOR_BKT_PARAMETERS: Readonly<BktSkillParameters> = {
  init: 0.25,
  learn: 0.15,
  forget: 0,
  guess: 0.2,
  slip: 0.1,
};

/** A rubric level, observation rating or activity score counts as a success from this score (0..1) up. */
export const PASSING_SCORE = 0.6;

/** The name the ledger records for the learner model behind mastery estimates. */
export const PRIOR_MODEL = { name: "bkt-prior", version: "1" } as const;

/** Fewest attempts with a known answer before a refit replaces a competency's prior. */
export const MIN_RESPONSES_TO_FIT_COMPETENCY = 30;
