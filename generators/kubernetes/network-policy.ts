/**
 * The agent's NetworkPolicy: who may reach it, and what it may reach. NetworkPolicy has
 * only allow rules, so "deny the instance metadata service" is an allow-list that leaves it
 * out (`ipBlock.except`). It holds only where the CNI enforces policies (EKS's VPC CNI needs
 * its network-policy agent enabled); Vector's unauthenticated API is on loopback regardless.
 */
import type { ResolvedCluster } from "../../inventory/resolved";
import { AGENT_NAME, METRICS_PORT } from "../constants";
import type { KubeObject } from "../types";
import { commonLabels, selectorLabels } from "./labels";

/**
 * Link-local addresses: the instance metadata service (169.254.169.254, fd00:ec2::254 on
 * Nitro), the EKS Pod Identity and ECS credential agents (169.254.170.x). Each hands out node
 * or pod credentials; the agent uses IRSA and needs none of them.
 */
export const METADATA_EXCEPT = {
  ipv4: ["169.254.0.0/16"],
  ipv6: ["fd00:ec2::254/128", "fe80::/10"],
} as const;

/**
 * HTTPS: S3 and STS (regional endpoints, or VPC endpoints whose addresses vary), and the API
 * server, which pods reach through the `kubernetes` Service at 443 but which listens on 6443
 * behind it on kubeadm and OpenShift (policies see the post-NAT port).
 */
export const HTTPS_PORTS = [443, 6443] as const;

/** Where the cluster DNS runs (policies see the pods' port: 5353 behind OpenShift's dns-default Service). */
const DNS = {
  kubernetes: { namespace: "kube-system", ports: [53] },
  openshift: { namespace: "openshift-dns", ports: [53, 5353] },
} as const;

/** Peers in one namespace, by the name label the API server sets on every namespace (it cannot be changed). */
function namespacePeer(namespace: string): object {
  return { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": namespace } } };
}

function egress(cluster: ResolvedCluster): object[] {
  const dns = DNS[cluster.platform];
  return [
    {
      to: [namespacePeer(dns.namespace)],
      ports: dns.ports.flatMap((port) => [
        { port, protocol: "UDP" },
        { port, protocol: "TCP" },
      ]),
    },
    {
      to: [
        { ipBlock: { cidr: "0.0.0.0/0", except: [...METADATA_EXCEPT.ipv4] } },
        { ipBlock: { cidr: "::/0", except: [...METADATA_EXCEPT.ipv6] } },
      ],
      ports: HTTPS_PORTS.map((port) => ({ port, protocol: "TCP" })),
    },
  ];
}

/**
 * Ingress: the metrics port, from the monitoring namespace only. Kubelet probes come from
 * the node, which the common CNIs admit whatever the policy says.
 */
export function buildNetworkPolicy(cluster: ResolvedCluster): KubeObject {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: AGENT_NAME, namespace: cluster.vector.namespace, labels: commonLabels(cluster) },
    spec: {
      podSelector: { matchLabels: selectorLabels() },
      policyTypes: ["Ingress", "Egress"],
      ingress: [
        {
          from: [namespacePeer(cluster.vector.monitoringNamespace)],
          ports: [{ port: METRICS_PORT, protocol: "TCP" }],
        },
      ],
      egress: egress(cluster),
    },
  };
}
