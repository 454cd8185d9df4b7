/**
 * Training responses turned into compact columns (typed arrays, integer ids) grouped by learner,
 * so that fitting touches each response a few times in tight loops instead of walking objects.
 */
import { LearnerModelError } from "./errors.js";
import type { KtResponse } from "./types.js";

export interface EncodedKtData {
  /** Number of responses (rows). */
  size: number;
  skillIds: string[];
  skillIndex: Map<string, number>;
  itemIds: string[];
  itemIndex: Map<string, number>;
  learnerCount: number;
  /** Per row, in learner-grouped order (each learner's rows contiguous, in their original order). */
  learner: Int32Array;
  item: Int32Array;
  correct: Uint8Array;
  timeMs: Float64Array;
  /** Skills of row r are skillList[skillStart[r] .. skillStart[r+1]). */
  skillStart: Int32Array;
  skillList: Int32Array;
  /** Some timestamps differ: time-based features are meaningful. */
  hasTimestamps: boolean;
}

/** Encodes responses; learners keep their first-appearance order and their responses' order. */
export function encodeKtResponses(responses: readonly KtResponse[]): EncodedKtData {
  if (responses.length === 0) {
    throw new LearnerModelError("empty-training-data", "cannot fit a learner model on zero responses");
  }
  const learnerIndex = new Map<string, number>();
  const learnerOfRow = new Int32Array(responses.length);
  let totalSkills = 0;
  for (let r = 0; r < responses.length; r++) {
    const response = responses[r]!;
    let l = learnerIndex.get(response.learnerId);
    if (l === undefined) {
      l = learnerIndex.size;
      learnerIndex.set(response.learnerId, l);
    }
    learnerOfRow[r] = l;
    if (response.skillIds.length === 0) {
      throw new LearnerModelError("invalid-parameters", `response ${r} has no skill`, { row: r });
    }
    totalSkills += response.skillIds.length;
  }
  // Counting sort by learner keeps each learner's responses in their original order.
  const learnerCount = learnerIndex.size;
  const offsets = new Int32Array(learnerCount + 1);
  for (let r = 0; r < responses.length; r++) offsets[learnerOfRow[r]! + 1]!++;
  for (let l = 0; l < learnerCount; l++) offsets[l + 1]! += offsets[l]!;
  const order = new Int32Array(responses.length);
  const cursor = offsets.slice(0, learnerCount);
  for (let r = 0; r < responses.length; r++) order[cursor[learnerOfRow[r]!]!++] = r;

  const skillIndex = new Map<string, number>();
  const skillIds: string[] = [];
  const itemIndex = new Map<string, number>();
  const itemIds: string[] = [];
  const size = responses.length;
  const learner = new Int32Array(size);
  const item = new Int32Array(size);
  const correct = new Uint8Array(size);
  const timeMs = new Float64Array(size);
  const skillStart = new Int32Array(size + 1);
  const skillList = new Int32Array(totalSkills);
  let k = 0;
  let firstTime = Number.NaN;
  let hasTimestamps = false;
  for (let i = 0; i < size; i++) {
    const response = responses[order[i]!]!;
    learner[i] = learnerOfRow[order[i]!]!;
    let it = itemIndex.get(response.itemId);
    if (it === undefined) {
      it = itemIds.length;
      itemIndex.set(response.itemId, it);
      itemIds.push(response.itemId);
    }
    item[i] = it;
    correct[i] = response.correct ? 1 : 0;
    timeMs[i] = response.timeMs;
    if (i === 0) firstTime = response.timeMs;
    else if (response.timeMs !== firstTime) hasTimestamps = true;
    skillStart[i] = k;
    for (const skillId of response.skillIds) {
      let s = skillIndex.get(skillId);
      if (s === undefined) {
        s = skillIds.length;
        skillIndex.set(skillId, s);
        skillIds.push(skillId);
      }
      skillList[k++] = s;
    }
  }
  skillStart[size] = k;
  return {
    size,
    skillIds,
    skillIndex,
    itemIds,
    itemIndex,
    learnerCount,
    learner,
    item,
    correct,
    timeMs,
    skillStart,
    skillList,
    hasTimestamps,
  };
}
