/**
 * Who may record which kind of evidence about a learner. Learners record their own attempts and
 * self-assessments; their teachers record attempts (paper results), rubric scores, observations and
 * activity results; nobody records evidence about a learner they are not related to.
 */
import { authorize as authorizePersonalization } from "../personalization/policies.js";
import type { LearnerRelation } from "../personalization/relationships.js";
import type { Actor } from "../shared/context.js";
import { forbidden } from "../shared/errors.js";
import type { evidenceKindEnum } from "./schema.js";

export type EvidenceKind = (typeof evidenceKindEnum.enumValues)[number];

export function authorizeRecording(actor: Actor, kind: EvidenceKind, relation: LearnerRelation): void {
  switch (kind) {
    case "attempt":
      return authorizePersonalization(actor, "record-own-work", relation);
    case "self_assessment":
      authorizePersonalization(actor, "view", relation);
      if (!relation.isSelf) throw forbidden("Only the learner can assess themselves.");
      return;
    case "rubric_score":
    case "observation":
    case "activity":
    case "artifact":
    case "diagnosis":
      return authorizePersonalization(actor, "record-staff-evidence", relation);
  }
}
