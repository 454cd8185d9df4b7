/**
 * What printed pages say, in each language Pathwise prints (English and Spanish). A reader whose
 * language is neither gets English. Kept beside the PDFs rather than in the web catalogs: the
 * server renders them, and the wording is about paper (answer sheets, codes, the adult reading aloud).
 */
export const PRINT_LANGUAGES = ["en", "es"] as const;
export type PrintLanguage = (typeof PRINT_LANGUAGES)[number];

/** The first supported language among the requested one and the reader's locale; else English. */
export function printLanguageOf(...candidates: (string | null | undefined)[]): PrintLanguage {
  for (const candidate of candidates) {
    const base = candidate?.toLowerCase().split("-")[0];
    if (base && (PRINT_LANGUAGES as readonly string[]).includes(base)) return base as PrintLanguage;
  }
  return "en";
}

/** A plan's ISO date as the reader writes dates ("1 de diciembre de 2026", "December 1, 2026"). */
export function dateIn(language: PrintLanguage, isoDate: string): string {
  const date = new Date(isoDate);
  if (Number.isNaN(date.getTime())) return isoDate;
  return new Intl.DateTimeFormat(language, { dateStyle: "long", timeZone: "UTC" }).format(date);
}

type PacingStatus = "ahead" | "on-track" | "behind";

export interface PrintWording {
  planTitle: (name: string) => string;
  planSteps: string;
  noPlan: string;
  stepLine: (step: { statement: string; minutes: number | undefined; done: string | undefined }) => string;
  pacing: (status: PacingStatus | null, days: number, expectedCompletion: string | null) => string;
  pacingHeading: string;
  reviewHeading: string;
  nothingToReview: string;
  packetTitle: (name: string, board: string) => string;
  packetIntro: (packetCode: string) => string;
  readAloudNote: string;
  breaksNote: string;
  activitiesHeading: string;
  questionsHeading: string;
  itemHeading: (code: string) => string;
  chooseOne: string;
  chooseAll: string;
  numericAnswer: (unit: string | null) => string;
  writeAnswer: string;
  putInOrder: string;
  answerSheetHeading: string;
  answerSheetIntro: string;
  answerLine: (code: string) => string;
  noQuestions: string;
  classSetTitle: (className: string, board: string) => string;
}

const en: PrintWording = {
  planTitle: (name) => `My learning plan — ${name}`,
  planSteps: "What I am working on, in order",
  noPlan: "There is no learning plan yet. Ask your teacher to make one with you.",
  stepLine: ({ statement, minutes, done }) =>
    [
      statement,
      minutes ? `about ${minutes} minutes` : null,
      done ? `expected by ${dateIn("en", done)}` : null,
    ]
      .filter(Boolean)
      .join(" — "),
  pacingHeading: "How I am pacing",
  pacing: (status, days, expected) => {
    const finish = expected ? ` Expected to finish on ${dateIn("en", expected)}.` : "";
    if (status === "behind") return `${days} ${days === 1 ? "day" : "days"} behind.${finish}`;
    if (status === "ahead") return `${days} ${days === 1 ? "day" : "days"} ahead.${finish}`;
    if (status === "on-track") return `On track.${finish}`;
    return "Pacing will show once the plan has been scheduled.";
  },
  reviewHeading: "Due for review",
  nothingToReview: "Nothing is due for review.",
  packetTitle: (name, board) => `Practice packet — ${name} — ${board}`,
  packetIntro: (code) =>
    `Packet ${code}. Answer each question, then write your answers on the answer sheet at the end, next to each code.`,
  readAloudNote:
    "For the adult: please read each question and its choices aloud to the learner, as often as they ask.",
  breaksNote:
    "Take a break whenever you need one: put the packet down, stretch, and come back to the question where you were.",
  activitiesHeading: "Activities on this board",
  questionsHeading: "Questions",
  itemHeading: (code) => `Question ${code}`,
  chooseOne: "Choose one answer.",
  chooseAll: "Choose every answer that is right.",
  numericAnswer: (unit) => (unit ? `Write a number (in ${unit}).` : "Write a number."),
  writeAnswer: "Write your answer in sentences.",
  putInOrder: "Number these in the right order.",
  answerSheetHeading: "Answer sheet",
  answerSheetIntro: "Write the letter, number or words of your answer next to each code.",
  answerLine: (code) => `${code}: ____________________________`,
  noQuestions: "This board has no questions to practice on paper.",
  classSetTitle: (className, board) => `Class set — ${className} — ${board}`,
};

const es: PrintWording = {
  planTitle: (name) => `Mi plan de aprendizaje — ${name}`,
  planSteps: "En qué estoy trabajando, en orden",
  noPlan: "Todavía no hay un plan de aprendizaje. Pide a tu maestro o maestra que lo prepare contigo.",
  stepLine: ({ statement, minutes, done }) =>
    [
      statement,
      minutes ? `unos ${minutes} minutos` : null,
      done ? `previsto para el ${dateIn("es", done)}` : null,
    ]
      .filter(Boolean)
      .join(" — "),
  pacingHeading: "Cómo voy de ritmo",
  pacing: (status, days, expected) => {
    const finish = expected ? ` Previsto terminar el ${dateIn("es", expected)}.` : "";
    if (status === "behind") return `${days} ${days === 1 ? "día" : "días"} de retraso.${finish}`;
    if (status === "ahead") return `${days} ${days === 1 ? "día" : "días"} de adelanto.${finish}`;
    if (status === "on-track") return `Voy al día.${finish}`;
    return "El ritmo aparecerá cuando el plan esté programado.";
  },
  reviewHeading: "Para repasar",
  nothingToReview: "No hay nada pendiente de repaso.",
  packetTitle: (name, board) => `Cuadernillo de práctica — ${name} — ${board}`,
  packetIntro: (code) =>
    `Cuadernillo ${code}. Responde cada pregunta y escribe tus respuestas en la hoja de respuestas del final, junto a cada código.`,
  readAloudNote:
    "Para la persona adulta: lea en voz alta cada pregunta y sus opciones, tantas veces como lo pida.",
  breaksNote:
    "Toma un descanso cuando lo necesites: deja el cuadernillo, estírate y vuelve a la pregunta donde estabas.",
  activitiesHeading: "Actividades de este tablero",
  questionsHeading: "Preguntas",
  itemHeading: (code) => `Pregunta ${code}`,
  chooseOne: "Elige una respuesta.",
  chooseAll: "Elige todas las respuestas correctas.",
  numericAnswer: (unit) => (unit ? `Escribe un número (en ${unit}).` : "Escribe un número."),
  writeAnswer: "Escribe tu respuesta con frases completas.",
  putInOrder: "Numera estos elementos en el orden correcto.",
  answerSheetHeading: "Hoja de respuestas",
  answerSheetIntro: "Escribe la letra, el número o las palabras de tu respuesta junto a cada código.",
  answerLine: (code) => `${code}: ____________________________`,
  noQuestions: "Este tablero no tiene preguntas para practicar en papel.",
  classSetTitle: (className, board) => `Juego de la clase — ${className} — ${board}`,
};

export const WORDING: Record<PrintLanguage, PrintWording> = { en, es };
