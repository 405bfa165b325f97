/** Rules on the processor's settings that span fields (Lambda/SQS API constraints, region shapes). */
import { DEFAULTS } from "../defaults";
import type { InventoryProblem } from "../errors";
import { AGENT_OBJECT_HEADROOM, agentObjectBounds } from "../object-limits";
import { regionParts } from "../processor-mode";
import { parseRoleArn } from "../names";
import type { ProcessorSettings } from "../types";
import { deployRoles, generatedRoleNames, roleIdentity } from "./role-identity";
import type { InventoryRule } from "./types";

const processorBatching: InventoryRule = {
  id: "loghop:inventory:processor-batching",
  description:
    "Processor settings the Lambda API would reject or throttle: batchSize > 10 needs batchWindowSeconds ≥ 1; reservedConcurrency ≥ maxConcurrency × the clusters of the busiest region.",
  severity: "error",
  reads: ["/central/processor", "/central/regions", "/clusters/*/region"],
  check: (inventory) => {
    const settings = inventory.central.processor ?? {};
    // Without a Lambda there is no event source mapping to reject them (processor-mode-settings warns).
    if (!regionParts(settings.mode ?? DEFAULTS.processor.mode).lambda) return [];
    const batchSize = settings.batchSize ?? DEFAULTS.processor.batchSize;
    const window = settings.batchWindowSeconds ?? DEFAULTS.processor.batchWindowSeconds;
    const maxConcurrency = settings.maxConcurrency ?? DEFAULTS.processor.maxConcurrency;
    const problems: InventoryProblem[] = [];
    // Lambda CreateEventSourceMapping: with a standard queue, BatchSize above 10 requires a batching window.
    if (batchSize > 10 && window < 1) {
      problems.push({
        path: "/central/processor/batchWindowSeconds",
        message: `is ${window} but batchSize is ${batchSize}; above 10 messages Lambda requires a batching window of at least 1 second`,
      });
    }
    // Every cluster has its own queue and mapping (its lane), each up to maxConcurrency: reserved concurrency
    // below their sum lets one flooding lane take invocations another lane needs (and throttles the pollers).
    const reserved = settings.reservedConcurrency;
    const lanes = Math.max(
      1,
      ...inventory.central.regions.map((r) => inventory.clusters.filter((c) => c.region === r).length),
    );
    if (reserved !== undefined && reserved < maxConcurrency * lanes) {
      problems.push({
        path: "/central/processor/reservedConcurrency",
        message: `is ${reserved} but maxConcurrency is ${maxConcurrency} per cluster queue and a region has ${lanes} clusters; reserve at least ${maxConcurrency * lanes} (maxConcurrency × clusters) or one cluster's backlog can throttle the others`,
      });
    }
    return problems;
  },
};

/**
 * An explicit limit below what an agent may legitimately stage would refuse real
 * logs as over-limit: each must cover the largest cluster's object (the defaults do).
 */
const processorLimits: InventoryRule = {
  id: "loghop:inventory:processor-limits",
  description: `Per-object limits accept every object an agent may write: maxUncompressedBytes ≥ ${AGENT_OBJECT_HEADROOM} × each cluster's batchMaxBytes, maxEvents ≥ that / 100.`,
  severity: "error",
  reads: ["/central/processor", "/clusters/*/id", "/clusters/*/vector/batchMaxBytes"],
  check: (inventory) => {
    const limits = inventory.central.processor?.limits;
    if (limits === undefined || inventory.clusters.length === 0) return [];
    const largest = inventory.clusters.reduce((a, b) =>
      (b.vector?.batchMaxBytes ?? DEFAULTS.vector.batchMaxBytes) >
      (a.vector?.batchMaxBytes ?? DEFAULTS.vector.batchMaxBytes)
        ? b
        : a,
    );
    const batch = largest.vector?.batchMaxBytes ?? DEFAULTS.vector.batchMaxBytes;
    const needed = agentObjectBounds([largest]);
    const problems: InventoryProblem[] = [];
    if (limits.maxUncompressedBytes !== undefined && limits.maxUncompressedBytes < needed.bytes) {
      problems.push({
        path: "/central/processor/limits/maxUncompressedBytes",
        message: `is ${limits.maxUncompressedBytes} but cluster "${largest.id}" stages objects of up to ${needed.bytes} bytes (${AGENT_OBJECT_HEADROOM} × batchMaxBytes ${batch}); must be at least ${needed.bytes}, or lower that batchMaxBytes`,
      });
    }
    if (limits.maxEvents !== undefined && limits.maxEvents < needed.events) {
      problems.push({
        path: "/central/processor/limits/maxEvents",
        message: `is ${limits.maxEvents} but cluster "${largest.id}" may stage ${needed.events} events per object (${needed.bytes} bytes of events of ≥ 100 bytes); must be at least ${needed.events}`,
      });
    }
    return problems;
  },
};

/** Settings only the Lambda reads, and those only a processor (Lambda or worker) reads. */
const LAMBDA_ONLY_SETTINGS = [
  "memoryMb",
  "reservedConcurrency",
  "maxConcurrency",
  "batchSize",
  "batchWindowSeconds",
  "logRetentionDays",
] as const satisfies readonly (keyof ProcessorSettings)[];
const PROCESSOR_SETTINGS = [
  "timeoutSeconds",
  "maxReceiveCount",
  "limits",
  "logLevel",
] as const satisfies readonly (keyof ProcessorSettings)[];

/**
 * A warning, not an error: switching a region to `queue` (say, to try a worker) and back should
 * not mean deleting and re-typing the Lambda's tuning; but nobody should believe it applies.
 */
const processorModeSettings: InventoryRule = {
  id: "loghop:inventory:processor-mode-settings",
  description:
    "Processor settings that the chosen mode deploys nothing for: the Lambda's tuning under mode queue or none, the queue and processor settings under mode none.",
  severity: "warning",
  reads: ["/central/processor"],
  check: (inventory) => {
    const settings = inventory.central.processor ?? {};
    const mode = settings.mode ?? DEFAULTS.processor.mode;
    const parts = regionParts(mode);
    const ignored = [...(parts.lambda ? [] : LAMBDA_ONLY_SETTINGS), ...(parts.queues ? [] : PROCESSOR_SETTINGS)];
    return ignored
      .filter((field) => settings[field] !== undefined)
      .map((field) => ({
        path: `/central/processor/${field}`,
        message: parts.queues
          ? `has no effect: mode is "${mode}", which deploys no Lambda (it tunes only the Lambda and its event source mappings; size the external worker instead); remove it or set mode "lambda"`
          : `has no effect: mode is "none", which deploys no queues and no processor (only the key and the staging bucket); remove it or set mode "queue" or "lambda"`,
      }));
  },
};

/** IAM rejects a trust policy without a principal: with no Lambda, someone else must assume the central role. */
const processorCentralTrust: InventoryRule = {
  id: "loghop:inventory:processor-central-trust",
  description:
    "The central role trusts at least one principal: the processor Lambdas (mode lambda), the in-cluster workers (clusters[].processorWorker) or the external workers' workerRoleArns (one of the last two required with mode queue or none).",
  severity: "error",
  reads: ["/central/processor", "/clusters/*/processorWorker"],
  check: (inventory) => {
    const settings = inventory.central.processor ?? {};
    const mode = settings.mode ?? DEFAULTS.processor.mode;
    const clusterWorkers = inventory.clusters.filter((cluster) => cluster.processorWorker !== undefined).length;
    if (regionParts(mode).lambda || (settings.workerRoleArns ?? []).length > 0 || clusterWorkers > 0) return [];
    const who =
      mode === "queue"
        ? "the role of the worker that polls the queues (`loghop process --mode sqs`)"
        : "the role of whatever delivers the staged objects to the tenants through the central role";
    return [
      {
        path: "/central/processor/workerRoleArns",
        message: `is empty but mode is "${mode}", so no loghop Lambda assumes the central role and it would trust no one (IAM rejects that trust policy); list ${who}, e.g. ["arn:aws:iam::123456789012:role/loghop-worker"], place a worker on a cluster (clusters[].processorWorker), or set mode "lambda"`,
      },
    ];
  },
};

/**
 * The staging bucket, the queues and the key grant nothing to other accounts (their resource
 * policies name S3, SNS and the central account only), so a worker elsewhere could assume the
 * central role but never read an object: refuse it here, not at the first message.
 */
const workerRoleAccounts: InventoryRule = {
  id: "loghop:inventory:worker-role-accounts",
  description:
    "Every central.processor.workerRoleArns role is in the central account (the only account the bucket, queues and key let in).",
  severity: "error",
  reads: ["/central/processor", "/central/accountId"],
  check: (inventory) => {
    const central = inventory.central.accountId;
    return (inventory.central.processor?.workerRoleArns ?? []).flatMap((arn, index) => {
      const account = arn.split(":")[4];
      return account === central
        ? []
        : [
            {
              path: `/central/processor/workerRoleArns/${index}`,
              message: `is in account ${account ?? "?"} but must be in the central account ${central}: the staging bucket, queues and KMS key grant no other account; create the worker's role there, trusted only by the worker's own service account (never by a cluster that stages logs: the worker holds every tenant's delivery power)`,
            },
          ];
    });
  },
};

/**
 * A worker role is trusted by the central role, so it holds every enabled tenant's delivery power.
 * Naming a deploy role, a TFC phase role or a role loghop creates for someone else would hand that
 * power to whoever holds that role (a compromised workspace, a cluster's agent, a tenant).
 */
const workerRolesOwn: InventoryRule = {
  id: "loghop:inventory:worker-roles-own",
  description:
    "No central.processor.workerRoleArns entry is a deploy role, a Terraform Cloud phase role, a tenant's delivery role or any role name loghop generates (compared as IAM does: account and name, ignoring case and path).",
  severity: "error",
  reads: [
    "/prefix",
    "/central",
    "/tenants/*/id",
    "/tenants/*/deployRoleArn",
    "/tenants/*/deliveryRoleArn",
    "/clusters/*/id",
    "/clusters/*/deployRoleArn",
  ],
  check: (inventory) => {
    const deployers = deployRoles(inventory);
    const generated = generatedRoleNames(inventory, -1);
    const delivery = new Map(
      inventory.tenants.flatMap((t) =>
        t.deliveryRoleArn === undefined ? [] : [[roleIdentity(t.deliveryRoleArn), t.id] as const],
      ),
    );
    const tfcPrefix = `${inventory.prefix}-tfc-`.toLowerCase();
    return (inventory.central.processor?.workerRoleArns ?? []).flatMap((arn, index) => {
      const path = `/central/processor/workerRoleArns/${index}`;
      let name: string;
      try {
        name = parseRoleArn(arn).name.toLowerCase();
      } catch {
        return [];
      }
      const identity = roleIdentity(arn);
      const owner =
        (deployers.has(identity) ? `the deploy role at ${deployers.get(identity)}` : undefined) ??
        (delivery.has(identity) ? `tenant ${delivery.get(identity)}'s delivery role` : undefined) ??
        (name.startsWith(tfcPrefix) ? "a Terraform Cloud phase role the tfc-bootstrap creates" : undefined) ??
        generated.get(name);
      return owner === undefined
        ? []
        : [
            {
              path,
              message: `role ${arn} is ${owner}; the central role trusts every worker role with every tenant's delivery power, so a worker needs a role of its own that nothing else can assume`,
            },
          ];
    });
  },
};

/**
 * A worker consumes its region's lane queues: shape `none` has none. Under `lambda` it is
 * allowed (a migration runs both; they compete for the same messages, and checkpoint leases
 * keep each object's delivery single), under `queue` it is the processor.
 */
const processorWorkerMode: InventoryRule = {
  id: "loghop:inventory:processor-worker-mode",
  description: 'clusters[].processorWorker only where the regions have queues: mode "queue" or "lambda", not "none".',
  severity: "error",
  reads: ["/central/processor/mode", "/clusters/*/processorWorker"],
  check: (inventory) => {
    const mode = inventory.central.processor?.mode ?? DEFAULTS.processor.mode;
    if (regionParts(mode).queues) return [];
    return inventory.clusters.flatMap((cluster, index) =>
      cluster.processorWorker === undefined
        ? []
        : [
            {
              path: `/clusters/${index}/processorWorker`,
              message: `is set but central.processor.mode is "${mode}", which deploys no queues for a worker to poll; remove it or set mode "queue" (or "lambda")`,
            },
          ],
    );
  },
};

/**
 * A worker's role holds the processor's whole power in its region, and anyone who can run a pod as
 * its service account on that cluster holds the role. Every cluster carries tenants' workloads, so
 * placing a worker widens what a compromise of that one cluster reaches: say so where it is chosen.
 */
const processorWorkerExposure: InventoryRule = {
  id: "loghop:inventory:processor-worker-exposure",
  description:
    "Warns where a cluster hosts a processor worker: a compromise of that cluster reaches every tenant delivered from its region, not only the tenants it carries.",
  severity: "warning",
  reads: ["/clusters/*/id", "/clusters/*/region", "/clusters/*/tenants", "/clusters/*/processorWorker"],
  check: (inventory) =>
    inventory.clusters.flatMap((cluster, index) => {
      if (cluster.processorWorker === undefined) return [];
      const regionTenants = new Set(
        inventory.clusters.filter((c) => c.region === cluster.region).flatMap((c) => c.tenants),
      );
      const beyond = [...regionTenants].filter((t) => !cluster.tenants.includes(t)).sort();
      return [
        {
          path: `/clusters/${index}/processorWorker`,
          message:
            `makes cluster ${cluster.id} hold the processor's power in ${cluster.region}: whoever can run a pod as the worker's service account there ` +
            `(its admins, or an attacker who compromised it) can read every staged object of the region and deliver as any of its ${regionTenants.size} tenant(s)` +
            (beyond.length === 0 ? "" : `, including ${beyond.join(", ")}, which this cluster does not carry`) +
            "; place workers on a platform-run cluster without customer workloads (README: In-cluster processor worker)",
        },
      ];
    }),
};

export const processorRules: readonly InventoryRule[] = [
  processorWorkerMode,
  processorWorkerExposure,
  processorBatching,
  processorLimits,
  processorModeSettings,
  processorCentralTrust,
  workerRoleAccounts,
  workerRolesOwn,
];
