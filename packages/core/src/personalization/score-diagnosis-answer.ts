/**
 * Scoring a placement answer against an item's key: single choice (the chosen id), multiple choice
 * (exactly the correct set, in any order) and numeric (within the item's tolerance). Short text and
 * ordering items are not asked in a placement, so they score as `null` ("cannot tell").
 */
import type { ItemBody } from "../content/schema.js";

/** Item kinds a placement can ask: those scored at once, without a teacher. */
export const DIAGNOSIS_ITEM_KINDS = ["single_choice", "multiple_choice", "numeric"] as const;

export function scoreDiagnosisAnswer(body: ItemBody, response: unknown): boolean | null {
  switch (body.kind) {
    case "single_choice":
      return typeof response === "string" && response === body.correct;
    case "multiple_choice": {
      if (!Array.isArray(response) || !response.every((r) => typeof r === "string")) return false;
      const chosen = new Set(response);
      return chosen.size === body.correct.length && body.correct.every((id) => chosen.has(id));
    }
    case "numeric": {
      const value =
        typeof response === "number" ? response : typeof response === "string" ? Number(response) : NaN;
      return Number.isFinite(value) && Math.abs(value - body.answer) <= body.tolerance + 1e-12;
    }
    case "short_text":
    case "ordering":
      return null;
  }
}
