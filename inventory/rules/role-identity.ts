/**
 * What "the same role" means to IAM, and the roles loghop or its deployers own: shared by the rules
 * that must keep a role named in the inventory (a tenant's delivery role, an external worker's
 * role, a stack's deploy role) from being another one in disguise.
 */
import { centralNames, customerRoleName, parseRoleArn, vectorRoleName } from "../names";
import type { Inventory } from "../types";
import { pointer } from "../validate-pointer";

/** Role names loghop creates itself: a tenant's own role may not take one (IAM compares names case-insensitively). */
export function generatedRoleNames(inventory: Inventory, exceptTenant: number): Map<string, string> {
  const { prefix } = inventory;
  const names = new Map<string, string>();
  inventory.tenants.forEach((tenant, t) => {
    if (t !== exceptTenant)
      names.set(customerRoleName(prefix, tenant.id).toLowerCase(), `tenant ${tenant.id}'s delivery role`);
  });
  names.set(centralNames.centralRole(prefix).toLowerCase(), "the central distribution role");
  for (const region of inventory.central.regions) {
    names.set(centralNames.processorRole(prefix, region).toLowerCase(), `the ${region} processor role`);
  }
  for (const cluster of inventory.clusters) {
    names.set(vectorRoleName(prefix, cluster.id).toLowerCase(), `cluster ${cluster.id}'s Vector role`);
  }
  return names;
}

/**
 * IAM identifies a role by account and name, ignoring case and path (two roles in one account
 * cannot share a name), so that is what "the same role" means here.
 */
export function roleIdentity(arn: string): string {
  const { accountId, name } = parseRoleArn(arn);
  return `${accountId}:${name.toLowerCase()}`;
}

/** The inventory's deploy roles by identity: Terraform's power in an account, never a delivery role. */
export function deployRoles(inventory: Inventory): Map<string, string> {
  const { central } = inventory;
  const roles: [string | undefined, string][] = [
    [central.deployRoleArn, "/central/deployRoleArn"],
    ...Object.entries(central.regionDeployRoleArns ?? {}).map(
      ([region, arn]) => [arn, pointer("central", "regionDeployRoleArns", region)] as [string, string],
    ),
    ...inventory.tenants.map(
      (t, i) => [t.deployRoleArn, pointer("tenants", i, "deployRoleArn")] as [string | undefined, string],
    ),
    ...inventory.clusters.map(
      (c, i) => [c.deployRoleArn, pointer("clusters", i, "deployRoleArn")] as [string | undefined, string],
    ),
  ];
  return new Map(roles.flatMap(([arn, at]) => (arn === undefined ? [] : [[roleIdentity(arn), at] as const])));
}
