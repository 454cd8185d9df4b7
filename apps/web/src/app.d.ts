// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Actor, Locale } from "@pathwise/core";

declare global {
  namespace App {
    interface Locals {
      actor: Actor | null;
      locale: Locale;
      sessionToken: string | null;
    }
    interface Error {
      message: string;
      code?: string;
    }
  }
}

export {};
