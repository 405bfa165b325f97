/** The AWS provider of a stack: the target account's deploy role, its region, the default tags. */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { Construct } from "constructs";
import type { ResolvedInventory } from "../../inventory/resolved";

export interface AwsProviderProps {
  /** Region the provider deploys to. */
  readonly region: string;
  /** Role assumed in the target account; undefined = the caller's own credentials (no assume_role). */
  readonly deployRoleArn: string | undefined;
  /**
   * The only account the provider may touch. Terraform stops before any change when the
   * credentials belong to another account — e.g. `cdktf deploy '*'` run with the central
   * account's credentials reaching a self-applied customer stack. Undefined = unchecked.
   */
  readonly allowedAccountIds?: readonly string[];
  /** Session name shown in the target account's CloudTrail. */
  readonly sessionName: string;
  readonly tags: Readonly<Record<string, string>>;
  /** Provider alias; undefined = the stack's default AWS provider. */
  readonly alias?: string;
}

export function awsProvider(scope: Construct, id: string, props: AwsProviderProps): AwsProvider {
  return new AwsProvider(scope, id, {
    region: props.region,
    alias: props.alias,
    allowedAccountIds: props.allowedAccountIds === undefined ? undefined : [...props.allowedAccountIds],
    assumeRole:
      props.deployRoleArn === undefined
        ? undefined
        : [{ roleArn: props.deployRoleArn, sessionName: props.sessionName }],
    defaultTags: [{ tags: { ...props.tags } }],
  });
}

/** CloudTrail session name of a deploy: `loghop-<stack>`, trimmed to STS's 64 characters. */
export function deploySessionName(stackName: string): string {
  return `loghop-${stackName}`.slice(0, 64);
}

/**
 * The role a stack's provider assumes itself. With the `cloud` backend none: HCP Terraform's
 * dynamic credentials already are the phase's role — the read-only plan role during a plan, the
 * stack's deploy role (or the bootstrap's apply role) during an apply — so a plan never holds a
 * credential that could assume a role that writes (see stacks/tfc-bootstrap/policies.ts).
 */
export function stackDeployRoleArn(
  inventory: ResolvedInventory,
  deployRoleArn: string | undefined,
): string | undefined {
  return inventory.tfc === undefined ? deployRoleArn : undefined;
}
