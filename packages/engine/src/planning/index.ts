/** Plans toward goals with pacing, respecting prerequisites, commitments and learner/teacher edits. */
export { planToward, DEFAULT_PLANNING_PARAMETERS, PLANNER_MODEL } from "./plan.js";
export type {
  PlanningParameters,
  PlanGoal,
  PlanEdit,
  PlanInput,
  PlanItem,
  PacingStatus,
  PlanWarning,
  Plan,
} from "./plan.js";
