/** The learners module: profile, accommodations, goals with check-ins, and co-designed learning plans. */
export {
  getLearnerProfile,
  updateLearnerProfile,
  UpdateProfileInput,
  PROFILE_FIELDS,
  type LearnerProfileView,
  type ProfileField,
} from "./profile.js";
export {
  getAccommodations,
  setAccommodations,
  SetAccommodationsInput,
  MAX_EXTENDED_TIME_FACTOR,
  type AccommodationsView,
} from "./accommodations.js";
export {
  createGoal,
  listGoals,
  updateGoal,
  addGoalCheckIn,
  listGoalCheckIns,
  CreateGoalInput,
  UpdateGoalInput,
  CheckInInput,
  type Goal,
  type GoalCheckIn,
} from "./goals.js";
export {
  createPlan,
  getPlan,
  listPlans,
  editPlan,
  replan,
  proposePlanChange,
  decidePlanProposal,
  withdrawPlanProposal,
  commentOnPlan,
  planHistory,
  CreatePlanInput,
  PlanChangesInput,
  ProposePlanChangeInput,
  DecideProposalInput,
  PlanCommentInput,
  type LearningPlan,
  type PlanView,
  type PlanProposal,
  type PlanComment,
  type PlanHistory,
  type PlanChanges,
} from "./plans.js";
export type { PlanEntry } from "./schema.js";
export {
  getHelpAtHome,
  frameworkExampleOf,
  HOME_HELP_COMPETENCIES,
  HOME_MODALITIES,
  type HelpAtHome,
  type HomeCompetency,
  type HomeAccommodation,
  type HomeLink,
  type WhyNow,
} from "./help-at-home.js";
