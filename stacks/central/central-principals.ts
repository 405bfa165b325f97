/** Who the central role trusts and whom it may assume, as data (no cdktf: `loghop validate` measures them). */
import { policyDocument, type PolicyDocument, type PolicyStatement } from "../common/policy-documents";
import {
  accountRootArn,
  centralNames,
  customerRoleArn,
  processorRolePath,
  processorWorkerRoleArn,
  roleArn,
} from "../../inventory/names";
import { regionParts } from "../../inventory/processor-mode";
import type { ResolvedInventory } from "../../inventory/resolved";
import type { CentralAssumeTargets } from "./assume-policies";

/** The processor Lambdas' execution roles, one per region: none unless the regions run a Lambda. */
function processorRoleArns(inventory: ResolvedInventory): string[] {
  if (!regionParts(inventory.central.processor.mode).lambda) return [];
  const accountId = inventory.central.accountId;
  return inventory.central.regions.map((region) =>
    roleArn(accountId, centralNames.processorRole(inventory.prefix, region), processorRolePath(inventory.prefix)),
  );
}

/**
 * The in-cluster workers' IRSA roles (region stacks), one per cluster with `processorWorker`;
 * none in shape `none`, which has no queues and creates no worker role (rule processor-worker-mode).
 */
function clusterWorkerRoleArns(inventory: ResolvedInventory): string[] {
  if (!regionParts(inventory.central.processor.mode).queues) return [];
  return inventory.clusters
    .filter((cluster) => cluster.processorWorker !== undefined)
    .map((cluster) => processorWorkerRoleArn(inventory.prefix, inventory.central.accountId, cluster.id));
}

function isLoghopNamed(inventory: ResolvedInventory, tenant: ResolvedInventory["tenants"][number]): boolean {
  return tenant.deliveryRoleArn === customerRoleArn(inventory.prefix, tenant.accountId, tenant.id);
}

/**
 * What the central role's AssumeRole policies must say beyond the loghop name pattern: the enabled
 * tenants' own roles (allowed one by one) and the disabled tenants' loghop-named roles (denied one
 * by one: a disabled tenant's role is not assumable until it is enabled again, which is a deploy
 * anyway — its tenant configuration changes).
 */
export function centralAssumeTargets(inventory: ResolvedInventory): CentralAssumeTargets {
  return {
    prefix: inventory.prefix,
    tenantOwnedRoleArns: inventory.tenants
      .filter((tenant) => tenant.enabled && !isLoghopNamed(inventory, tenant))
      .map((tenant) => tenant.deliveryRoleArn),
    disabledLoghopRoleArns: inventory.tenants
      .filter((tenant) => !tenant.enabled && isLoghopNamed(inventory, tenant))
      .map((tenant) => tenant.deliveryRoleArn),
  };
}

/**
 * The central role's trust policy. Loghop's own processor roles (the Lambdas' and the in-cluster
 * workers', all under `processorRolePath` in the central account) are trusted by that path, so the
 * policy stays one short statement however many regions and workers there are; the external
 * workers' `workerRoleArns` are trusted by exact ARN. The account root as Principal delegates to
 * IAM within the central account only, and the `aws:PrincipalArn` condition narrows it to roles at
 * the path: an administrator of that account, or a deploy role that may create roles there, could
 * equally edit this role's trust, so nobody gains a way in that they did not already have.
 */
export function centralTrustPolicy(inventory: ResolvedInventory): PolicyDocument {
  const loghopRoles = processorRoleArns(inventory).length > 0 || clusterWorkerRoleArns(inventory).length > 0;
  const external = [...new Set(inventory.central.processor.workerRoleArns)].sort();
  const statements: PolicyStatement[] = [];
  if (loghopRoles) {
    statements.push({
      Sid: "LoghopProcessorRoles",
      Effect: "Allow",
      Principal: { AWS: accountRootArn(inventory.central.accountId) },
      Action: "sts:AssumeRole",
      Condition: {
        ArnLike: { "aws:PrincipalArn": roleArn(inventory.central.accountId, "*", processorRolePath(inventory.prefix)) },
      },
    });
  }
  if (external.length > 0) {
    statements.push({
      Sid: "ExternalWorkerRoles",
      Effect: "Allow",
      Principal: { AWS: external.length === 1 ? (external[0] as string) : external },
      Action: "sts:AssumeRole",
    });
  }
  return policyDocument(statements);
}
