/**
 * A goal's tasks, kept in the goal's description as a plain checklist that stays readable anywhere
 * the description is shown (the API, the teacher's view, an export):
 *
 *   - [ ] (mon) Read chapter 3
 *   - [x] (wed) Try five practice problems
 *   - [ ] Ask for feedback on my draft
 *
 * The day in parentheses schedules the task in the week; a task without one is not scheduled yet.
 * Lines that are not tasks are the goal's own words and are kept as they are.
 */
export const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Day = (typeof DAYS)[number];

export interface GoalTask {
  text: string;
  done: boolean;
  day: Day | null;
}

export interface GoalBody {
  /** The description without its task lines. */
  note: string;
  tasks: GoalTask[];
}

const TASK_LINE = /^- \[( |x|X)\] (?:\((mon|tue|wed|thu|fri|sat|sun)\) )?(.*\S)\s*$/;
export const MAX_TASK_LENGTH = 200;

export function isDay(value: string): value is Day {
  return (DAYS as readonly string[]).includes(value);
}

export function parseGoalBody(description: string): GoalBody {
  const noteLines: string[] = [];
  const tasks: GoalTask[] = [];
  for (const line of description.split(/\r?\n/)) {
    const match = TASK_LINE.exec(line);
    if (match) {
      const day = match[2] ?? null;
      tasks.push({ text: match[3]!, done: match[1] !== " ", day: day && isDay(day) ? day : null });
    } else noteLines.push(line);
  }
  return { note: noteLines.join("\n").trim(), tasks };
}

/** A task's text on one line (a new line would start another task). */
export function cleanTaskText(text: string): string {
  return text.replace(/\s+/g, " ").trim().slice(0, MAX_TASK_LENGTH);
}

export function formatGoalBody(body: GoalBody): string {
  const lines = body.tasks.map(
    (task) => `- [${task.done ? "x" : " "}] ${task.day ? `(${task.day}) ` : ""}${cleanTaskText(task.text)}`,
  );
  return [body.note.trim(), lines.join("\n")].filter((part) => part !== "").join("\n\n");
}

/** The Monday (UTC) of the week that holds `now`, as an ISO date, and the week's seven dates. */
export function weekOf(now: Date): { day: Day; date: string }[] {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  start.setUTCDate(start.getUTCDate() - ((start.getUTCDay() + 6) % 7));
  return DAYS.map((day, i) => {
    const date = new Date(start);
    date.setUTCDate(start.getUTCDate() + i);
    return { day, date: date.toISOString().slice(0, 10) };
  });
}
