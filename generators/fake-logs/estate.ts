/** The simulated pods of an estate: names, uids, labels and addresses like a Deployment's. */
import type { Random } from "./random";
import type { FakeEstateSpec, FakePod } from "./types";

export const DEFAULT_APPLICATIONS: readonly string[] = ["web", "checkout", "worker"];
export const DEFAULT_TENANT_LABEL_KEY = "loghop.io/tenant";
/** Namespace of the pods no tenant claims. */
export const UNATTRIBUTED_NAMESPACE = "platform-tools";

/** Kubernetes' pod-name suffix alphabet (no vowels, no look-alike digits). */
const SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

function suffix(random: Random, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += SUFFIX_ALPHABET[random.int(SUFFIX_ALPHABET.length)];
  return out;
}

function pod(
  random: Random,
  tenant: string | undefined,
  namespace: string,
  application: string,
  labelKey: string,
): FakePod {
  const templateHash = suffix(random, 10);
  const replicaSet = `${application}-${templateHash}`;
  const tenantLabel: Record<string, string> = tenant !== undefined ? { [labelKey]: tenant } : {};
  return {
    tenant,
    namespace,
    application,
    podName: `${replicaSet}-${suffix(random, 5)}`,
    podUid: random.uuid(),
    containerName: application,
    podLabels: { "app.kubernetes.io/name": application, ...tenantLabel, "pod-template-hash": templateHash },
    namespaceLabels: { "kubernetes.io/metadata.name": namespace, ...tenantLabel },
    podIp: `10.0.${1 + random.int(254)}.${1 + random.int(254)}`,
    containerId: `containerd://${random.hex(64)}`,
    replicaSet,
  };
}

/** Every pod of the estate, tenants in the given order, then the unattributed ones. */
export function buildFakeEstate(spec: FakeEstateSpec, random: Random): FakePod[] {
  const applications = spec.applications ?? DEFAULT_APPLICATIONS;
  const perApplication = spec.podsPerApplication ?? 2;
  const labelKey = spec.tenantLabelKey ?? DEFAULT_TENANT_LABEL_KEY;
  const pods: FakePod[] = [];
  for (const tenant of spec.tenants) {
    for (const application of applications) {
      for (let i = 0; i < perApplication; i++) pods.push(pod(random, tenant, tenant, application, labelKey));
    }
  }
  for (let i = 0; i < (spec.unattributedPods ?? 0); i++) {
    pods.push(pod(random, undefined, UNATTRIBUTED_NAMESPACE, random.pick(["metrics-agent", "ingress"]), labelKey));
  }
  if (pods.length === 0) throw new RangeError("the fake estate has no pods: give at least one tenant and application");
  return pods;
}
