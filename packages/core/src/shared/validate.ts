/** Parse use-case input with its zod schema; bad input becomes one AppError naming every field. */
import type { z } from "zod";
import { AppError } from "./errors.js";

export function parseInput<S extends z.ZodType>(schema: S, input: unknown, where = "input"): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join("."),
    message: issue.message,
  }));
  throw new AppError("validation_failed", "Some fields are not valid.", details);
}
