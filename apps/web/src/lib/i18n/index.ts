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

export function createTranslator(locale: string, messages: Messages): Translate {
  const cache = new Map<string, IntlMessageFormat>();
  return (key, values) => {
    let format = cache.get(key);
    if (!format) {
      format = new IntlMessageFormat(messages[key] ?? key, locale);
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
