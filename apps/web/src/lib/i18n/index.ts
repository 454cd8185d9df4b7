/**
 * Message catalogs (ICU MessageFormat) and the translator built from them. Every user-visible
 * string of the web app comes from these catalogs; English and Spanish are kept complete.
 */
import { IntlMessageFormat } from "intl-messageformat";
import en from "./en.json";
import es from "./es.json";

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;
export type Translate = (key: MessageKey, values?: Record<string, string | number | Date>) => string;

export const catalogs: Record<"en" | "es", Messages> = { en, es };

/**
 * Named date formats for messages (`{at, date, when}`, `{from, date, day}`). They are pinned to UTC
 * so the server's rendering and the browser's agree whatever the machine's time zone, and say so.
 */
const FORMATS = {
  date: {
    when: {
      year: "numeric",
      month: "short",
      day: "numeric",
      hour: "numeric",
      minute: "2-digit",
      timeZone: "UTC",
      timeZoneName: "short",
    },
    day: { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" },
    long: { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" },
  },
} as const;

export function createTranslator(locale: string, messages: Messages): Translate {
  const cache = new Map<string, IntlMessageFormat>();
  return (key, values) => {
    let format = cache.get(key);
    if (!format) {
      format = new IntlMessageFormat(messages[key] ?? key, locale, FORMATS as never);
      cache.set(key, format);
    }
    return String(format.format(values));
  };
}

/** The best supported language for an Accept-Language header, or null. */
export function negotiateLocale(header: string | null, supported: readonly string[]): string | null {
  if (!header) return null;
  const wanted = header
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = Number(params.find((p) => p.trim().startsWith("q="))?.split("=")[1] ?? 1);
      return { tag: tag.toLowerCase(), q: Number.isFinite(q) ? q : 0 };
    })
    .filter((w) => w.tag && w.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of wanted) {
    const base = tag.split("-")[0] ?? "";
    if (supported.includes(base)) return base;
  }
  return null;
}
