/** `central`: the central log-distribution role (central account, IAM is global). */
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import {
  centralAssumePolicyName,
  centralNames,
  processorWorkerRoleArn,
  roleArn,
  stackNames,
} from "../../inventory/names";
import { regionParts } from "../../inventory/processor-mode";
import type { ResolvedInventory } from "../../inventory/resolved";
import { configureBackend } from "../common/backend";
import { policyJson, roleTrustPolicy } from "../common/policy-documents";
import { awsProvider, deploySessionName, stackDeployRoleArn } from "../common/providers";
import { defaultTags } from "../common/tags";
import { StackError } from "../errors";
import { chunkAssumePolicies, MANAGED_POLICIES_PER_ROLE_MAX } from "./assume-policies";

export interface CentralStackProps {
  readonly inventory: ResolvedInventory;
}

/** The processor Lambdas' execution roles, one per region: none unless the regions run a Lambda. */
export function processorRoleArns(inventory: ResolvedInventory): string[] {
  if (!regionParts(inventory.central.processor.mode).lambda) return [];
  const accountId = inventory.central.accountId;
  return inventory.central.regions.map((region) =>
    roleArn(accountId, centralNames.processorRole(inventory.prefix, region)),
  );
}

/**
 * The in-cluster workers' IRSA roles (region stacks), one per cluster with `processorWorker`;
 * none in shape `none`, which has no queues and creates no worker role (rule processor-worker-mode).
 */
export function clusterWorkerRoleArns(inventory: ResolvedInventory): string[] {
  if (!regionParts(inventory.central.processor.mode).queues) return [];
  return inventory.clusters
    .filter((cluster) => cluster.processorWorker !== undefined)
    .map((cluster) => processorWorkerRoleArn(inventory.prefix, inventory.central.accountId, cluster.id));
}

/**
 * Every principal the central role trusts, and the only ones: the Lambdas' roles, the in-cluster
 * workers' roles and the external workers' `workerRoleArns`. Rule `processor-central-trust`
 * keeps the list non-empty.
 */
export function centralRoleTrustedArns(inventory: ResolvedInventory): string[] {
  return [
    ...new Set([
      ...processorRoleArns(inventory),
      ...clusterWorkerRoleArns(inventory),
      ...inventory.central.processor.workerRoleArns,
    ]),
  ];
}

/**
 * Delivery roles of the enabled tenants, loghop-named or the tenant's own `deliveryRoleArn` (path
 * included, exactly as given: validation keeps it in the tenant's account and off every other
 * tenant's role). A disabled tenant's role is not assumable until it is enabled again (which is
 * a deploy anyway: its table items change).
 */
export function customerRoleArns(inventory: ResolvedInventory): string[] {
  return inventory.tenants.filter((tenant) => tenant.enabled).map((tenant) => tenant.deliveryRoleArn);
}

export class CentralStack extends TerraformStack {
  constructor(scope: Construct, props: CentralStackProps) {
    const name = stackNames.central();
    super(scope, name);
    const { inventory } = props;
    configureBackend(this, inventory, name);
    awsProvider(this, "aws", {
      region: inventory.central.regions[0] as string,
      deployRoleArn: stackDeployRoleArn(inventory, inventory.central.deployRoleArn),
      allowedAccountIds: [inventory.central.accountId],
      sessionName: deploySessionName(name),
      tags: defaultTags(inventory),
    });

    const documents = chunkAssumePolicies(customerRoleArns(inventory));
    if (documents.length > MANAGED_POLICIES_PER_ROLE_MAX) {
      throw new StackError(
        name,
        `the central role would need ${documents.length} managed policies to list every tenant role, ` +
          `more than the ${MANAGED_POLICIES_PER_ROLE_MAX} IAM attaches to a role by default; ` +
          `split the inventory into several loghop installations (prefixes) or raise the quota and this limit`,
      );
    }
    const role = new IamRole(this, "central-role", {
      name: centralNames.centralRole(inventory.prefix),
      description: "loghop: assumed by the processors, assumes the tenants' delivery roles",
      // Exact role ARNs, not the account root: no other principal of the account may use it.
      assumeRolePolicy: policyJson(roleTrustPolicy(centralRoleTrustedArns(inventory))),
      maxSessionDuration: 3600,
    });
    documents.forEach((document, index) => {
      const policy = new IamPolicy(this, `assume-tenants-${index + 1}`, {
        name: centralAssumePolicyName(inventory.prefix, index + 1),
        description: `loghop: AssumeRole on tenant delivery roles, part ${index + 1} of ${documents.length}`,
        policy: policyJson(document),
      });
      new IamRolePolicyAttachment(this, `assume-tenants-${index + 1}-attachment`, {
        role: role.name,
        policyArn: policy.arn,
      });
    });
    new TerraformOutput(this, "central_role_arn", { value: role.arn });
  }
}
