/** Rules on identities: tenant and cluster ids, and the tenants' ExternalIds. */
import { pointer } from "../validate-pointer";
import type { InventoryRule } from "./types";
import { repeats } from "./walk";

/** Ids of `collection` are unique; each repeat points at the first use. */
function uniqueIds(collection: "tenants" | "clusters", noun: string, why: string): InventoryRule {
  return {
    id: `loghop:inventory:unique-${noun}-ids`,
    description: `${noun[0]!.toUpperCase()}${noun.slice(1)} ids are unique (${why}).`,
    severity: "error",
    reads: [`/${collection}/*/id`],
    check: (inventory) =>
      repeats(
        inventory[collection].map((item, i) => [pointer(collection, i, "id"), item.id] as const),
        (id, firstAt) => `duplicate ${noun} id "${id}" (first used at ${firstAt}); ${noun} ids must be unique`,
      ),
  };
}

const uniqueTenantIds = uniqueIds("tenants", "tenant", "they name IAM roles, S3 key segments and stacks");
const uniqueClusterIds = uniqueIds(
  "clusters",
  "cluster",
  "they prefix staged object keys and name IAM roles and stacks",
);

/**
 * Each tenant's ExternalId is its own secret: a shared one lets one customer's role be
 * assumed on behalf of another (the confused deputy), and one containing an account id is
 * guessable — the design this replaces used the central account id for every tenant.
 */
const uniqueExternalIds: InventoryRule = {
  id: "loghop:inventory:unique-external-ids",
  description: "ExternalIds are unique per tenant and do not contain an AWS account id.",
  severity: "error",
  reads: [
    "/tenants/*/externalId",
    "/tenants/*/acceptedExternalIds",
    "/tenants/*/accountId",
    "/central/accountId",
    "/clusters/*/accountId",
  ],
  check: (inventory) => {
    // Ids a role accepts during a rotation count too: no tenant may ever accept another's id.
    const externalIds = inventory.tenants.flatMap((tenant, t) => [
      [pointer("tenants", t, "externalId"), tenant.externalId] as const,
      ...(tenant.acceptedExternalIds ?? []).map(
        (id, i) => [pointer("tenants", t, "acceptedExternalIds", i), id] as const,
      ),
    ]);
    const duplicates = repeats(
      externalIds,
      (_, firstAt) =>
        `externalId is already used at ${firstAt}; each tenant needs its own (generate one with \`loghop external-id\`)`,
    );
    const accounts = new Set([
      inventory.central.accountId,
      ...inventory.tenants.map((tenant) => tenant.accountId),
      ...inventory.clusters.map((cluster) => cluster.accountId),
    ]);
    const guessable = externalIds.flatMap(([path, externalId]) => {
      // Every 12-digit run inside the ExternalId (overlapping), looked up in the set of account ids.
      const runs = /[0-9]{12}/.test(externalId)
        ? [...externalId.matchAll(/(?=([0-9]{12}))/g)].map((match) => match[1] ?? "")
        : [];
      const account = runs.find((run) => accounts.has(run));
      return account === undefined
        ? []
        : [
            {
              path,
              message: `externalId contains the account id ${account}, which makes it guessable; use a random one (\`loghop external-id\`)`,
            },
          ];
    });
    return [...duplicates, ...guessable];
  },
};

export const identityRules: readonly InventoryRule[] = [uniqueTenantIds, uniqueClusterIds, uniqueExternalIds];
