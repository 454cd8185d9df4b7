/**
 * cmi5 titles and descriptions come in the package's languages ({ "en-US": "…", "es": "…" }). The
 * page shows the one closest to the reader's language and marks its language for screen readers.
 */
export interface Localized {
  text: string;
  /** The text's language tag (undefined when the package did not say). */
  lang: string | undefined;
}

export function pickLangString(strings: Record<string, string>, locale: string): Localized {
  const entries = Object.entries(strings);
  const base = locale.toLowerCase().split("-")[0];
  const found =
    entries.find(([tag]) => tag.toLowerCase() === locale.toLowerCase()) ??
    entries.find(([tag]) => tag.toLowerCase().split("-")[0] === base) ??
    entries.find(([tag]) => tag === "und") ??
    entries[0];
  if (!found) return { text: "", lang: undefined };
  return { text: found[1], lang: found[0] === "und" ? undefined : found[0] };
}
