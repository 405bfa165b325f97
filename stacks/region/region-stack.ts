/**
 * `region-<region>`: the pipeline in one central region (central account), composed by
 * `central.processor.mode`: `none` key and staging bucket; `queue` adds the topic, tables, alarm
 * topic, region-wide alarms and dashboard; `lambda` adds the processor Lambda. Nothing here is per
 * cluster: each cluster's lane (queues, subscription, mapping, alarms, worker role) is in its lane
 * stack (stacks/lanes), so this stack's resource count does not grow with the clusters.
 */
import { TerraformOutput } from "cdktf";
import { LoghopStack } from "../common/loghop-stack";
import type { Construct } from "constructs";
import { stackNames } from "../../inventory/names";
import { regionParts } from "../../inventory/processor-mode";
import type { ResolvedInventory } from "../../inventory/resolved";
import type { TenantShardLayout } from "../../generators/processor-config/tenant-shards";
import { configureBackend } from "../common/backend";
import { awsProvider, deploySessionName, stackDeployRoleArn } from "../common/providers";
import { defaultTags } from "../common/tags";
import { alarms } from "./alarms";
import { pipelineDashboard } from "./dashboard";
import { clusterWriters } from "./cluster-writers";
import { pipelineKey } from "./kms";
import { notifications } from "./notifications";
import { processorFunction } from "./processor-function";
import { regionNames } from "./region-names";
import { stagingBucket } from "./staging-bucket";
import { processorTables } from "./tables";

export interface RegionStackProps {
  readonly inventory: ResolvedInventory;
  readonly region: string;
  /** Directory of the bundled processor (`dist/processor`), zipped into the stack as an asset (shape `lambda` only). */
  readonly processorBundleDir: string;
  /** The tenant table's shard items (`buildTenantShards`): every tenant, in every region. */
  readonly tenantShards: TenantShardLayout;
  /** The processor's environment in this region (`buildProcessorEnvironment`). */
  readonly processorEnvironment: Readonly<Record<string, string>>;
}

export class RegionStack extends LoghopStack {
  constructor(scope: Construct, props: RegionStackProps) {
    const name = stackNames.region(props.region);
    super(scope, name);
    const { inventory, region } = props;
    const central = inventory.central;
    configureBackend(this, inventory, name);
    awsProvider(this, "aws", {
      region,
      deployRoleArn: stackDeployRoleArn(inventory, central.regionDeployRoleArns[region]),
      allowedAccountIds: [central.accountId],
      sessionName: deploySessionName(name),
      tags: defaultTags(inventory, { Region: region }),
    });

    const names = regionNames(inventory, region);
    const parts = regionParts(central.processor.mode);
    const writers = clusterWriters(inventory, region);
    const key = pipelineKey(this, { names, prefix: inventory.prefix, writers, queues: parts.queues });
    const bucket = stagingBucket(this, {
      names,
      kmsKeyArn: key.arn,
      retentionDays: central.stagingRetentionDays,
      writers,
      prefix: inventory.prefix,
    });
    new TerraformOutput(this, "staging_bucket", { value: names.bucket });
    // Shape `none` ends here: the bucket has no notification, so whoever consumes the staged
    // objects configures their own (S3 keeps one notification configuration per bucket).
    if (!parts.queues) return;

    const topic = notifications(this, { names, kmsKeyArn: key.arn, bucketId: bucket.id });
    processorTables(this, names, props.tenantShards);
    alarms(this, {
      names,
      prefix: inventory.prefix,
      kmsKeyArn: key.arn,
      settings: central.alarms,
      lambda: parts.lambda,
    });
    pipelineDashboard(this, { names, prefix: inventory.prefix, lambda: parts.lambda });
    new TerraformOutput(this, "staged_objects_topic_arn", {
      value: topic.arn,
      description: "Subscribe further consumers here (fan-out).",
    });
    if (!parts.lambda) return;

    processorFunction(this, {
      stackName: name,
      names,
      settings: central.processor,
      bundleDir: props.processorBundleDir,
      environment: props.processorEnvironment,
      kmsKeyArn: key.arn,
    });
    new TerraformOutput(this, "processor_role_arn", { value: names.processorRoleArn });
  }
}
