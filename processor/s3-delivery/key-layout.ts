import type { StagedKey } from "../events/types";

/**
 * Key layout in the customer's bucket: `<prefix><cluster>/<application>/<pod>/<file>`.
 * The tenant segment is dropped (the bucket is the tenant's own); the cluster
 * stays because one tenant may run on several clusters.
 */
export function customerObjectKey(prefix: string | undefined, key: StagedKey): string {
  return `${prefix ?? ""}${key.cluster}/${key.application}/${key.pod}/${key.file}`;
}
