/** `central`: the central log-distribution role (central account, IAM is global). */
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { TerraformOutput } from "cdktf";
import { LoghopStack } from "../common/loghop-stack";
import type { Construct } from "constructs";
import { centralAssumePolicyName, centralNames, stackNames } from "../../inventory/names";
import type { ResolvedInventory } from "../../inventory/resolved";
import { configureBackend } from "../common/backend";
import { policyJson } from "../common/policy-documents";
import { awsProvider, deploySessionName, stackDeployRoleArn } from "../common/providers";
import { defaultTags } from "../common/tags";
import { StackError } from "../errors";
import { centralAssumeDocuments, MANAGED_POLICIES_PER_ROLE_MAX } from "./assume-policies";
import { centralAssumeTargets, centralTrustPolicy } from "./central-principals";

export interface CentralStackProps {
  readonly inventory: ResolvedInventory;
}

export class CentralStack extends LoghopStack {
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

    const documents = centralAssumeDocuments(centralAssumeTargets(inventory));
    if (documents.length > MANAGED_POLICIES_PER_ROLE_MAX) {
      // `loghop validate` refuses such an inventory first (rule aws-limits); this guards direct use.
      throw new StackError(
        name,
        `the central role would need ${documents.length} managed policies (the loghop name pattern, ` +
          `tenant-owned delivery roles, disabled tenants' roles), more than the ${MANAGED_POLICIES_PER_ROLE_MAX} ` +
          `IAM attaches to a role by default`,
      );
    }
    const role = new IamRole(this, "central-role", {
      name: centralNames.centralRole(inventory.prefix),
      description: "loghop: assumed by the processors, assumes the tenants' delivery roles",
      // loghop's processor roles by their IAM path, external workers by exact ARN (central-principals).
      assumeRolePolicy: policyJson(centralTrustPolicy(inventory)),
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
