import { redirect } from "@sveltejs/kit";
import {
  addArtifact,
  claimCompetency,
  listArtifacts,
  listClaims,
  listMyCompetencies,
  reviseClaim,
  shareArtifact,
} from "@pathwise/core";
import { failFrom, field, idOrNotFound } from "$lib/server/forms.js";
import { requireRole } from "$lib/server/guards.js";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ locals, url }) => {
  const ctx = await requireRole(locals, "learner");
  const learnerId = ctx.actor.userId;
  const [artifacts, claims, classes] = await Promise.all([
    listArtifacts(ctx, learnerId, { limit: 200 }),
    listClaims(ctx, learnerId),
    listMyCompetencies(ctx),
  ]);
  const seen = new Set<string>();
  const competencies = classes
    .flatMap((c) => c.competencies.filter((k) => !c.competencies.some((other) => other.parentId === k.id)))
    .filter((k) => !seen.has(k.id) && seen.add(k.id))
    .map((k) => ({ id: k.id, code: k.humanCodingScheme, statement: k.statement }));
  return {
    artifacts: artifacts.items.map((a) => ({
      id: a.id,
      title: a.title,
      description: a.description,
      url: a.url,
      text: a.text,
      competencyIds: a.competencyIds,
      visibleToGuardians: a.visibleToGuardians,
      createdAt: a.createdAt,
    })),
    claims: claims.map((c) => ({
      id: c.id,
      competencyId: c.competencyId,
      statement: c.statement,
      artifactIds: c.artifactIds,
      status: c.status,
      teacherResponse: c.teacherResponse,
      createdAt: c.createdAt,
    })),
    competencies,
    done: url.searchParams.get("done"),
  };
};

const checked = (form: FormData, name: string) =>
  form.getAll(name).filter((v): v is string => typeof v === "string");

export const actions: Actions = {
  add: async ({ locals, request }) => {
    const ctx = await requireRole(locals, "learner");
    const form = await request.formData();
    const values = {
      title: field(form, "title"),
      description: field(form, "description"),
      url: field(form, "url"),
      text: field(form, "text"),
    };
    try {
      await addArtifact(ctx, ctx.actor.userId, {
        title: values.title,
        description: values.description,
        url: values.url.trim() || undefined,
        text: values.text.trim() ? values.text : undefined,
        competencyIds: checked(form, "competencyIds"),
        visibleToGuardians: form.get("visibleToGuardians") === "on",
      });
    } catch (cause) {
      return failFrom(
        cause,
        "add",
        null,
        values,
        {
          title: "portfolio.titleMissing",
          url: "portfolio.urlOrText",
          competencyIds: "portfolio.competencyUnknown",
        },
        "portfolio.addFailed",
      );
    }
    redirect(303, "/learner/portfolio?done=added");
  },
  share: async ({ locals, request }) => {
    const ctx = await requireRole(locals, "learner");
    const form = await request.formData();
    const artifactId = idOrNotFound(field(form, "artifactId"));
    const visibleToGuardians = field(form, "visibleToGuardians") === "true";
    try {
      await shareArtifact(ctx, artifactId, { visibleToGuardians });
    } catch (cause) {
      return failFrom(cause, "share", artifactId, {}, {}, "portfolio.shareFailed");
    }
    redirect(303, `/learner/portfolio?done=${visibleToGuardians ? "shared" : "unshared"}`);
  },
  claim: async ({ locals, request }) => {
    const ctx = await requireRole(locals, "learner");
    const form = await request.formData();
    const values = { competencyId: field(form, "competencyId"), statement: field(form, "statement") };
    try {
      await claimCompetency(ctx, ctx.actor.userId, {
        competencyId: values.competencyId,
        statement: values.statement,
        artifactIds: checked(form, "artifactIds"),
      });
    } catch (cause) {
      return failFrom(
        cause,
        "claim",
        null,
        values,
        {
          competencyId: "portfolio.claimCompetencyMissing",
          statement: "portfolio.claimStatementShort",
          artifactIds: "portfolio.claimArtifactsMissing",
          conflict: "portfolio.claimAlreadyOpen",
        },
        "portfolio.claimFailed",
      );
    }
    redirect(303, "/learner/portfolio?done=claimed");
  },
  revise: async ({ locals, request }) => {
    const ctx = await requireRole(locals, "learner");
    const form = await request.formData();
    const claimId = idOrNotFound(field(form, "claimId"));
    const values = { statement: field(form, "statement") };
    try {
      await reviseClaim(ctx, claimId, {
        statement: values.statement,
        artifactIds: checked(form, "artifactIds"),
      });
    } catch (cause) {
      return failFrom(
        cause,
        "revise",
        claimId,
        values,
        {
          statement: "portfolio.claimStatementShort",
          artifactIds: "portfolio.claimArtifactsMissing",
          conflict: "portfolio.reviseNotNow",
        },
        "portfolio.claimFailed",
      );
    }
    redirect(303, "/learner/portfolio?done=revised");
  },
};
