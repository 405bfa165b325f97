/**
 * The IRSA roles of the processor workers on this region's clusters (`clusters[].processorWorker`).
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
import { policyJson, type PolicyDocument } from "../common/policy-documents";
import { processorExecutionPolicy } from "./processor-policy";
import type { RegionNames } from "./region-names";

/** The clusters of this region that run a worker. */
export function workerClusters(inventory: ResolvedInventory, region: string): ResolvedCluster[] {
  return inventory.clusters.filter((c) => c.region === region && c.processorWorker !== undefined);
}

/**
 * IAM trusts only an OIDC provider of the role's own account. A cluster in the central account
 * already has one (its agent's role uses it); for any other cluster the region stack registers
 * the cluster's issuer in the central account.
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

export interface WorkerRolesProps {
  readonly inventory: ResolvedInventory;
  readonly names: RegionNames;
  readonly kmsKeyArn: string;
}

export function processorWorkerRoles(scope: Construct, props: WorkerRolesProps): void {
  const { inventory, names } = props;
  for (const cluster of workerClusters(inventory, names.region)) {
    const provider =
      cluster.accountId === inventory.central.accountId
        ? []
        : [
            new IamOpenidConnectProvider(scope, `worker-oidc-provider-${cluster.id}`, {
              url: cluster.oidcIssuerUrl,
              clientIdList: [STS_AUDIENCE],
            }),
          ];
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
}
