/**
 * The files of packaged courses, as the launched AU's browser window asks for them
 * (`/cmi5/content/<packageId>/<path>`). The package id is a random UUID that only launch URLs
 * carry; files of superseded versions are no longer served.
 */
import { and, eq } from "drizzle-orm";
import { isXapiUuid } from "@pathwise/standards";
import type { Database } from "../db/open-database.js";
import { cmi5PackageFiles } from "./schema.js";

export async function readCmi5PackageFile(
  db: Database,
  packageId: string,
  path: string,
): Promise<{ contentType: string; content: Uint8Array } | null> {
  if (!isXapiUuid(packageId)) return null;
  const [file] = await db
    .select({ contentType: cmi5PackageFiles.contentType, content: cmi5PackageFiles.content })
    .from(cmi5PackageFiles)
    .where(and(eq(cmi5PackageFiles.packageId, packageId.toLowerCase()), eq(cmi5PackageFiles.path, path)));
  return file ?? null;
}
