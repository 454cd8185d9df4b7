/** Hands the current translator to every component; follows language changes without a reload. */
import { getContext, setContext } from "svelte";
import type { Translate } from "./index.js";

const KEY = Symbol("i18n");

export function provideTranslator(current: () => Translate): void {
  setContext(KEY, current);
}

export function useTranslator(): Translate {
  const current = getContext<() => Translate>(KEY);
  return (key, values) => current()(key, values);
}
