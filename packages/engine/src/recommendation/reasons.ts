/**
 * The plain-language reasons the engine gives for its decisions, as ICU messages in English and
 * Spanish. A `Decision.reason` stores a message id and its values; `renderReason` turns it into a
 * sentence in the reader's language. Every id must exist in every language (a test checks).
 */
import { IntlMessageFormat } from "intl-messageformat";
import type { DecisionReason } from "../decision.js";

export type ReasonLocale = "en" | "es";

export const REASON_LOCALES: readonly ReasonLocale[] = ["en", "es"];

export const REASON_MESSAGES: Record<ReasonLocale, Record<string, string>> = {
  en: {
    "board.learn-new":
      "You are ready for {competency}: you have mastered {prerequisiteCount, plural, =0 {what it builds on} one {its # prerequisite} other {all # prerequisites}}.{interest, select, none {} other { This one is about {interest}.}}",
    "board.practice":
      "More practice on {competency} will help: the estimate that you have mastered it is {percent}% after {attempts, plural, one {# attempt} other {# attempts}}.{interest, select, none {} other { This one is about {interest}.}}",
    "board.review":
      "{why, select, due {Time to review {competency} so it stays fresh.} other {You recently mastered {competency}; a short review makes it stick.}}{interest, select, none {} other { This one is about {interest}.}}",
    "board.pick":
      "You chose {competency} from the {options, plural, one {# option} other {# options}} on your board.",
    "plan.item": "{competency} is step {position} toward your goal, about {minutes} minutes of work.",
    "plan.replanned":
      "Your plan was updated with your newest work: {count, plural, =0 {the way Pathwise estimates what you know changed} one {# new piece of evidence} other {# new pieces of evidence}} since it was made. Pins, skips and this week's commitments were kept.",
    "plan.pinned": "{competency} is in the plan because {actor} pinned it: {note}",
    "plan.skipped": "{competency} is left out because {actor} skipped it: {note}",
    "plan.pace":
      "{status, select, ahead {You are {days, plural, one {# day} other {# days}} ahead of schedule.} behind {You are {days, plural, one {# day} other {# days}} behind schedule.} other {You are on track.}} At {minutesPerWeek} minutes a week you should finish on {finish}.",
    "group.next-step":
      "These learners are all ready to work on {competency}; {activity, select, none {no activity for it works in every member's language yet.} other {suggested activity: {activity}.}}",
    "alert.stuck": "{attempts} attempts on {competency} without gain (mastery estimate {percent}%).",
    "alert.behind-pace": "Behind the plan by {days, plural, one {# day} other {# days}}.",
    "alert.inactive": "No activity for {days, plural, one {# day} other {# days}}.",
    "alert.rapid-guessing": "{count} of the last {total} answers came in under {seconds} seconds each.",
  },
  es: {
    "board.learn-new":
      "Estás listo para {competency}: ya dominas {prerequisiteCount, plural, =0 {lo que necesita} one {su requisito previo} other {sus # requisitos previos}}.{interest, select, none {} other { Esta actividad trata de {interest}.}}",
    "board.practice":
      "Practicar más {competency} te ayudará: la estimación de que lo dominas es {percent} % tras {attempts, plural, one {# intento} other {# intentos}}.{interest, select, none {} other { Esta actividad trata de {interest}.}}",
    "board.review":
      "{why, select, due {Es momento de repasar {competency} para no olvidarlo.} other {Dominaste {competency} hace poco; un repaso breve lo afianza.}}{interest, select, none {} other { Esta actividad trata de {interest}.}}",
    "board.pick":
      "Elegiste {competency} entre {options, plural, one {la # opción} other {las # opciones}} de tu tablero.",
    "plan.item": "{competency} es el paso {position} hacia tu meta, unos {minutes} minutos de trabajo.",
    "plan.replanned":
      "Tu plan se actualizó con tu trabajo más reciente: {count, plural, =0 {cambió la forma en que Pathwise estima lo que sabes} one {# evidencia nueva} other {# evidencias nuevas}} desde que se hizo. Se mantuvieron los pasos fijados, los omitidos y los compromisos de esta semana.",
    "plan.pinned": "{competency} está en el plan porque {actor} lo fijó: {note}",
    "plan.skipped": "{competency} queda fuera porque {actor} lo omitió: {note}",
    "plan.pace":
      "{status, select, ahead {Vas {days, plural, one {# día} other {# días}} adelantado.} behind {Vas {days, plural, one {# día} other {# días}} atrasado.} other {Vas al día.}} Con {minutesPerWeek} minutos por semana terminarías el {finish}.",
    "group.next-step":
      "Todos estos estudiantes están listos para trabajar {competency}; {activity, select, none {todavía no hay una actividad en el idioma de todos.} other {actividad sugerida: {activity}.}}",
    "alert.stuck": "{attempts} intentos en {competency} sin avance (estimación de dominio {percent} %).",
    "alert.behind-pace": "Atrasado respecto al plan por {days, plural, one {# día} other {# días}}.",
    "alert.inactive": "Sin actividad durante {days, plural, one {# día} other {# días}}.",
    "alert.rapid-guessing":
      "{count} de las últimas {total} respuestas llegaron en menos de {seconds} segundos cada una.",
  },
};

/** Compiled messages, by locale and message id: compiling costs more than formatting. */
const compiled = new Map<string, IntlMessageFormat>();

/** The reason as a sentence in `locale`; throws for an unknown message id. */
export function renderReason(reason: DecisionReason, locale: ReasonLocale): string {
  const key = `${locale}\u0000${reason.messageId}`;
  let format = compiled.get(key);
  if (!format) {
    const template = REASON_MESSAGES[locale][reason.messageId];
    if (template === undefined) throw new Error(`no "${locale}" message for reason "${reason.messageId}"`);
    compiled.set(key, (format = new IntlMessageFormat(template, locale)));
  }
  return String(format.format(reason.values));
}
