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
  return { ok: true, key: segments };
}
