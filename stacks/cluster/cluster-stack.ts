/**
 * `cluster-<cluster-id>`: the Vector agent's IRSA role in the cluster's account,
 * and the agent itself in the cluster — with the processor worker's objects when the
 * inventory places one there (its IRSA role is the region stack's, in the central account).
 *
 * Kubernetes objects are the generators' own (`buildClusterManifests`), applied one
 * `kubernetes_manifest` each — the same objects as `k8s-out/<cluster-id>/`. Caveat
 * of `kubernetes_manifest`: it needs the API server already at plan time (it reads
 * the cluster's OpenAPI schema), so this stack cannot be planned without access to
 * the cluster, and kinds from CRDs (OpenShift's SecurityContextConstraints, the
 * Prometheus Operator's PodMonitor when enabled) must be served by the cluster before
 * the plan.
 */
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { TerraformOutput } from "cdktf";
import { LoghopStack } from "../common/loghop-stack";
import type { Construct } from "constructs";
import type { KubeObject } from "../../generators/types";
import {
  stackNames,
  VECTOR_ROLE_CLUSTER_TAG,
  vectorBoundaryPolicyArn,
  vectorRoleArn,
  vectorRoleName,
} from "../../inventory/names";
import type { ResolvedCluster, ResolvedInventory } from "../../inventory/resolved";
import { configureBackend } from "../common/backend";
import { policyJson } from "../common/policy-documents";
import { awsProvider, deploySessionName, stackDeployRoleArn } from "../common/providers";
import { defaultTags } from "../common/tags";
import { vectorPermissions, vectorTrustPolicy } from "./cluster-policies";

export interface ClusterStackProps {
  readonly inventory: ResolvedInventory;
  readonly cluster: ResolvedCluster;
  /** The agent's objects (`buildClusterManifests`), in apply order. */
  readonly manifests: readonly KubeObject[];
}

/** Construct id of an object: kind, namespace and name identify it in a cluster. */
export function manifestId(object: KubeObject): string {
  const parts = [object.kind, object.metadata.namespace ?? "cluster", object.metadata.name];
  return `k8s-${parts
    .join("-")
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "-")}`;
}

export class ClusterStack extends LoghopStack {
  constructor(scope: Construct, props: ClusterStackProps) {
    const { inventory, cluster } = props;
    const name = stackNames.cluster(cluster.id);
    super(scope, name);
    configureBackend(this, inventory, name);
    awsProvider(this, "aws", {
      region: cluster.region,
      deployRoleArn: stackDeployRoleArn(inventory, cluster.deployRoleArn),
      allowedAccountIds: [cluster.accountId],
      sessionName: deploySessionName(name),
      tags: defaultTags(inventory, { Cluster: cluster.id }),
    });
    // `~` is expanded by the provider on the machine that plans: no local path is baked in.
    new KubernetesProvider(this, "kubernetes", {
      configPath: cluster.kube.configPath,
      configContext: cluster.kube.context,
    });

    const role = new IamRole(this, "vector-role", {
      name: vectorRoleName(inventory.prefix, cluster.id),
      description: `loghop: Vector on ${cluster.id} stages logs under its own prefix`,
      assumeRolePolicy: policyJson(vectorTrustPolicy(cluster)),
      maxSessionDuration: 3600,
      // Read by no policy of this version; see VECTOR_ROLE_CLUSTER_TAG (upgrades without a refused upload).
      tags: { [VECTOR_ROLE_CLUSTER_TAG]: cluster.id },
      // With the cloud backend the tfc-bootstrap stack creates this boundary (the role's own
      // permissions, nothing more), and a run role may only create or change the role with it.
      ...(inventory.tfc === undefined
        ? {}
        : { permissionsBoundary: vectorBoundaryPolicyArn(inventory.prefix, cluster.accountId, cluster.id) }),
    });
    const rolePolicy = new IamRolePolicy(this, "vector-role-policy", {
      name: "stage-logs",
      role: role.name,
      policy: policyJson(vectorPermissions(inventory, cluster)),
    });

    // Namespaces first; a namespaced object after its own namespace, a cluster-wide one after
    // every namespace (a binding names a service account in one); all after the agent's role.
    const namespaces = new Map(
      props.manifests
        .filter((object) => object.kind === "Namespace")
        .map((object) => [object.metadata.name, new Manifest(this, manifestId(object), { manifest: { ...object } })]),
    );
    for (const object of props.manifests.filter((o) => o.kind !== "Namespace")) {
      const own = object.metadata.namespace === undefined ? undefined : namespaces.get(object.metadata.namespace);
      const after = own === undefined ? [...namespaces.values()] : [own];
      new Manifest(this, manifestId(object), { manifest: { ...object }, dependsOn: [...after, rolePolicy] });
    }
    new TerraformOutput(this, "vector_role_arn", {
      value: vectorRoleArn(inventory.prefix, cluster.accountId, cluster.id),
    });
  }
}
