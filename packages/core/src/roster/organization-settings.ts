/**
 * An organization's settings, in one resource its admins read and replace:
 * - `mastery`: when a probability of mastery reads as "approaching" and "mastered", and how many
 *   responses a status needs (the learner model classifies every update with these);
 * - `alerts`: the teacher-alert thresholds (stuck, behind, inactive, rapid guessing);
 * - `accommodations`: the accommodations a new learner starts with, and which roles may set them;
 * - `languages`: the interface languages the organization offers (the first is its default).
 * Stored in `organizations.settings` with a version for If-Match. A value stored before a setting
 * existed, or out of range, reads as its documented default, so an old row never breaks a read.
 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import {
  BKT_MASTERY_THRESHOLDS,
  DEFAULT_ALERT_PARAMETERS,
  type AlertParameters,
  type MasteryThresholds,
} from "@pathwise/engine";
import { recordAudit } from "../audit/record-audit.js";
import type { Database } from "../db/open-database.js";
import { organizations } from "../identity/schema.js";
import { assertAdmin } from "../shared/admin.js";
import type { SignedInCtx } from "../shared/context.js";
import { notFound } from "../shared/errors.js";
import { SUPPORTED_LOCALES, type Locale } from "../shared/locales.js";
import { parseInput } from "../shared/validate.js";
import { assertVersion } from "../shared/versioning.js";

export const MasterySettings = z
  .object({
    minEvidence: z.number().int().min(1, "At least 1 response.").max(20),
    approaching: z.number().min(0.3, "Use a probability from 0.3 to 0.99.").max(0.99),
    mastered: z.number().min(0.5, "Use a probability from 0.5 to 0.995.").max(0.995),
  })
  .refine((m) => m.approaching < m.mastered, {
    path: ["approaching"],
    message: "Approaching must be below mastered.",
  });

/** The teacher-alert thresholds a school may change. */
export const AlertSettings = z.object({
  stuckAttempts: z.number().int().min(2).max(50),
  stuckMinimumGain: z.number().min(0).max(1),
  behindDays: z.number().int().min(1).max(365),
  inactiveDays: z.number().int().min(1).max(365),
  rapidSeconds: z.number().positive().max(600),
  rapidWindow: z.number().int().min(1).max(200),
  rapidShare: z.number().gt(0).max(1),
});

export const ACCOMMODATION_SETTERS = ["teacher", "admin"] as const;
export type AccommodationSetter = (typeof ACCOMMODATION_SETTERS)[number];

export const DefaultAccommodations = z.object({
  /** 1 = the usual time; null = no timer. */
  extendedTimeFactor: z.number().min(1, "1 means the usual time.").max(4).nullable(),
  readAloud: z.boolean(),
  reducedChoices: z.boolean(),
  largeText: z.boolean(),
  highContrast: z.boolean(),
  dyslexiaFont: z.boolean(),
  breaks: z.boolean(),
});
export type DefaultAccommodations = z.infer<typeof DefaultAccommodations>;

export const AccommodationsPolicy = z.object({
  defaults: DefaultAccommodations,
  setBy: z
    .array(z.enum(ACCOMMODATION_SETTERS))
    .min(1, "At least one role must be able to set accommodations.")
    .refine((roles) => new Set(roles).size === roles.length, "Name each role once."),
});

export const LanguagesSetting = z
  .array(z.enum(SUPPORTED_LOCALES))
  .min(1, "Offer at least one language.")
  .refine((l) => new Set(l).size === l.length, "Name each language once.");

export const OrganizationSettingsInput = z.object({
  mastery: MasterySettings,
  alerts: AlertSettings,
  accommodations: AccommodationsPolicy,
  languages: LanguagesSetting,
});
export type OrganizationSettingsInput = z.infer<typeof OrganizationSettingsInput>;

export interface OrganizationSettings {
  mastery: { minEvidence: number; approaching: number; mastered: number };
  alerts: AlertParameters;
  accommodations: { defaults: DefaultAccommodations; setBy: AccommodationSetter[] };
  languages: Locale[];
}

export interface OrganizationSettingsView extends OrganizationSettings {
  version: number;
  updatedAt: Date | null;
}

export const DEFAULT_ORGANIZATION_SETTINGS: Readonly<OrganizationSettings> = {
  mastery: {
    minEvidence: BKT_MASTERY_THRESHOLDS.minEvidence,
    approaching: BKT_MASTERY_THRESHOLDS.approaching,
    mastered: BKT_MASTERY_THRESHOLDS.mastered,
  },
  alerts: { ...DEFAULT_ALERT_PARAMETERS },
  accommodations: {
    defaults: {
      extendedTimeFactor: 1,
      readAloud: false,
      reducedChoices: false,
      largeText: false,
      highContrast: false,
      dyslexiaFont: false,
      breaks: false,
    },
    setBy: ["teacher", "admin"],
  },
  languages: [...SUPPORTED_LOCALES],
};

/** Stored settings with each part read on its own: a part missing or invalid reads as its default. */
export function settingsFromStored(stored: Record<string, unknown> | undefined): OrganizationSettings {
  const raw = stored ?? {};
  const d = DEFAULT_ORGANIZATION_SETTINGS;
  const mastery = MasterySettings.safeParse(raw.mastery);
  const policy = AccommodationsPolicy.safeParse(raw.accommodations);
  const languages = LanguagesSetting.safeParse(raw.languages);
  // Alerts predate this resource and were stored field by field: keep each valid field.
  const configured = (raw.alerts ?? {}) as Record<string, unknown>;
  const alerts: AlertParameters = { ...d.alerts };
  for (const key of Object.keys(AlertSettings.shape) as (keyof AlertParameters)[]) {
    const parsed = AlertSettings.shape[key].safeParse(configured[key]);
    if (parsed.success) alerts[key] = parsed.data;
  }
  return {
    mastery: mastery.success ? mastery.data : { ...d.mastery },
    alerts,
    accommodations: policy.success
      ? policy.data
      : { defaults: { ...d.accommodations.defaults }, setBy: [...d.accommodations.setBy] },
    languages: languages.success ? languages.data : [...d.languages],
  };
}

async function storedRow(db: Database, organizationId: string) {
  const [row] = await db
    .select({
      settings: organizations.settings,
      version: organizations.settingsVersion,
      updatedAt: organizations.settingsUpdatedAt,
    })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  return row;
}

/** The settings every part of core reads (no authorization: the caller already acts in this organization). */
export async function organizationSettingsOf(
  db: Database,
  organizationId: string,
): Promise<OrganizationSettings> {
  return settingsFromStored((await storedRow(db, organizationId))?.settings);
}

/** The learner model's thresholds for this organization: the engine's BKT defaults with its mastery settings. */
export async function masteryThresholdsOf(db: Database, organizationId: string): Promise<MasteryThresholds> {
  const { mastery } = await organizationSettingsOf(db, organizationId);
  return { ...BKT_MASTERY_THRESHOLDS, ...mastery };
}

export async function alertParametersOf(db: Database, organizationId: string): Promise<AlertParameters> {
  return (await organizationSettingsOf(db, organizationId)).alerts;
}

/** The interface languages the organization offers, its default first. */
export async function offeredLanguagesOf(db: Database, organizationId: string): Promise<Locale[]> {
  return (await organizationSettingsOf(db, organizationId)).languages;
}

export async function getOrganizationSettings(ctx: SignedInCtx): Promise<OrganizationSettingsView> {
  assertAdmin(ctx);
  const row = await storedRow(ctx.db, ctx.actor.organizationId);
  if (!row) throw notFound("organization");
  return { ...settingsFromStored(row.settings), version: row.version, updatedAt: row.updatedAt };
}

/** Replace the settings (every part, as PUT does), stating the version edited. */
export async function updateOrganizationSettings(
  ctx: SignedInCtx,
  raw: unknown,
  expectedVersion: number | undefined,
): Promise<OrganizationSettingsView> {
  assertAdmin(ctx);
  const input = parseInput(OrganizationSettingsInput, raw, "body");
  const { actor } = ctx;
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx
      .select({ settings: organizations.settings, version: organizations.settingsVersion })
      .from(organizations)
      .where(eq(organizations.id, actor.organizationId))
      .for("update");
    if (!current) throw notFound("organization");
    assertVersion("organization settings", current.version, expectedVersion);
    const before = settingsFromStored(current.settings);
    const version = current.version + 1;
    await tx
      .update(organizations)
      .set({
        settings: { ...current.settings, ...input },
        settingsVersion: version,
        settingsUpdatedAt: now,
      })
      .where(eq(organizations.id, actor.organizationId));
    const changed = (Object.keys(input) as (keyof OrganizationSettingsInput)[]).filter(
      (key) => JSON.stringify(before[key]) !== JSON.stringify(input[key]),
    );
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "organization.settings.update",
      subjectType: "organization",
      subjectId: actor.organizationId,
      details: { version, changed, before: pick(before, changed), after: pick(input, changed) },
      at: now,
    });
    return { ...settingsFromStored(input), version, updatedAt: now };
  });
}

function pick<T extends object>(value: T, keys: (keyof T)[]): Partial<T> {
  return Object.fromEntries(keys.map((k) => [k, value[k]])) as Partial<T>;
}
