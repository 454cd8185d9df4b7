/**
 * Today's choice board for a learner. The board for a day is built once and written to the ledger
 * by core; opening the page again that day shows the same options (with any contest or teacher
 * override since), instead of writing a new set of decisions on every visit. Asking for a fresh
 * board is the learner's explicit choice.
 */
import { buildLearnerChoiceBoard, listDecisions, type LedgerEntry, type SignedInCtx } from "@pathwise/core";

export interface TodayOption {
  decisionId: string;
  kind: string;
  competencyId: string | null;
  /** What the option offers: "item:<id>", "resource:<id>" or "task:<id>". */
  activityId: string;
  level: string;
  modality: string;
  language: string;
  minutes: number;
  why: string;
  /** The learner's "not this — because …", newest first, with the teacher's answer once given. */
  contests: { id: string; status: string; reason: string; resolution: string | null }[];
  /** When a teacher overrode this option: their reason. */
  override: { why: string; at: Date } | null;
}

export interface TodayBoard {
  options: TodayOption[];
  builtAt: Date | null;
  /** Fewer than three options could be offered. */
  short: boolean;
}

const DAY_MS = 86_400_000;

function startOfDay(now: Date): Date {
  return new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
}

const text = (value: unknown, fallback = ""): string => (typeof value === "string" ? value : fallback);

function optionOf(entry: LedgerEntry, overrides: Map<string, LedgerEntry>): TodayOption {
  const p = entry.payload;
  const override = entry.supersededBy ? overrides.get(entry.supersededBy) : undefined;
  return {
    decisionId: entry.id,
    kind: text(p.kind, "practice"),
    competencyId: entry.competencyId,
    activityId: text(p.activityId),
    level: text(p.level, "at"),
    modality: text(p.modality),
    language: text(p.language),
    minutes: typeof p.minutes === "number" ? p.minutes : 0,
    why: entry.why,
    contests: entry.contests,
    override: override ? { why: override.why, at: override.createdAt } : null,
  };
}

/** The board already given today, if any: the newest set of board decisions written today. */
export async function boardGivenToday(ctx: SignedInCtx, learnerId: string): Promise<TodayBoard | null> {
  const since = startOfDay(ctx.now());
  const ledger = await listDecisions(ctx, learnerId, { limit: 200 });
  const today = ledger.items.filter((d) => d.createdAt >= since);
  const board = today.filter((d) => d.payload.board === true);
  const newest = board[0];
  if (!newest) return null;
  const overrides = new Map(today.filter((d) => d.supersedes).map((d) => [d.id, d]));
  const options = board
    .filter((d) => d.createdAt.getTime() === newest.createdAt.getTime())
    .reverse()
    .map((d) => optionOf(d, overrides));
  return { options, builtAt: newest.createdAt, short: options.length < 3 };
}

/** Today's board: the one already given today, or a new one from the engine. */
export async function todaysBoard(ctx: SignedInCtx, learnerId: string): Promise<TodayBoard> {
  return (await boardGivenToday(ctx, learnerId)) ?? freshBoard(ctx, learnerId);
}

export async function freshBoard(ctx: SignedInCtx, learnerId: string): Promise<TodayBoard> {
  const board = await buildLearnerChoiceBoard(ctx, learnerId);
  return {
    options: board.options.map((o) => ({ ...o, contests: [], override: null })),
    builtAt: board.options.length ? ctx.now() : null,
    short: board.options.length < 3,
  };
}
