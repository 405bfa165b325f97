/** `region-<region>`: the pipeline in one central region (central account). */
import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { stackNames } from "../../inventory/names";
import type { ResolvedInventory } from "../../inventory/resolved";
import type { TenantDeliveryItem } from "../../processor/tenant-config/types";
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
  /** Directory of the bundled processor (`dist/processor`), zipped into the stack as an asset. */
  readonly processorBundleDir: string;
  /** Items of the tenant table (`buildTenantDeliveryItems`): every tenant, in every region. */
  readonly tenantItems: readonly TenantDeliveryItem[];
  /** The processor's environment in this region (`buildProcessorEnvironment`). */
  readonly processorEnvironment: Readonly<Record<string, string>>;
}

export class RegionStack extends TerraformStack {
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
    const writers = clusterWriters(inventory, region);
    const key = pipelineKey(this, { names, prefix: inventory.prefix, writers });
    const bucket = stagingBucket(this, {
      names,
      kmsKeyArn: key.arn,
      retentionDays: central.stagingRetentionDays,
      writers,
    });
    const pipeline = notifications(this, {
      names,
      kmsKeyArn: key.arn,
      bucketId: bucket.id,
      functionTimeoutSeconds: central.processor.timeoutSeconds,
      maxReceiveCount: central.processor.maxReceiveCount,
    });
    processorTables(this, names, props.tenantItems);
    processorFunction(this, {
      stackName: name,
      names,
      settings: central.processor,
      bundleDir: props.processorBundleDir,
      environment: props.processorEnvironment,
      kmsKeyArn: key.arn,
      queues: pipeline.lanes.map((l) => ({ clusterId: l.lane.clusterId, arn: l.queue.arn })),
    });
    alarms(this, {
      names,
      prefix: inventory.prefix,
      kmsKeyArn: key.arn,
      settings: central.alarms,
    });
    pipelineDashboard(this, { names, prefix: inventory.prefix });

    new TerraformOutput(this, "staging_bucket", { value: names.bucket });
    new TerraformOutput(this, "staged_objects_topic_arn", {
      value: pipeline.topic.arn,
      description: "Subscribe further consumers here (fan-out).",
    });
    new TerraformOutput(this, "processor_role_arn", { value: names.processorRoleArn });
  }
}
