/**
 * The IRSA roles of the processor workers on this region's clusters (`clusters[].processorWorker`),
 * each created by its cluster's lane stack (stacks/lanes).
 * In the central account, beside the Lambda's role: the staging bucket, the queues and the key
 * grant no other account, so a role elsewhere could assume the central role but never read an
 * object. Same permissions as the Lambda's role, from the same builder (not a copy).
 */
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { Construct } from "constructs";
import { oidcProviderArn, processorWorkerRoleName, STS_AUDIENCE } from "../../inventory/names";
import type { ResolvedCluster, ResolvedInventory } from "../../inventory/resolved";
import { WORKER_NAMESPACE, WORKER_SERVICE_ACCOUNT } from "../../generators/kubernetes/processor-worker";
import { irsaTrustPolicy } from "../common/irsa-trust";
import { workerNeedsOidcProvider } from "../lanes/lane-resources";
import { policyJson, type PolicyDocument } from "../common/policy-documents";
import { processorExecutionPolicy } from "./processor-policy";
import type { RegionNames } from "./region-names";

/** The clusters of this region that run a worker. */
export function workerClusters(inventory: ResolvedInventory, region: string): ResolvedCluster[] {
  return inventory.clusters.filter((c) => c.region === region && c.processorWorker !== undefined);
}

/**
 * IAM trusts only an OIDC provider of the role's own account. A cluster in the central account
 * already has one (its agent's role uses it); for any other cluster the cluster's lane stack
 * registers the cluster's issuer in the central account.
 */
export function workerOidcProviderArn(inventory: ResolvedInventory, cluster: ResolvedCluster): string {
  const central = inventory.central.accountId;
  return cluster.accountId === central ? cluster.oidcProviderArn : oidcProviderArn(central, cluster.oidcIssuerUrl);
}

export function workerTrustPolicy(inventory: ResolvedInventory, cluster: ResolvedCluster): PolicyDocument {
  return irsaTrustPolicy({
    providerArn: workerOidcProviderArn(inventory, cluster),
    issuerUrl: cluster.oidcIssuerUrl,
    namespace: WORKER_NAMESPACE,
    serviceAccount: WORKER_SERVICE_ACCOUNT,
  });
}

export interface WorkerRoleProps {
  readonly inventory: ResolvedInventory;
  readonly names: RegionNames;
  /** The region key's ARN as the policy states it (the processor's `kms:Decrypt`). */
  readonly kmsKeyArn: string;
  readonly cluster: ResolvedCluster;
}

/** The worker role of one cluster with `processorWorker` (nothing for the others), in its lane stack. */
export function processorWorkerRole(scope: Construct, props: WorkerRoleProps): void {
  const { inventory, names, cluster } = props;
  if (cluster.processorWorker === undefined) return;
  const provider = workerNeedsOidcProvider(inventory, cluster)
    ? [
        new IamOpenidConnectProvider(scope, `worker-oidc-provider-${cluster.id}`, {
          url: cluster.oidcIssuerUrl,
          clientIdList: [STS_AUDIENCE],
        }),
      ]
    : [];
  const role = new IamRole(scope, `worker-role-${cluster.id}`, {
    name: processorWorkerRoleName(inventory.prefix, cluster.id),
    path: names.processorRolePath,
    description: `loghop: the processor worker on ${cluster.id} (same permissions as the processor Lambda)`,
    assumeRolePolicy: policyJson(workerTrustPolicy(inventory, cluster)),
    maxSessionDuration: 3600,
    dependsOn: provider,
  });
  new IamRolePolicy(scope, `worker-role-policy-${cluster.id}`, {
    name: "processor",
    role: role.name,
    policy: policyJson(processorExecutionPolicy(names, props.kmsKeyArn)),
  });
}
