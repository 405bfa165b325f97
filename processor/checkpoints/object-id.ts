import type { StagedObjectRef } from "../events/types";

/**
 * `<bucket>/<key>#<versionId or etag>`: one id per object VERSION, so an
 * overwritten key is new work while a redelivered event is not.
 */
export function checkpointObjectId(ref: Pick<StagedObjectRef, "bucket" | "key" | "versionId" | "eTag">): string {
  const version = ref.versionId ?? ref.eTag ?? "unversioned";
  return `${ref.bucket}/${ref.key}#${version}`;
}
