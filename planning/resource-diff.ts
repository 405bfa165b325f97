/**
 * What changed inside one stack's Terraform JSON, by address (`aws_iam_role.delivery`,
 * `data.aws_iam_policy_document.trust`, `output.role_arn`): the evidence under each reason line.
 */

export interface ResourceChanges {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly string[];
  /** Top-level blocks other than resources, data sources and outputs that changed (`terraform`, `provider`, …). */
  readonly settings: readonly string[];
}

type Json = Record<string, unknown>;

/** Blocks whose entries are `<type>.<name>` addresses. */
const TYPED_BLOCKS: Readonly<Record<string, string>> = { resource: "", data: "data." };
/** cdktf's own metadata: not something Terraform acts on. */
const METADATA_KEY = "//";

function addresses(json: Json): Map<string, string> {
  const found = new Map<string, string>();
  for (const [block, addressPrefix] of Object.entries(TYPED_BLOCKS)) {
    const types = (json[block] ?? {}) as Record<string, Json>;
    for (const [type, byName] of Object.entries(types)) {
      for (const [name, body] of Object.entries(byName)) {
        found.set(`${addressPrefix}${type}.${name}`, JSON.stringify(body));
      }
    }
  }
  for (const [name, body] of Object.entries((json["output"] ?? {}) as Json)) {
    found.set(`output.${name}`, JSON.stringify(body));
  }
  return found;
}

/** Changes from `baseText` (undefined: a new stack) to `headText`, each list sorted. */
export function resourceChanges(baseText: string | undefined, headText: string): ResourceChanges {
  const base = (baseText === undefined ? {} : JSON.parse(baseText)) as Json;
  const head = JSON.parse(headText) as Json;
  const before = addresses(base);
  const after = addresses(head);
  const added = [...after.keys()].filter((address) => !before.has(address));
  const removed = [...before.keys()].filter((address) => !after.has(address));
  const changed = [...after.keys()].filter(
    (address) => before.has(address) && before.get(address) !== after.get(address),
  );
  // A new stack's settings (backend, providers) are part of it being new, not a change to report.
  const blocks = new Set(baseText === undefined ? [] : [...Object.keys(base), ...Object.keys(head)]);
  const settings = [...blocks].filter(
    (block) =>
      block !== METADATA_KEY &&
      block !== "output" &&
      !(block in TYPED_BLOCKS) &&
      JSON.stringify(base[block]) !== JSON.stringify(head[block]),
  );
  return { added: added.sort(), removed: removed.sort(), changed: changed.sort(), settings: settings.sort() };
}

/** How many addresses a summary names before "+N more". */
const NAMED_PER_KIND = 3;

function named(kind: string, list: readonly string[]): string[] {
  if (list.length === 0) return [];
  const shown = list.slice(0, NAMED_PER_KIND).join(", ");
  const more = list.length > NAMED_PER_KIND ? `, +${list.length - NAMED_PER_KIND} more` : "";
  return [`${list.length} ${kind} (${shown}${more})`];
}

/** One line, e.g. `1 added (aws_iam_role.delivery-role), 2 changed (aws_dynamodb_table_item.tenant-shard-1-0, aws_iam_policy.assume-tenants-1)`. */
export function summarizeResourceChanges(changes: ResourceChanges): string {
  const parts = [
    ...named("added", changes.added),
    ...named("changed", changes.changed),
    ...named("removed", changes.removed),
    ...(changes.settings.length > 0 ? [`settings changed (${changes.settings.join(", ")})`] : []),
  ];
  return parts.length > 0 ? parts.join(", ") : "metadata only";
}
