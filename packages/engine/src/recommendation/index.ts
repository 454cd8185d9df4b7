/** Choice boards with a Decision on every option, and the reasons rendered in English and Spanish. */
export {
  prepareChoiceBoards,
  buildChoiceBoard,
  DEFAULT_CHOICE_BOARD_PARAMETERS,
  CHOICE_BOARD_MODEL,
} from "./choice-board.js";
export type {
  Activity,
  ActivityLevel,
  OptionKind,
  LearnerProfile,
  ChoiceBoardParameters,
  ChoiceBoardCatalog,
  ChoiceBoardInput,
  ChoiceBoardOption,
  ChoiceBoard,
} from "./choice-board.js";
export { renderReason, REASON_MESSAGES, REASON_LOCALES } from "./reasons.js";
export type { ReasonLocale } from "./reasons.js";
