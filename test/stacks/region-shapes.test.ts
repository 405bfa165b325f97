/**
 * Region shapes (`central.processor.mode`): each synthesizes exactly its resources, the central
 * role trusts exactly the processors that exist, and only shapes with a processor get its files.
 */
import { CentralStack } from "../../stacks/central/central-stack";
import { shardTenantItems } from "../../generators/processor-config/tenant-shards";
import { RegionStack } from "../../stacks/region/region-stack";
import { laneGroups } from "../../stacks/lanes/lane-groups";
import { LaneStack } from "../../stacks/lanes/lane-stack";
import { renderFiles } from "../../generators/output/files";
import type { ResolvedInventory } from "../../inventory/resolved";
import type { ProcessorMode } from "../../inventory/types";
import { EXAMPLE_WORKER_ROLE, exampleRawInventory, withProcessorMode } from "./support/inventories";
import {
  fakeProcessorBundle,
  laneStackNames,
  policyOf,
  synthApp,
  type SynthResult,
  type TfJson,
} from "./support/synth";

const EU = "region-eu-west-1";
const LANES = ["eks-eu-1", "rosa-eu-2"];
const perLane = (...what: string[]): string[] => what.flatMap((w) => LANES.map((lane) => `${w}-${lane}`));

/** Key and staging bucket: what every shape has. */
const STAGING: Record<string, string[]> = {
  aws_kms_alias: ["pipeline-key-alias"],
  aws_kms_key: ["pipeline-key"],
  aws_s3_bucket: ["staging-bucket"],
  aws_s3_bucket_lifecycle_configuration: ["staging-lifecycle"],
  aws_s3_bucket_ownership_controls: ["staging-ownership"],
  aws_s3_bucket_policy: ["staging-policy"],
  aws_s3_bucket_public_access_block: ["staging-public-access"],
  aws_s3_bucket_server_side_encryption_configuration: ["staging-encryption"],
  aws_s3_bucket_versioning: ["staging-versioning"],
};

const PROCESSOR_METRIC_ALARMS = [
  "alarm-events-rejected",
  "alarm-object-lag-p99",
  "alarm-objects-corrupt",
  "alarm-objects-failed-permanent",
  "alarm-objects-over-limit",
  "alarm-objects-refused",
];
const LANE_ALARMS = LANES.flatMap((lane) =>
  ["dlq-not-empty", "heartbeat-missing", "queue-oldest-message-age"].map((a) => `alarm-${lane}-${a}`),
);

/** Topic, notification, tables, alarm topic, region-wide alarms and dashboard: `queue` and `lambda`. */
const QUEUES: Record<string, string[]> = {
  ...STAGING,
  aws_cloudwatch_dashboard: ["pipeline-dashboard"],
  aws_cloudwatch_metric_alarm: PROCESSOR_METRIC_ALARMS,
  aws_dynamodb_table: ["checkpoint-table", "tenant-table"],
  // No tenants still is one (empty) shard: the processor's N is never 0.
  aws_dynamodb_table_item: ["tenant-shard-1-0"],
  aws_s3_bucket_notification: ["staged-object-notification"],
  aws_sns_topic: ["alarm-topic", "staged-objects-topic"],
  aws_sns_topic_policy: ["staged-objects-topic-policy"],
  aws_sns_topic_subscription: ["alarm-email-1"],
};

const LAMBDA: Record<string, string[]> = {
  ...QUEUES,
  aws_cloudwatch_log_group: ["processor-log-group"],
  aws_cloudwatch_metric_alarm: [
    ...PROCESSOR_METRIC_ALARMS,
    "alarm-processor-errors",
    "alarm-processor-throttles",
  ].sort(),
  aws_iam_role: ["processor-role"],
  aws_iam_role_policy: ["processor-role-policy"],
  aws_lambda_function: ["processor-function"],
};

/** Each cluster's access point: every shape's lanes have it. */
const LANE_ACCESS_POINTS: Record<string, string[]> = { aws_s3_access_point: perLane("access-point") };

/** Every cluster's lane, over the region's lane stacks: `queue`; `lambda` adds each lane's mapping. */
const LANE_QUEUES: Record<string, string[]> = {
  ...LANE_ACCESS_POINTS,
  aws_cloudwatch_metric_alarm: LANE_ALARMS.sort(),
  aws_sns_topic_subscription: perLane("processor-queue-subscription"),
  aws_sqs_queue: perLane("processor-dlq", "processor-queue"),
  aws_sqs_queue_policy: perLane("processor-queue-policy"),
};

const EXPECTED: Record<
  ProcessorMode,
  { resources: Record<string, string[]>; outputs: string[]; lanes: Record<string, string[]> }
> = {
  lambda: {
    resources: LAMBDA,
    outputs: ["processor_role_arn", "staged_objects_topic_arn", "staging_bucket"],
    lanes: { ...LANE_QUEUES, aws_lambda_event_source_mapping: perLane("processor-queue-mapping") },
  },
  queue: { resources: QUEUES, outputs: ["staged_objects_topic_arn", "staging_bucket"], lanes: LANE_QUEUES },
  none: { resources: STAGING, outputs: ["staging_bucket"], lanes: LANE_ACCESS_POINTS },
};

const MODES: readonly ProcessorMode[] = ["lambda", "queue", "none"];

function resourceIds(...stacks: TfJson[]): Record<string, string[]> {
  const ids = new Map<string, string[]>();
  for (const stack of stacks) {
    for (const [type, byId] of Object.entries(stack.resource ?? {}))
      ids.set(type, [...(ids.get(type) ?? []), ...Object.keys(byId)]);
  }
  return Object.fromEntries(
    [...ids].map(([type, list]) => [type, list.sort()] as const).sort(([a], [b]) => a.localeCompare(b)),
  );
}

const synths = new Map<ProcessorMode, SynthResult>();
let bundle: ReturnType<typeof fakeProcessorBundle>;

beforeAll(() => {
  bundle = fakeProcessorBundle();
  for (const mode of MODES) {
    const inventory = withProcessorMode(exampleRawInventory(), mode);
    synths.set(
      mode,
      synthApp((app) => {
        new RegionStack(app, {
          inventory,
          region: "eu-west-1",
          processorBundleDir: bundle.dir,
          tenantShards: shardTenantItems([]),
          processorEnvironment: {},
        });
        for (const group of laneGroups(inventory, "eu-west-1")) new LaneStack(app, { inventory, group });
        new CentralStack(app, { inventory });
      }),
    );
  }
});

afterAll(() => {
  for (const synth of synths.values()) synth.cleanup();
  bundle.cleanup();
});

function synthOf(mode: ProcessorMode): SynthResult {
  const synth = synths.get(mode);
  if (synth === undefined) throw new Error(`no synth for ${mode}`);
  return synth;
}

describe.each(MODES)("region shape %s", (mode) => {
  test("synthesizes exactly the shape's resources and outputs", () => {
    const stack = synthOf(mode).stack(EU);
    expect(resourceIds(stack)).toStrictEqual(
      Object.fromEntries(Object.entries(EXPECTED[mode].resources).sort(([a], [b]) => a.localeCompare(b))),
    );
    expect(Object.keys(stack.output ?? {}).sort()).toStrictEqual(EXPECTED[mode].outputs);
  });

  test("puts exactly the shape's per-cluster resources in the lane stacks (none: access points only)", () => {
    const synth = synthOf(mode);
    const lanes = laneStackNames(synth, "eu-west-1");
    // eks-eu-1 hashes to group b, rosa-eu-2 to group 0 (first hex digit of sha256 of the id).
    expect(lanes).toStrictEqual(["lanes-eu-west-1-0", "lanes-eu-west-1-b"]);
    expect(resourceIds(...lanes.map((name) => synth.stack(name)))).toStrictEqual(
      Object.fromEntries(Object.entries(EXPECTED[mode].lanes).sort(([a], [b]) => a.localeCompare(b))),
    );
  });
});

describe("queue shape", () => {
  test("has no aws_lambda_* resource, and no alarm or graph reads AWS/Lambda", () => {
    const stack = synthOf("queue").stack(EU);
    expect(Object.keys(stack.resource ?? {}).filter((type) => type.startsWith("aws_lambda_"))).toStrictEqual([]);
    const alarms = Object.values(synthOf("queue").resources(EU, "aws_cloudwatch_metric_alarm"));
    expect(alarms.map((alarm) => alarm["namespace"])).not.toContain("AWS/Lambda");
    const dashboard = synthOf("queue").only(EU, "aws_cloudwatch_dashboard");
    expect(String(dashboard["dashboard_body"])).not.toContain("AWS/Lambda");
    const titles = (
      JSON.parse(String(dashboard["dashboard_body"])) as { widgets: { properties: { title: string } }[] }
    ).widgets.map((widget) => widget.properties.title);
    expect(titles).not.toContain("Processor function");
    expect(titles).toHaveLength(6);
  });

  test("gives the worker each lane's queue URL, from the lane's stack", () => {
    const url = (stack: string) => synthOf("queue").stack(stack).output?.["processor_queue_urls"]?.value;
    expect(url("lanes-eu-west-1-b")).toStrictEqual({ "eks-eu-1": "${aws_sqs_queue.processor-queue-eks-eu-1.url}" });
    expect(url("lanes-eu-west-1-0")).toStrictEqual({
      "rosa-eu-2": "${aws_sqs_queue.processor-queue-rosa-eu-2.url}",
    });
  });
});

describe("none shape", () => {
  test("has no aws_sqs_*, aws_sns_*, aws_dynamodb_* or aws_lambda_* resource and no bucket notification", () => {
    const types = Object.keys(synthOf("none").stack(EU).resource ?? {});
    expect(types.filter((type) => /^aws_(sqs|sns|dynamodb|lambda)_/.test(type))).toStrictEqual([]);
    expect(types).not.toContain("aws_s3_bucket_notification");
  });

  test("the key grants no AWS service: nothing of S3's events, SNS or CloudWatch is encrypted with it", () => {
    const key = policyOf(synthOf("none").only(EU, "aws_kms_key"));
    expect(key.Statement.map((s) => s.Sid)).toStrictEqual([
      "EnableIamPoliciesOfTheAccount",
      "ClusterAgentsEncryptStagedObjects",
    ]);
    const lambdaKey = policyOf(synthOf("lambda").only(EU, "aws_kms_key"));
    expect(lambdaKey.Statement.map((s) => s.Sid)).toContain("SnsDeliversToEncryptedQueue");
  });
});

describe("central role trust per shape", () => {
  const LOGHOP_PATH = {
    Sid: "LoghopProcessorRoles",
    Effect: "Allow",
    Principal: { AWS: "arn:aws:iam::111111111111:root" },
    Action: "sts:AssumeRole",
    Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/loghop/lh-prod/processor/*" } },
  };
  const EXTERNAL = {
    Sid: "ExternalWorkerRoles",
    Effect: "Allow",
    Principal: { AWS: EXAMPLE_WORKER_ROLE },
    Action: "sts:AssumeRole",
  };
  const trust = (inventory: ResolvedInventory): unknown[] => {
    const synth = synthApp((app) => new CentralStack(app, { inventory }));
    try {
      return policyOf(synth.only("central", "aws_iam_role"), "assume_role_policy").Statement;
    } finally {
      synth.cleanup();
    }
  };

  test("lambda: the processor roles by their IAM path (where the region stacks create them)", () => {
    expect(policyOf(synthOf("lambda").only("central", "aws_iam_role"), "assume_role_policy").Statement).toStrictEqual([
      LOGHOP_PATH,
    ]);
  });

  test.each(["queue", "none"] as const)("%s: exactly the workerRoleArns, no processor role (none exists)", (mode) => {
    expect(policyOf(synthOf(mode).only("central", "aws_iam_role"), "assume_role_policy").Statement).toStrictEqual([
      EXTERNAL,
    ]);
  });

  test("lambda with workerRoleArns: both, each once", () => {
    const raw = exampleRawInventory();
    const inventory = withProcessorMode(
      {
        ...raw,
        central: { ...raw.central, processor: { workerRoleArns: [EXAMPLE_WORKER_ROLE, EXAMPLE_WORKER_ROLE] } },
      },
      "lambda",
    );
    expect(trust(inventory)).toStrictEqual([LOGHOP_PATH, EXTERNAL]);
  });
});

describe("generated processor files per shape", () => {
  const processorFiles = (mode: ProcessorMode): string[] =>
    renderFiles(withProcessorMode(exampleRawInventory(), mode))
      .map((file) => file.path)
      .filter((path) => path.startsWith("_processor/"));

  test.each(["lambda", "queue"] as const)("%s: tables' items and each region's processor environment", (mode) => {
    expect(processorFiles(mode)).toStrictEqual([
      "_processor/cluster-tenants.json",
      "_processor/environment-eu-west-1.json",
      "_processor/environment-us-east-1.json",
      "_processor/tenant-items.json",
    ]);
  });

  test("none: no _processor/ files (no tables, no processor)", () => {
    expect(processorFiles("none")).toStrictEqual([]);
  });
});
