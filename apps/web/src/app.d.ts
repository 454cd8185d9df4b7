// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Actor, Locale } from "@pathwise/core";

declare global {
  namespace App {
    interface Locals {
      actor: Actor | null;
      locale: Locale;
      /** The interface languages offered here: the signed-in person's organization's, or all. */
      languages: Locale[];
      sessionToken: string | null;
    }
    interface Error {
      message: string;
      code?: string;
    }
  }
}

export {};
