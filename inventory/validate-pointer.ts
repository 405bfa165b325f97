/** JSON pointers (RFC 6901): how every inventory problem names its place. */

function escapeSegment(segment: string): string {
  // Fast path: pointers are built for every item of large estates, and almost no segment needs escaping.
  if (!segment.includes("~") && !segment.includes("/")) return segment;
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

function unescapeSegment(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** `pointer("tenants", 2, "id")` → `/tenants/2/id`; `pointer()` → `""` (the root). */
export function pointer(...segments: readonly (string | number)[]): string {
  let result = "";
  for (const segment of segments) result += `/${typeof segment === "number" ? segment : escapeSegment(segment)}`;
  return result;
}

/** Append segments to an existing pointer. */
export function childPointer(base: string, ...segments: readonly (string | number)[]): string {
  return base + pointer(...segments);
}

function segmentsOf(value: string): string[] {
  return value === "" ? [] : value.slice(1).split("/").map(unescapeSegment);
}

/**
 * Whether a problem at `problemPointer` touches what `readPattern` names: one is an
 * ancestor of (or equal to) the other. `*` in the pattern matches any one segment,
 * e.g. `/tenants/*\/id` is touched by `/tenants/3`, `/tenants/3/id` and `""`, but not by
 * `/tenants/3/deliveries/0/region`.
 */
export function pointerTouches(problemPointer: string, readPattern: string): boolean {
  const problem = segmentsOf(problemPointer);
  const pattern = segmentsOf(readPattern);
  const shared = Math.min(problem.length, pattern.length);
  for (let i = 0; i < shared; i++) {
    if (pattern[i] !== "*" && pattern[i] !== problem[i]) return false;
  }
  return true;
}

/**
 * Order of two pointers, segment by segment: keys alphabetically, array indexes as numbers
 * (`/tenants/2` before `/tenants/10`), a parent before its children. Stable output.
 */
export function comparePointers(a: string, b: string): number {
  const left = segmentsOf(a);
  const right = segmentsOf(b);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const [x, y] = [left[i]!, right[i]!];
    if (x === y) continue;
    const numeric = /^\d+$/.test(x) && /^\d+$/.test(y);
    if (numeric) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return left.length - right.length;
}
