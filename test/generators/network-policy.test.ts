/**
 * The agent's NetworkPolicy, evaluated: a small model of NetworkPolicy semantics (a
 * connection is allowed when some rule's peers and ports match; no rule, no traffic) answers
 * what a pod on the cluster network can reach of the agent, and what the agent can reach.
 */
import { buildClusterManifests } from "../../generators";
import type { ResolvedInventory } from "../../inventory/resolved";
import { clusterById, exampleInventory, withCluster, type Json } from "./support";

const inv = exampleInventory();

function policyOf(inventory: ResolvedInventory, id: string): Json {
  return (buildClusterManifests(inventory, clusterById(inventory, id)).find((o) => o.kind === "NetworkPolicy") as Json)
    .spec;
}

/** An address as a bigint and its width, IPv4 or IPv6 (with `::`). */
function parseIp(ip: string): { value: bigint; bits: number } {
  if (ip.includes(".")) {
    return { value: ip.split(".").reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n), bits: 32 };
  }
  const [head = "", tail] = ip.split("::");
  const groups = (text: string) => (text === "" ? [] : text.split(":"));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  return { value: all.reduce((acc, group) => (acc << 16n) | BigInt(parseInt(group, 16)), 0n), bits: 128 };
}

function inCidr(ip: string, cidr: string): boolean {
  const [base = "", length = "0"] = cidr.split("/");
  const address = parseIp(ip);
  const network = parseIp(base);
  if (address.bits !== network.bits) return false;
  const shift = BigInt(address.bits - Number(length));
  return address.value >> shift === network.value >> shift;
}

interface Peer {
  /** Namespace of a pod peer (its `kubernetes.io/metadata.name`); undefined = outside the cluster. */
  readonly namespace?: string;
  readonly ip: string;
}

function peerMatches(selector: Json, peer: Peer): boolean {
  if (selector.ipBlock !== undefined) {
    const { cidr, except = [] } = selector.ipBlock as { cidr: string; except?: string[] };
    return inCidr(peer.ip, cidr) && !except.some((e) => inCidr(peer.ip, e));
  }
  if (peer.namespace === undefined) return false;
  const labels: Record<string, string> = { "kubernetes.io/metadata.name": peer.namespace };
  const wanted = (selector.namespaceSelector?.matchLabels ?? {}) as Record<string, string>;
  return Object.entries(wanted).every(([key, value]) => labels[key] === value) && selector.podSelector === undefined;
}

function allowed(rules: Json[] | undefined, side: "from" | "to", peer: Peer, port: number, protocol: string): boolean {
  return (rules ?? []).some((rule) => {
    const portOk =
      rule.ports === undefined ||
      (rule.ports as Json[]).some((p) => p.port === port && (p.protocol ?? "TCP") === protocol);
    const peers = rule[side] as Json[] | undefined;
    return portOk && (peers === undefined || peers.some((selector) => peerMatches(selector, peer)));
  });
}

describe("ingress: a pod on the agent's network", () => {
  const policy = policyOf(inv, "eks-eu-1");
  const reaches = (peer: Peer, port: number) => allowed(policy.ingress, "from", peer, port, "TCP");

  it("restricts ingress and egress alike", () => {
    expect(policy.policyTypes).toStrictEqual(["Ingress", "Egress"]);
  });

  it("in a tenant namespace cannot reach the agent at all, not even its metrics", () => {
    for (const port of [9598, 8686, 22, 443]) expect(reaches({ namespace: "shop", ip: "10.0.3.7" }, port)).toBe(false);
  });

  it("in the monitoring namespace reaches the metrics port only", () => {
    expect(reaches({ namespace: "monitoring", ip: "10.0.9.9" }, 9598)).toBe(true);
    expect(reaches({ namespace: "monitoring", ip: "10.0.9.9" }, 8686)).toBe(false);
  });

  it("the monitoring namespace comes from the inventory (OpenShift default: user-workload monitoring)", () => {
    const custom = withCluster(inv, "eks-eu-1", (c) => ({ ...c, vector: { ...c.vector, monitoringNamespace: "obs" } }));
    const ingress = policyOf(custom, "eks-eu-1").ingress;
    expect(allowed(ingress, "from", { namespace: "obs", ip: "10.0.1.1" }, 9598, "TCP")).toBe(true);
    expect(allowed(ingress, "from", { namespace: "monitoring", ip: "10.0.1.1" }, 9598, "TCP")).toBe(false);
    const rosa = policyOf(inv, "rosa-eu-2").ingress;
    expect(
      allowed(rosa, "from", { namespace: "openshift-user-workload-monitoring", ip: "10.128.0.5" }, 9598, "TCP"),
    ).toBe(true);
  });
});

describe("egress: what the agent reaches", () => {
  const eks = policyOf(inv, "eks-eu-1").egress;
  const rosa = policyOf(inv, "rosa-eu-2").egress;
  const reaches = (egress: Json[], peer: Peer, port: number, protocol = "TCP") =>
    allowed(egress, "to", peer, port, protocol);

  it.each([
    ["IMDS (IPv4)", "169.254.169.254", 80],
    ["IMDS over 443", "169.254.169.254", 443],
    ["IMDS (IPv6, Nitro)", "fd00:ec2::254", 80],
    ["EKS Pod Identity agent", "169.254.170.23", 80],
    ["a tenant's database", "10.0.5.5", 5432],
    ["plain HTTP anywhere", "52.95.128.1", 80],
  ])("never %s (%s:%s)", (_name, ip, port) => {
    expect(reaches(eks, { ip }, port)).toBe(false);
    expect(reaches(rosa, { ip }, port)).toBe(false);
  });

  it.each([
    ["S3 / STS regional endpoints", "52.218.0.10", 443],
    ["an interface VPC endpoint", "10.0.0.77", 443],
    ["the API server behind the kubernetes Service (kubeadm, OpenShift)", "10.0.0.10", 6443],
    ["an IPv6 AWS endpoint", "2a05:d018:1:2::10", 443],
  ])("HTTPS to %s (%s:%s)", (_name, ip, port) => {
    expect(reaches(eks, { ip }, port)).toBe(true);
  });

  it("DNS only to the cluster DNS namespace (kube-system; openshift-dns with its 5353 pod port)", () => {
    expect(reaches(eks, { namespace: "kube-system", ip: "10.0.0.2" }, 53, "UDP")).toBe(true);
    expect(reaches(eks, { namespace: "kube-system", ip: "10.0.0.2" }, 53, "TCP")).toBe(true);
    expect(reaches(eks, { namespace: "shop", ip: "10.0.3.3" }, 53, "UDP")).toBe(false);
    expect(reaches(eks, { ip: "8.8.8.8" }, 53, "UDP")).toBe(false);
    expect(reaches(rosa, { namespace: "openshift-dns", ip: "10.128.0.3" }, 5353, "UDP")).toBe(true);
    expect(reaches(rosa, { namespace: "kube-system", ip: "10.128.0.3" }, 53, "UDP")).toBe(false);
  });
});
