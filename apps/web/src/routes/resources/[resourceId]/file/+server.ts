/**
 * A resource's uploaded file, for whoever may see the resource (core's policies: its authors, and
 * learners whose classes cover its competencies; anyone else gets "not found"). Documents, images,
 * audio and video open in the browser; other accepted kinds are downloaded.
 */
import { getResourceFile, opensInBrowser } from "@pathwise/core";
import { idOrNotFound } from "$lib/server/forms.js";
import { requireSignedIn } from "$lib/server/guards.js";
import { pageErrorFrom } from "$lib/server/page-errors.js";
import type { RequestHandler } from "./$types";

export const GET: RequestHandler = async ({ locals, params }) => {
  const ctx = await requireSignedIn(locals);
  const file = await getResourceFile(ctx, idOrNotFound(params.resourceId)).catch(pageErrorFrom);
  const disposition = opensInBrowser(file.contentType) ? "inline" : "attachment";
  const ascii = file.name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return new Response(file.bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      "content-type": file.contentType.startsWith("text/")
        ? `${file.contentType}; charset=utf-8`
        : file.contentType,
      "content-disposition": `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      "content-length": String(file.bytes.byteLength),
      "x-content-type-options": "nosniff",
      // Only people who may see the resource get it: no shared cache keeps a copy.
      "cache-control": "private, no-store",
    },
  });
};
