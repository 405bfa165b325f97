import type { StagedKey } from "./types";

/** S3 event keys are URL-encoded with `+` for a space (form encoding), unlike RFC 3986. */
export function decodeS3EventKey(encoded: string): string {
  return decodeURIComponent(encoded.replace(/\+/g, " "));
}

export type KeyParseResult =
  { readonly ok: true; readonly key: StagedKey } | { readonly ok: false; readonly reason: string };

/** Splits `<cluster>/<tenant>/<application>/<pod>/<file>`; every segment must be non-empty and not `.`/`..`. */
export function parseStagedKey(key: string): KeyParseResult {
  const parts = key.split("/");
  if (parts.length < 5) {
    return {
      ok: false,
      reason: `key must be <cluster>/<tenant>/<application>/<pod>/<file>, got ${parts.length} segment(s)`,
    };
  }
  const [cluster, tenant, application, pod, ...rest] = parts as [string, string, string, string, ...string[]];
  const segments = { cluster, tenant, application, pod, file: rest.join("/") };
  for (const [name, value] of Object.entries(segments)) {
    if (value === "" || value === "." || value === "..") {
      return { ok: false, reason: `key segment ${name} must not be empty, "." or "..", got ${JSON.stringify(value)}` };
    }
  }
  // The file part becomes part of a tenant's S3 key; a tool that maps keys to paths must not be
  // walked out of its directory by a cluster that stages `…/../../x`.
  const badFilePart = rest.find((part) => part === "" || part === "." || part === "..");
  if (badFilePart !== undefined) {
    return {
      ok: false,
      reason: `key segment file must not contain an empty, "." or ".." part, got ${JSON.stringify(segments.file)}`,
    };
  }
  return { ok: true, key: segments };
}
