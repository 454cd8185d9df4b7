export { printLearningPlan, PrintInput, type PrintedPdf } from "./print-learning-plan.js";
export { CHOICE_LABELS, packetCodeOf, printClassSet, printPracticePacket } from "./practice-packets.js";
export { recordPaperResults, RecordPaperResultsInput, type PaperResult } from "./record-paper-results.js";
export { PRINT_LANGUAGES, type PrintLanguage } from "./wording.js";
export {
  paperResultsSheet,
  type PaperResultsSheet,
  type PaperSheetLearner,
  type PaperSheetQuestion,
} from "./paper-results-sheet.js";
