import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { IntlMessageFormat } from "intl-messageformat";
import { parse } from "svelte/compiler";
import { describe, expect, it } from "vitest";
import { catalogs, createTranslator, negotiateLocale, type MessageKey } from "./index.js";

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function filesUnder(dir: string, pattern: RegExp, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) filesUnder(full, pattern, out);
    else if (pattern.test(name) && !name.endsWith(".test.ts")) out.push(full);
  }
  return out;
}

/** The ICU argument names a message uses (`{name}`, `{count, plural, …}`). */
function argumentsOf(message: string): string[] {
  const names = new Set<string>();
  const walk = (elements: unknown[]) => {
    for (const el of elements as {
      type: number;
      value?: string;
      options?: Record<string, { value: unknown[] }>;
    }[]) {
      if (el.type !== 0 && el.type !== 7 && el.value) names.add(el.value);
      for (const option of Object.values(el.options ?? {})) walk(option.value);
    }
  };
  walk(new IntlMessageFormat(message, "en").getAst());
  return [...names].sort();
}

describe("message catalogs", () => {
  const keys = Object.keys(catalogs.en).sort();

  it("have the same keys in English and Spanish, none of them empty", () => {
    expect(Object.keys(catalogs.es).sort()).toEqual(keys);
    for (const [locale, messages] of Object.entries(catalogs)) {
      for (const [key, value] of Object.entries(messages))
        expect(value.trim(), `${locale} ${key}`).not.toBe("");
    }
  });

  it("use the same arguments in both languages", () => {
    for (const key of keys as MessageKey[]) {
      expect(argumentsOf(catalogs.es[key]), key).toEqual(argumentsOf(catalogs.en[key]));
    }
  });

  it("contain every key the code asks for, and no key the code never uses", () => {
    const code = filesUnder(src, /\.(svelte|ts)$/)
      .map((f) => readFileSync(f, "utf8"))
      .join("\n");
    const used = new Set(
      [
        ...code.matchAll(/\bt\(\s*"([a-zA-Z0-9_.]+)"/g),
        ...code.matchAll(/"((?:errors|error)\.[a-zA-Z]+)"/g),
      ].map((m) => m[1]!),
    );
    const missing = [...used].filter((key) => !(key in catalogs.en));
    expect(missing).toEqual([]);
    const unused = keys.filter((key) => !used.has(key) && !code.includes(`"${key}"`));
    expect(unused).toEqual([]);
  });

  it("format plurals, selects and numbers by locale", () => {
    const en = createTranslator("en", catalogs.en);
    const es = createTranslator("es", catalogs.es);
    expect(en("teacher.learnerCount", { count: 1 })).toBe("1 learner");
    expect(en("teacher.learnerCount", { count: 1200 })).toBe("1,200 learners");
    expect(es("teacher.learnerCount", { count: 1200 })).toBe("1200 estudiantes");
    expect(es("family.relationship", { relationship: "legal_guardian" })).toBe(
      "Figuras como su tutor legal.",
    );
  });
});

describe("components", () => {
  const VISIBLE_ATTRIBUTES = new Set(["aria-label", "aria-description", "title", "alt", "placeholder"]);

  /** Literal words in markup (text nodes and visible attributes), which would escape translation. */
  function literalText(file: string): string[] {
    const ast = parse(readFileSync(file, "utf8"), { modern: true });
    const found: string[] = [];
    const visit = (node: unknown): void => {
      if (!node || typeof node !== "object") return;
      if (Array.isArray(node)) return node.forEach(visit);
      const n = node as { type?: string; name?: string; data?: string; value?: unknown };
      if (n.type === "Attribute" && !VISIBLE_ATTRIBUTES.has(n.name ?? "")) return;
      if (n.type === "Text" && /\p{L}/u.test(n.data ?? "")) found.push(n.data!.trim());
      for (const [key, value] of Object.entries(node)) if (key !== "parent") visit(value);
    };
    visit(ast.fragment);
    return found;
  }

  it("show no words that are not from the catalogs", () => {
    const offenders = filesUnder(src, /\.svelte$/).flatMap((file) =>
      literalText(file).map((text) => `${path.relative(src, file)}: "${text}"`),
    );
    expect(offenders).toEqual([]);
  });
});

describe("negotiateLocale", () => {
  it("picks the best supported language from Accept-Language", () => {
    expect(negotiateLocale("es-MX,es;q=0.9,en;q=0.5", ["en", "es"])).toBe("es");
    expect(negotiateLocale("fr-FR, en;q=0.3", ["en", "es"])).toBe("en");
    expect(negotiateLocale("de, fr", ["en", "es"])).toBeNull();
    expect(negotiateLocale(null, ["en", "es"])).toBeNull();
  });
});
