/**
 * Scoring a placement answer: the same rules as any answer to an item (`scoreResponse` in
 * content/item-scoring.ts). A placement also accepts the bare value — the choice id, the list of
 * choice ids, or the number — which is wrapped into the item kind's response shape first. Short text
 * and ordering items are not asked in a placement, so they score as `null` ("cannot tell").
 */
import { scoreResponse } from "../content/item-scoring.js";
import type { ItemBody } from "../content/schema.js";

/** Item kinds a placement can ask: those scored at once, without a teacher. */
export const DIAGNOSIS_ITEM_KINDS = ["single_choice", "multiple_choice", "numeric"] as const;

function asItemResponse(body: ItemBody, response: unknown): unknown {
  if (response !== null && typeof response === "object" && !Array.isArray(response)) return response;
  switch (body.kind) {
    case "single_choice":
      return { choiceId: response };
    case "multiple_choice":
      return { choiceIds: response };
    case "numeric":
      return { value: typeof response === "string" && response.trim() !== "" ? Number(response) : response };
    default:
      return response;
  }
}

/** True or false for a scorable answer; a malformed one is refused naming `body.response`. */
export function scoreDiagnosisAnswer(body: ItemBody, response: unknown): boolean | null {
  if (!(DIAGNOSIS_ITEM_KINDS as readonly string[]).includes(body.kind)) return null;
  const scored = scoreResponse(body, asItemResponse(body, response), "body.response");
  return scored.scoring === "auto" ? scored.correct : null;
}
