/**
 * What changed between two inventories, entity by entity: the words of each stack's reason line.
 * Compared after defaults are applied, so writing a default out explicitly is no change.
 */
import type { ResolvedInventory } from "../inventory/resolved";

/** What an inventory change is about: one tenant, cluster or region, or the whole estate. */
export type ChangeSubject =
  | { readonly kind: "tenant"; readonly id: string }
  | { readonly kind: "cluster"; readonly id: string }
  | { readonly kind: "region"; readonly id: string }
  | { readonly kind: "estate" };

export interface InventoryChange {
  readonly subject: ChangeSubject;
  /** One phrase, e.g. `tenant hooli added`, `tenant globex: ExternalId rotated`. */
  readonly summary: string;
}

/** Field names people say differently than they are spelled. */
const FIELD_PHRASES: Readonly<Record<string, string>> = {
  externalId: "ExternalId rotated",
  acceptedExternalIds: "accepted ExternalIds changed",
};

function changedFields(base: object, head: object): string[] {
  const before = base as Record<string, unknown>;
  const after = head as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
}

function fieldsPhrase(fields: readonly string[]): string {
  const phrased = fields.filter((field) => field in FIELD_PHRASES).map((field) => FIELD_PHRASES[field]!);
  const plain = fields.filter((field) => !(field in FIELD_PHRASES));
  return [...phrased, ...(plain.length > 0 ? [`${plain.join(", ")} changed`] : [])].join(", ");
}

function entityChanges<T extends { readonly id: string }>(
  kind: "tenant" | "cluster",
  base: readonly T[],
  head: readonly T[],
): InventoryChange[] {
  const before = new Map(base.map((entity) => [entity.id, entity]));
  const after = new Map(head.map((entity) => [entity.id, entity]));
  const changes: InventoryChange[] = [];
  for (const [id, entity] of after) {
    const old = before.get(id);
    if (old === undefined) changes.push({ subject: { kind, id }, summary: `${kind} ${id} added` });
    else {
      const fields = changedFields(old, entity);
      if (fields.length > 0) changes.push({ subject: { kind, id }, summary: `${kind} ${id}: ${fieldsPhrase(fields)}` });
    }
  }
  for (const id of before.keys()) {
    if (!after.has(id)) changes.push({ subject: { kind, id }, summary: `${kind} ${id} removed` });
  }
  return changes;
}

function onlyRegions<T>(byRegion: Readonly<Record<string, T>>, regions: readonly string[]): Record<string, T> {
  return Object.fromEntries(regions.map((region) => [region, byRegion[region]!]));
}

export function diffInventories(base: ResolvedInventory, head: ResolvedInventory): InventoryChange[] {
  const estate = (summary: string): InventoryChange => ({ subject: { kind: "estate" }, summary });
  // `tfc` is derived from central.backend, which is compared below.
  const { tenants: _bt, clusters: _bc, central: baseCentral, tfc: _bf, ...baseTop } = base;
  const { tenants: _ht, clusters: _hc, central: headCentral, tfc: _hf, ...headTop } = head;
  const { regions: baseRegions, ...baseCentralRest } = baseCentral;
  const { regions: headRegions, ...headCentralRest } = headCentral;
  // The resolver gives every region a deploy role entry: an added or removed region is reported
  // as such, not also as a regionDeployRoleArns change.
  const kept = headRegions.filter((region) => baseRegions.includes(region));
  const baseSettings = {
    ...baseCentralRest,
    regionDeployRoleArns: onlyRegions(baseCentral.regionDeployRoleArns, kept),
  };
  const headSettings = {
    ...headCentralRest,
    regionDeployRoleArns: onlyRegions(headCentral.regionDeployRoleArns, kept),
  };
  return [
    ...changedFields(baseTop, headTop).map((field) => estate(`${field} changed`)),
    ...changedFields(baseSettings, headSettings).map((field) => estate(`central.${field} changed`)),
    ...headRegions
      .filter((region) => !baseRegions.includes(region))
      .map((id): InventoryChange => ({ subject: { kind: "region", id }, summary: `region ${id} added` })),
    ...baseRegions
      .filter((region) => !headRegions.includes(region))
      .map((id): InventoryChange => ({ subject: { kind: "region", id }, summary: `region ${id} removed` })),
    ...entityChanges("tenant", base.tenants, head.tenants),
    ...entityChanges("cluster", base.clusters, head.clusters),
  ];
}

/**
 * Whether a change can explain a stack's JSON changing. Shared stacks (bootstrap, regions,
 * central) carry every tenant and cluster; a customer stack only its own tenant; a cluster stack
 * its own cluster and the tenants it routes. Region and estate changes reach every stack.
 */
export function explains(change: InventoryChange, stack: { readonly kind: string; readonly entity?: string }): boolean {
  const subject = change.subject;
  if (subject.kind === "estate" || subject.kind === "region") return true;
  if (stack.kind === "customer") return subject.kind === "tenant" && subject.id === stack.entity;
  if (stack.kind === "cluster") return subject.kind === "tenant" || subject.id === stack.entity;
  return true;
}
