/** Adaptive placement over the competency graph. */
export { PlacementDiagnosis, DEFAULT_DIAGNOSIS_PARAMETERS } from "./placement.js";
export type {
  DiagnosisParameters,
  DiagnosisItemNoise,
  DiagnosisAnswer,
  CompetencyEstimate,
  DiagnosisStopReason,
  DiagnosisResult,
} from "./placement.js";
