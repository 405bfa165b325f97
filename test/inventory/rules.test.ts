/**
 * Every semantic rule, each with passing and failing cases. Each failing case breaks a
 * schema-valid inventory (asserted), so it is the rule — not the schema — that reports it.
 */
import { INVENTORY_RULES } from "../../inventory/rules";
import type { InventoryRule } from "../../inventory/rules";
import type { Inventory } from "../../inventory/types";
import { checkInventorySchema } from "../../inventory/validate-schema";
import { type RawInventory, validRawInventory } from "../support/inventory-factory";

interface Expected {
  readonly path: string;
  readonly message: RegExp;
}

interface RuleCase {
  readonly rule: string;
  readonly name: string;
  readonly change: (inventory: RawInventory) => void;
  /** Empty = the rule passes. */
  readonly expected: readonly Expected[];
}

const KMS_KEY = "arn:aws:kms:us-east-1:333333333333:key/0f6b5a9e-3c2d-4b1a-9e8f-7d6c5b4a3f21";
const ISSUER_HOST = "oidc.eks.eu-west-1.amazonaws.com/id/5C7F2A9B1E3D4F6A8B0C2D4E6F8A0B1C";
const LONG_REGION = `eu-${"a".repeat(36)}-1`;
const WORKER_ROLE = "arn:aws:iam::111111111111:role/loghop-worker";
const WORKER_IMAGE = "111111111111.dkr.ecr.eu-west-1.amazonaws.com/loghop-worker:0.1.0";
const BETA_OWN_ROLE = "arn:aws:iam::333333333333:role/platform/logging/BetaLoghopDelivery";

/** A Terraform Cloud backend, optionally with agent pools. */
function cloudBackend(clusterAgentPools?: Record<string, string>): RawInventory["central"]["backend"] {
  return { type: "cloud", organization: "acme", project: "logs", ...(clusterAgentPools && { clusterAgentPools }) };
}

function rule(id: string): InventoryRule {
  const found = INVENTORY_RULES.find((candidate) => candidate.id === `loghop:inventory:${id}`);
  if (found === undefined) throw new Error(`no rule ${id}`);
  return found;
}

const CASES: readonly RuleCase[] = [
  // unique-tenant-ids
  { rule: "unique-tenant-ids", name: "distinct ids", change: () => {}, expected: [] },
  {
    rule: "unique-tenant-ids",
    name: "a repeated id",
    change: (inv) => {
      inv.tenants[1]!.id = "alpha";
    },
    expected: [{ path: "/tenants/1/id", message: /^duplicate tenant id "alpha" \(first used at \/tenants\/0\/id\)/ }],
  },
  // unique-cluster-ids
  { rule: "unique-cluster-ids", name: "distinct ids", change: () => {}, expected: [] },
  {
    rule: "unique-cluster-ids",
    name: "a repeated id",
    change: (inv) => {
      inv.clusters[1]!.id = "eks-a";
    },
    expected: [
      { path: "/clusters/1/id", message: /^duplicate cluster id "eks-a" \(first used at \/clusters\/0\/id\)/ },
    ],
  },
  // unique-external-ids
  { rule: "unique-external-ids", name: "distinct random ids", change: () => {}, expected: [] },
  {
    rule: "unique-external-ids",
    name: "two tenants share an ExternalId",
    change: (inv) => {
      inv.tenants[1]!.externalId = inv.tenants[0]!.externalId;
    },
    expected: [
      {
        path: "/tenants/1/externalId",
        message: /^externalId is already used at \/tenants\/0\/externalId; .*loghop external-id/,
      },
    ],
  },
  {
    rule: "unique-external-ids",
    name: "an ExternalId built from an account id",
    change: (inv) => {
      inv.tenants[0]!.externalId = "loghop-111111111111-alpha-tenant-key";
    },
    expected: [
      { path: "/tenants/0/externalId", message: /contains the account id 111111111111, which makes it guessable/ },
    ],
  },
  {
    rule: "unique-external-ids",
    name: "a rotation accepts a fresh id besides the current one",
    change: (inv) => {
      inv.tenants[0]!.acceptedExternalIds = ["lhx-RotationRotationRotationRotation1"];
    },
    expected: [],
  },
  {
    rule: "unique-external-ids",
    name: "a tenant's role would accept another tenant's ExternalId",
    change: (inv) => {
      inv.tenants[1]!.acceptedExternalIds = [inv.tenants[0]!.externalId];
    },
    expected: [
      {
        path: "/tenants/1/acceptedExternalIds/0",
        message: /^externalId is already used at \/tenants\/0\/externalId; /,
      },
    ],
  },
  // cluster-regions
  { rule: "cluster-regions", name: "clusters in central regions", change: () => {}, expected: [] },
  {
    rule: "cluster-regions",
    name: "a cluster outside the central regions",
    change: (inv) => {
      inv.clusters[0]!.region = "eu-west-2";
    },
    expected: [
      {
        path: "/clusters/0/region",
        message: /^region "eu-west-2" is not a central region; did you mean "eu-west-1"\? .*: eu-west-1, us-east-1$/,
      },
    ],
  },
  // delivery-regions
  { rule: "delivery-regions", name: "deliveries in central regions", change: () => {}, expected: [] },
  {
    rule: "delivery-regions",
    name: "a delivery outside the central regions",
    change: (inv) => {
      inv.tenants[0]!.deliveries[1]!.region = "ap-south-1";
    },
    expected: [
      {
        path: "/tenants/0/deliveries/1/region",
        message: /^region "ap-south-1" is not a central region; a delivery's region/,
      },
    ],
  },
  // cluster-tenants
  { rule: "cluster-tenants", name: "known tenants, each once", change: () => {}, expected: [] },
  {
    rule: "cluster-tenants",
    name: "an unknown tenant (with a suggestion) and a repeated one",
    change: (inv) => {
      inv.clusters[1]!.tenants = ["beta", "alpah", "beta"];
    },
    expected: [
      {
        path: "/clusters/1/tenants/1",
        message: /^unknown tenant "alpah"; did you mean "alpha"\? known tenants: alpha, beta$/,
      },
      {
        path: "/clusters/1/tenants/2",
        message: /^tenant "beta" is listed twice \(first at \/clusters\/1\/tenants\/0\)$/,
      },
    ],
  },
  // deploy-role-accounts
  { rule: "deploy-role-accounts", name: "roles in their own accounts", change: () => {}, expected: [] },
  {
    rule: "deploy-role-accounts",
    name: "roles in other accounts (central, tenant, cluster)",
    change: (inv) => {
      inv.central.deployRoleArn = "arn:aws:iam::999999999999:role/deployer";
      inv.tenants[0]!.deployRoleArn = "arn:aws:iam::111111111111:role/deployer";
      inv.clusters[1]!.deployRoleArn = "arn:aws:iam::444444444444:role/deployer";
    },
    expected: [
      {
        path: "/central/deployRoleArn",
        message: /^role is in account 999999999999 but \/central\/accountId is 111111111111/,
      },
      {
        path: "/tenants/0/deployRoleArn",
        message: /^role is in account 111111111111 but \/tenants\/0\/accountId is 222222222222/,
      },
      {
        path: "/clusters/1/deployRoleArn",
        message: /^role is in account 444444444444 but \/clusters\/1\/accountId is 555555555555/,
      },
    ],
  },
  // delivery-role-accounts
  {
    rule: "delivery-role-accounts",
    name: "a tenant's own role in its own account, any path",
    change: (inv) => {
      inv.tenants[1]!.deliveryRoleArn = BETA_OWN_ROLE;
    },
    expected: [],
  },
  {
    rule: "delivery-role-accounts",
    name: "a tenant's own role in another tenant's account",
    change: (inv) => {
      inv.tenants[1]!.deliveryRoleArn = "arn:aws:iam::222222222222:role/loghop/beta";
    },
    expected: [
      {
        path: "/tenants/1/deliveryRoleArn",
        message:
          /^role is in account 222222222222 but \/tenants\/1\/accountId is 333333333333; the delivery role must be in the tenant's own account$/,
      },
    ],
  },
  // unique-delivery-roles
  {
    rule: "unique-delivery-roles",
    name: "a tenant's own role beside loghop-named ones",
    change: (inv) => {
      inv.tenants[1]!.deliveryRoleArn = BETA_OWN_ROLE;
    },
    expected: [],
  },
  {
    rule: "unique-delivery-roles",
    name: "another tenant's role in a shared account, by another case and path",
    change: (inv) => {
      inv.tenants[1]!.accountId = "222222222222";
      inv.tenants[1]!.deliveries = [{ type: "cloudwatch", region: "us-east-1", logGroupPrefix: "/beta/k8s" }];
      inv.tenants[1]!.deliveryRoleArn = "arn:aws:iam::222222222222:role/other/LH-TEST-ALPHA-DELIVERY";
    },
    expected: [
      {
        path: "/tenants/1/deliveryRoleArn",
        message:
          /^delivery role arn:aws:iam::222222222222:role\/other\/LH-TEST-ALPHA-DELIVERY is already tenant alpha's \(\/tenants\/0\/id\); each tenant needs a role of its own$/,
      },
    ],
  },
  {
    rule: "unique-delivery-roles",
    name: "loghop's name for another tenant's role, or for the central role",
    change: (inv) => {
      inv.tenants[1]!.deliveryRoleArn = "arn:aws:iam::333333333333:role/lh-test-alpha-delivery";
    },
    expected: [
      {
        path: "/tenants/1/deliveryRoleArn",
        message: /^role name lh-test-alpha-delivery is tenant alpha's delivery role, a name loghop generates/,
      },
    ],
  },
  {
    rule: "unique-delivery-roles",
    name: "the central role's name",
    change: (inv) => {
      inv.tenants[1]!.deliveryRoleArn = "arn:aws:iam::333333333333:role/lh-test-central-distribution";
    },
    expected: [
      {
        path: "/tenants/1/deliveryRoleArn",
        message: /^role name lh-test-central-distribution is the central distribution role, a name loghop generates/,
      },
    ],
  },
  {
    rule: "unique-delivery-roles",
    name: "a deploy role of the inventory (tenants sharing an account)",
    change: (inv) => {
      inv.tenants[1]!.accountId = "222222222222";
      inv.tenants[1]!.deliveries = [{ type: "cloudwatch", region: "us-east-1", logGroupPrefix: "/beta/k8s" }];
      inv.tenants[1]!.deliveryRoleArn = "arn:aws:iam::222222222222:role/loghop-deployer";
    },
    expected: [
      {
        path: "/tenants/1/deliveryRoleArn",
        message:
          /^role arn:aws:iam::222222222222:role\/loghop-deployer is the deploy role at \/tenants\/0\/deployRoleArn; a delivery role must be a role of its own/,
      },
    ],
  },
  // delivery-role-without-deploy-role
  {
    rule: "delivery-role-without-deploy-role",
    name: "a tenant's own role and no deploy role",
    change: (inv) => {
      inv.tenants[1]!.deliveryRoleArn = BETA_OWN_ROLE;
    },
    expected: [],
  },
  {
    rule: "delivery-role-without-deploy-role",
    name: "a tenant's own role and a deploy role for a stack it does not have",
    change: (inv) => {
      inv.tenants[0]!.deliveryRoleArn = "arn:aws:iam::222222222222:role/alpha-loghop";
    },
    expected: [
      {
        path: "/tenants/0/deployRoleArn",
        message: /^deployRoleArn applies the customer stack, which a tenant with its own deliveryRoleArn does not have/,
      },
    ],
  },
  // oidc-providers
  {
    rule: "oidc-providers",
    name: "an explicit provider matching the cluster",
    change: (inv) => {
      inv.clusters[0]!.oidcProviderArn = `arn:aws:iam::444444444444:oidc-provider/${ISSUER_HOST}`;
    },
    expected: [],
  },
  {
    rule: "oidc-providers",
    name: "a provider in another account, for another issuer",
    change: (inv) => {
      inv.clusters[0]!.oidcProviderArn = "arn:aws:iam::111111111111:oidc-provider/oidc.example.com/other";
    },
    expected: [
      {
        path: "/clusters/0/oidcProviderArn",
        message: /^provider is in account 111111111111 but the cluster's accountId is 444444444444/,
      },
      {
        path: "/clusters/0/oidcProviderArn",
        message: /^provider names the issuer "oidc.example.com\/other" but oidcIssuerUrl is "oidc.eks/,
      },
    ],
  },
  // agent-pool-clusters
  {
    rule: "agent-pool-clusters",
    name: "agent pools of existing clusters",
    change: (inv) => {
      inv.central.backend = cloudBackend({ "rosa-b": "apool-1" });
    },
    expected: [],
  },
  {
    rule: "agent-pool-clusters",
    name: "an agent pool of an unknown cluster",
    change: (inv) => {
      inv.central.backend = cloudBackend({ "rosa-c": "apool-1" });
    },
    expected: [
      {
        path: "/central/backend/clusterAgentPools/rosa-c",
        message: /^no cluster "rosa-c"; did you mean "rosa-b"\? clusters: eks-a, rosa-b$/,
      },
    ],
  },
  // state-per-estate
  {
    rule: "state-per-estate",
    name: "default state locations, and explicit ones that carry the prefix",
    change: (inv) => {
      inv.central.backend = { type: "s3", bucket: "acme-state", keyPrefix: "states/lh-test/logs" };
    },
    expected: [],
  },
  {
    rule: "state-per-estate",
    name: "a workspace prefix that carries the prefix as a -separated part",
    change: (inv) => {
      inv.central.backend = { type: "cloud", organization: "acme", project: "logs", workspacePrefix: "acme-lh-test" };
    },
    expected: [],
  },
  {
    rule: "state-per-estate",
    name: "a local directory without the prefix",
    change: (inv) => {
      inv.central.backend = { type: "local", path: "state" };
    },
    expected: [
      {
        path: "/central/backend/path",
        message: /^state directory "state" must contain the inventory prefix "lh-test" as a path segment/,
      },
    ],
  },
  {
    rule: "state-per-estate",
    name: "an S3 key prefix naming the environment only by a substring",
    change: (inv) => {
      inv.central.backend = { type: "s3", bucket: "acme-state", keyPrefix: "loghop/lh-testing" };
    },
    expected: [
      {
        path: "/central/backend/keyPrefix",
        message: /^state key prefix "loghop\/lh-testing" must contain the inventory prefix "lh-test"/,
      },
    ],
  },
  {
    rule: "state-per-estate",
    name: "a workspace prefix and a bootstrap state without the prefix",
    change: (inv) => {
      inv.central.backend = {
        type: "cloud",
        organization: "acme",
        project: "logs",
        workspacePrefix: "acme",
        bootstrapState: { type: "s3", bucket: "acme-state", keyPrefix: "bootstrap" },
      };
    },
    expected: [
      {
        path: "/central/backend/workspacePrefix",
        message: /^workspace prefix "acme" must contain the inventory prefix "lh-test"/,
      },
      { path: "/central/backend/bootstrapState/keyPrefix", message: /^state key prefix "bootstrap" must contain/ },
    ],
  },
  // state-locking
  {
    rule: "state-locking",
    name: "a DynamoDB table alone locks",
    change: (inv) => {
      inv.central.backend = { type: "s3", bucket: "acme-state", useLockfile: false, lockTable: "tf-locks" };
    },
    expected: [],
  },
  {
    rule: "state-locking",
    name: "neither a lock file nor a lock table",
    change: (inv) => {
      inv.central.backend = { type: "s3", bucket: "acme-state", useLockfile: false };
    },
    expected: [{ path: "/central/backend/useLockfile", message: /^S3 state needs a lock/ }],
  },
  {
    rule: "state-locking",
    name: "a bootstrap state without a lock",
    change: (inv) => {
      inv.central.backend = {
        type: "cloud",
        organization: "acme",
        project: "logs",
        bootstrapState: { type: "s3", bucket: "acme-state", useLockfile: false },
      };
    },
    expected: [{ path: "/central/backend/bootstrapState/useLockfile", message: /^S3 state needs a lock/ }],
  },
  // cloud-cluster-agent-pool
  {
    rule: "cloud-cluster-agent-pool",
    name: "a local backend needs no agent pool",
    change: () => {},
    expected: [],
  },
  {
    rule: "cloud-cluster-agent-pool",
    name: "the cloud backend with an agent pool for every cluster",
    change: (inv) => {
      inv.central.backend = cloudBackend({ "eks-a": "apool-1", "rosa-b": "apool-2" });
    },
    expected: [],
  },
  {
    rule: "cloud-cluster-agent-pool",
    name: "the cloud backend with a pool for one cluster of two",
    change: (inv) => {
      inv.central.backend = cloudBackend({ "eks-a": "apool-1" });
      inv.clusters[1]!.kube = { context: "rosa-b-admin" };
    },
    expected: [
      {
        path: "/clusters/1",
        message:
          /^cluster "rosa-b" has no TFC agent pool; add "rosa-b": "apool-…" to central\.backend\.clusterAgentPools: TFC's hosted runners have no kubeconfig for kube\.context "rosa-b-admin", so the workspace of cluster-rosa-b could never plan$/,
      },
    ],
  },
  {
    rule: "cloud-cluster-agent-pool",
    name: "the cloud backend without any agent pool",
    change: (inv) => {
      inv.central.backend = cloudBackend();
    },
    expected: [
      { path: "/clusters/0", message: /^cluster "eks-a" has no TFC agent pool; add "eks-a": "apool-…"/ },
      { path: "/clusters/1", message: /^cluster "rosa-b" has no TFC agent pool; add "rosa-b": "apool-…"/ },
    ],
  },
  // region-deploy-roles
  {
    rule: "region-deploy-roles",
    name: "a role in the central account for a central region",
    change: (inv) => {
      inv.central.regionDeployRoleArns = { "eu-west-1": "arn:aws:iam::111111111111:role/deploy-eu" };
    },
    expected: [],
  },
  {
    rule: "region-deploy-roles",
    name: "an unknown region and a role in another account",
    change: (inv) => {
      inv.central.regionDeployRoleArns = {
        "eu-central-1": "arn:aws:iam::111111111111:role/deploy-fra",
        "us-east-1": "arn:aws:iam::999999999999:role/deploy-us",
      };
    },
    expected: [
      {
        path: "/central/regionDeployRoleArns/eu-central-1",
        message: /^"eu-central-1" is not in central\.regions; allowed: eu-west-1, us-east-1$/,
      },
      {
        path: "/central/regionDeployRoleArns/us-east-1",
        message: /^role is in account 999999999999 but central\.accountId is 111111111111/,
      },
    ],
  },
  // cloud-deploy-role-per-stack
  {
    rule: "cloud-deploy-role-per-stack",
    name: "two cluster stacks on one role spelled with another case and path",
    change: (inv) => {
      inv.central.backend = cloudBackend();
      inv.central.regionDeployRoleArns = {
        "eu-west-1": "arn:aws:iam::111111111111:role/deploy-eu",
        "us-east-1": "arn:aws:iam::111111111111:role/deploy-us",
      };
      inv.clusters[0]!.deployRoleArn = "arn:aws:iam::444444444444:role/Deployer";
      inv.clusters[1]!.accountId = "444444444444";
      inv.clusters[1]!.deployRoleArn = "arn:aws:iam::444444444444:role/team/deployer";
    },
    expected: [
      {
        path: "/clusters/1/deployRoleArn",
        message: /would share deploy role .*role\/team\/deployer with cluster-eks-a/,
      },
    ],
  },
  {
    rule: "cloud-deploy-role-per-stack",
    name: "the cloud backend, every stack with its own role or (clusters) none",
    change: (inv) => {
      inv.central.backend = cloudBackend();
      inv.central.regionDeployRoleArns = {
        "eu-west-1": "arn:aws:iam::111111111111:role/deploy-eu",
        "us-east-1": "arn:aws:iam::111111111111:role/deploy-us",
      };
      inv.clusters[0]!.deployRoleArn = "arn:aws:iam::444444444444:role/deploy-eks-a";
    },
    expected: [],
  },
  {
    rule: "cloud-deploy-role-per-stack",
    name: "shared and missing roles with a local backend (one applier holds them all anyway)",
    change: (inv) => {
      inv.clusters[0]!.deployRoleArn = "arn:aws:iam::444444444444:role/deployer";
      inv.clusters[1]!.accountId = "444444444444";
      inv.clusters[1]!.deployRoleArn = "arn:aws:iam::444444444444:role/deployer";
    },
    expected: [],
  },
  {
    rule: "cloud-deploy-role-per-stack",
    name: "the cloud backend with regions on the central role and two clusters on one role",
    change: (inv) => {
      inv.central.backend = cloudBackend();
      inv.clusters[0]!.deployRoleArn = "arn:aws:iam::444444444444:role/deployer";
      inv.clusters[1]!.accountId = "444444444444";
      inv.clusters[1]!.deployRoleArn = "arn:aws:iam::444444444444:role/deployer";
    },
    expected: [
      {
        path: "/central/regionDeployRoleArns",
        message:
          /^region-eu-west-1 would deploy with central\.deployRoleArn, the central workspace's apply role, while central\.backend\.type is "cloud": .*; add "eu-west-1": "arn:aws:iam::111111111111:role\/…" to central\.regionDeployRoleArns$/,
      },
      { path: "/central/regionDeployRoleArns", message: /^region-us-east-1 would deploy with central\.deployRoleArn/ },
      {
        path: "/clusters/1/deployRoleArn",
        message:
          /^cluster-rosa-b would share deploy role arn:aws:iam::444444444444:role\/deployer with cluster-eks-a \(\/clusters\/0\/deployRoleArn\): with the cloud backend a deploy role is the apply role of exactly one TFC workspace/,
      },
    ],
  },
  {
    rule: "cloud-deploy-role-per-stack",
    name: "the cloud backend, a tenant's role reused by a region, central without a role",
    change: (inv) => {
      inv.central.backend = cloudBackend();
      delete inv.central.deployRoleArn;
      inv.central.regionDeployRoleArns = {
        "eu-west-1": "arn:aws:iam::111111111111:role/deploy-eu",
        "us-east-1": "arn:aws:iam::111111111111:role/deploy-eu",
      };
    },
    expected: [
      {
        path: "/central/deployRoleArn",
        message:
          /^central has no deploy role while central\.backend\.type is "cloud": .*administrator rights.*; set central\.deployRoleArn$/,
      },
      {
        path: "/central/regionDeployRoleArns/us-east-1",
        message:
          /^region-us-east-1 would share deploy role arn:aws:iam::111111111111:role\/deploy-eu with region-eu-west-1/,
      },
    ],
  },
  // log-group-target
  { rule: "log-group-target", name: "one of name / prefix each", change: () => {}, expected: [] },
  {
    rule: "log-group-target",
    name: "both name and prefix",
    change: (inv) => {
      Object.assign(inv.tenants[1]!.deliveries[0]!, { logGroupName: "/beta/all" });
    },
    expected: [
      { path: "/tenants/1/deliveries/0", message: /^has both logGroupName and logGroupPrefix; set exactly one/ },
    ],
  },
  {
    rule: "log-group-target",
    name: "neither name nor prefix",
    change: (inv) => {
      inv.tenants[1]!.deliveries[0] = { type: "cloudwatch", region: "us-east-1" };
    },
    expected: [
      { path: "/tenants/1/deliveries/0", message: /^has neither logGroupName nor logGroupPrefix; set exactly one/ },
    ],
  },
  // log-group-names
  {
    rule: "log-group-names",
    name: "every allowed character, and a prefix at the limit",
    change: (inv) => {
      Object.assign(inv.tenants[0]!.deliveries[0]!, { logGroupName: "/Aa0_-./#x" });
      Object.assign(inv.tenants[1]!.deliveries[0]!, { logGroupPrefix: `/${"p".repeat(447)}` });
    },
    expected: [],
  },
  {
    rule: "log-group-names",
    name: "reserved and bad characters in a name",
    change: (inv) => {
      Object.assign(inv.tenants[0]!.deliveries[0]!, { logGroupName: "aws/my logs:x" });
    },
    expected: [
      {
        path: "/tenants/0/deliveries/0/logGroupName",
        message: /^log group name may contain only letters, digits and _ - \/ \. #; found " " ":"$/,
      },
      { path: "/tenants/0/deliveries/0/logGroupName", message: /^log group name must not start with "aws\/"/ },
    ],
  },
  {
    rule: "log-group-names",
    name: "a name over 512 characters",
    change: (inv) => {
      Object.assign(inv.tenants[0]!.deliveries[0]!, { logGroupName: `/${"n".repeat(512)}` });
    },
    expected: [
      { path: "/tenants/0/deliveries/0/logGroupName", message: /^log group name must be 1–512 characters; got 513$/ },
    ],
  },
  {
    rule: "log-group-names",
    name: "a prefix leaving no room for the application, and one ending in /",
    change: (inv) => {
      Object.assign(inv.tenants[1]!.deliveries[0]!, { logGroupPrefix: `/${"p".repeat(447)}/` });
    },
    expected: [
      {
        path: "/tenants/1/deliveries/0/logGroupPrefix",
        message: /^log group prefix is 449 characters; at most 448 leaves room for "\/<application>"/,
      },
      { path: "/tenants/1/deliveries/0/logGroupPrefix", message: /^log group prefix must not end with "\/"/ },
    ],
  },
  // kms-keys
  { rule: "kms-keys", name: "a key in the delivery's region and account", change: () => {}, expected: [] },
  {
    rule: "kms-keys",
    name: "a key in another region and account",
    change: (inv) => {
      Object.assign(inv.tenants[1]!.deliveries[0]!, {
        kmsKeyArn: KMS_KEY.replace("us-east-1:333333333333", "eu-west-1:999999999999"),
      });
    },
    expected: [
      {
        path: "/tenants/1/deliveries/0/kmsKeyArn",
        message: /^key is in region eu-west-1 but the delivery is in us-east-1/,
      },
      {
        path: "/tenants/1/deliveries/0/kmsKeyArn",
        message: /^key is in account 999999999999 but the tenant's accountId is 333333333333/,
      },
    ],
  },
  // bucket-names
  {
    rule: "bucket-names",
    name: "valid delivery and state buckets",
    change: (inv) => {
      inv.central.backend = { type: "s3", bucket: "lh.state-1", lockTable: "tf-locks" };
    },
    expected: [],
  },
  ...[
    ["alpha_logs", /may contain only lower-case letters, digits, dots and hyphens$/],
    ["ab", /must be 3–63 characters; got 2$/],
    [`b${"x".repeat(63)}`, /must be 3–63 characters; got 64$/],
    ["-alpha", /must begin and end with a letter or digit$/],
    ["alpha..logs", /must not contain two adjacent dots$/],
    ["192.168.10.1", /must not be formatted as an IP address$/],
    ["xn--alpha", /must not start with the reserved prefix "xn--"$/],
    ["sthree-alpha", /must not start with the reserved prefix "sthree-"$/],
    ["alpha-s3alias", /must not end with the reserved suffix "-s3alias"$/],
    ["alpha--ol-s3", /must not end with the reserved suffix "--ol-s3"$/],
  ].map(([bucket, message]): RuleCase => ({
    rule: "bucket-names",
    name: `delivery bucket ${String(bucket)}`,
    change: (inv) => {
      Object.assign(inv.tenants[0]!.deliveries[1]!, { bucket });
    },
    expected: [{ path: "/tenants/0/deliveries/1/bucket", message: message as RegExp }],
  })),
  {
    rule: "bucket-names",
    name: "an invalid state bucket",
    change: (inv) => {
      inv.central.backend = { type: "s3", bucket: "my_state", lockTable: "tf-locks" };
    },
    expected: [
      {
        path: "/central/backend/bucket",
        message: /^bucket name "my_state" may contain only lower-case letters, digits, dots and hyphens$/,
      },
    ],
  },
  // delivery-bucket-not-staging
  { rule: "delivery-bucket-not-staging", name: "a customer bucket", change: () => {}, expected: [] },
  {
    rule: "delivery-bucket-not-staging",
    name: "a delivery into the staging bucket of a region",
    change: (inv) => {
      Object.assign(inv.tenants[0]!.deliveries[1]!, { bucket: "lh-test-staging-111111111111-us-east-1" });
    },
    expected: [
      {
        path: "/tenants/0/deliveries/1/bucket",
        message:
          /^"lh-test-staging-111111111111-us-east-1" is a loghop staging bucket; delivering into it would be picked up and delivered again/,
      },
    ],
  },
  // name-budgets
  {
    rule: "name-budgets",
    name: "ids at the edge of the IAM budget",
    change: (inv) => {
      inv.tenants[0]!.id = "t".repeat(64 - "lh-test--delivery".length);
      inv.clusters[0]!.id = "c".repeat(64 - "lh-test--vector".length);
    },
    expected: [],
  },
  {
    rule: "name-budgets",
    name: "tenant and cluster ids too long for their IAM role names",
    change: (inv) => {
      inv.tenants[0]!.id = "t".repeat(63);
      inv.clusters[0]!.id = "c".repeat(50);
    },
    expected: [
      {
        path: "/tenants/0/id",
        message: /^IAM role name "lh-test-t{63}-delivery" would be 80 characters; the limit is 64 \(shorten this by 16/,
      },
      {
        path: "/clusters/0/id",
        message: /^IAM role name "lh-test-c{50}-vector" would be 65 characters; the limit is 64/,
      },
    ],
  },
  {
    rule: "name-budgets",
    name: "a region too long for the staging bucket",
    change: (inv) => {
      inv.central.regions = ["eu-west-1", LONG_REGION];
    },
    expected: [
      {
        path: "/central/regions/1",
        message: /^staging bucket name "lh-test-staging-111111111111-eu-a{36}-1" must be 3–63 characters; got 70$/,
      },
    ],
  },
  {
    rule: "name-budgets",
    name: "a prefix that makes the staging bucket name reserved",
    change: (inv) => {
      inv.prefix = "sthree";
    },
    expected: [
      {
        path: "/central/regions/0",
        message:
          /^staging bucket name "sthree-staging-111111111111-eu-west-1" must not start with the reserved prefix "sthree-"$/,
      },
      {
        path: "/central/regions/1",
        message: /^staging bucket name "sthree-staging-111111111111-us-east-1" must not start/,
      },
    ],
  },
  {
    rule: "name-budgets",
    name: "HCP Terraform workspace names over 90 characters",
    change: (inv) => {
      inv.central.backend = { type: "cloud", organization: "acme", project: "logs", workspacePrefix: "w".repeat(40) };
      inv.tenants[1]!.id = "b".repeat(45);
    },
    expected: [
      {
        path: "/tenants/1/id",
        message: /^HCP Terraform workspace name "w{40}-customer-b{45}" would be 95 characters; the limit is 90/,
      },
    ],
  },
  // log-group-collisions
  {
    rule: "log-group-collisions",
    name: "the same group name in another region and in another account",
    change: (inv) => {
      inv.tenants[0]!.deliveries.push({ type: "cloudwatch", region: "us-east-1", logGroupName: "/alpha/kubernetes" });
      inv.tenants[1]!.deliveries.push({ type: "cloudwatch", region: "eu-west-1", logGroupName: "/alpha/kubernetes" });
    },
    expected: [],
  },
  {
    rule: "log-group-collisions",
    name: "the same group twice in one account and region",
    change: (inv) => {
      inv.tenants[0]!.deliveries.push({ type: "cloudwatch", region: "eu-west-1", logGroupName: "/alpha/kubernetes" });
    },
    expected: [
      {
        path: "/tenants/0/deliveries/2/logGroupName",
        message:
          /^log group "\/alpha\/kubernetes" in 222222222222\/eu-west-1 is already written by \/tenants\/0\/deliveries\/0\/logGroupName/,
      },
    ],
  },
  {
    rule: "log-group-collisions",
    name: "a later prefix covering an earlier group",
    change: (inv) => {
      inv.tenants[0]!.deliveries.push({ type: "cloudwatch", region: "eu-west-1", logGroupPrefix: "/alpha" });
    },
    expected: [
      {
        path: "/tenants/0/deliveries/2/logGroupPrefix",
        message:
          /^logGroupPrefix "\/alpha" in 222222222222\/eu-west-1 covers log group "\/alpha\/kubernetes" already written by/,
      },
    ],
  },
  {
    rule: "log-group-collisions",
    name: "an earlier group inside a later prefix, and a repeated prefix (another tenant, same account)",
    change: (inv) => {
      inv.tenants[0]!.accountId = "333333333333";
      inv.tenants[0]!.deliveries.push({ type: "cloudwatch", region: "us-east-1", logGroupName: "/beta/k8s/web" });
      inv.tenants.push({
        ...structuredClone(inv.tenants[1]!),
        id: "gamma",
        externalId: "lhx-GammaGammaGammaGammaGammaGamma",
      });
    },
    expected: [
      {
        path: "/tenants/1/deliveries/0/logGroupPrefix",
        message:
          /^logGroupPrefix "\/beta\/k8s" in 333333333333\/us-east-1 covers log group "\/beta\/k8s\/web" already written by \/tenants\/0\/deliveries\/2\/logGroupName/,
      },
      {
        path: "/tenants/2/deliveries/0/logGroupPrefix",
        message:
          /^log group prefix "\/beta\/k8s" in 333333333333\/us-east-1 is already used by \/tenants\/1\/deliveries\/0\/logGroupPrefix/,
      },
    ],
  },
  // bucket-prefix-collisions
  {
    rule: "bucket-prefix-collisions",
    name: "disjoint prefixes of one bucket, and the same prefix in another bucket",
    change: (inv) => {
      inv.tenants[1]!.deliveries.push({
        type: "s3",
        region: "eu-west-1",
        bucket: "alpha-log-archive",
        prefix: "kubernetes-old/",
      });
      inv.tenants[1]!.deliveries.push({
        type: "s3",
        region: "eu-west-1",
        bucket: "beta-archive",
        prefix: "kubernetes/",
      });
    },
    expected: [],
  },
  {
    rule: "bucket-prefix-collisions",
    name: "a nested prefix and the whole bucket",
    change: (inv) => {
      inv.tenants[1]!.deliveries.push({
        type: "s3",
        region: "eu-west-1",
        bucket: "alpha-log-archive",
        prefix: "kubernetes/eu/",
      });
      inv.tenants[1]!.deliveries.push({ type: "s3", region: "eu-west-1", bucket: "alpha-log-archive" });
    },
    expected: [
      {
        path: "/tenants/1/deliveries/1",
        message:
          /^writes bucket "alpha-log-archive" under prefix "kubernetes\/eu\/", which overlaps prefix "kubernetes\/" of \/tenants\/0\/deliveries\/1/,
      },
      {
        path: "/tenants/1/deliveries/2",
        message:
          /^writes bucket "alpha-log-archive" under prefix "", which overlaps prefix "kubernetes\/" of \/tenants\/0\/deliveries\/1/,
      },
    ],
  },
  // desired-logs-unique
  { rule: "desired-logs-unique", name: "distinct applications", change: () => {}, expected: [] },
  {
    rule: "desired-logs-unique",
    name: "an application repeated in another case",
    change: (inv) => {
      inv.tenants[0]!.desiredLogs = ["Web", "checkout", "web"];
    },
    expected: [
      {
        path: "/tenants/0/desiredLogs/2",
        message: /^application "web" is listed twice \(first at \/tenants\/0\/desiredLogs\/0;/,
      },
    ],
  },
  // processor-batching
  {
    rule: "processor-batching",
    name: "a large batch with a window, and enough reserved concurrency",
    change: (inv) => {
      // Both clusters in one region: 2 lanes × maxConcurrency 10.
      inv.clusters[1]!.region = "eu-west-1";
      inv.central.processor = { batchSize: 100, reservedConcurrency: 20 };
    },
    expected: [],
  },
  {
    rule: "processor-batching",
    name: "a large batch without a window, and too little reserved concurrency",
    change: (inv) => {
      inv.clusters[1]!.region = "eu-west-1";
      inv.central.processor = { batchSize: 100, batchWindowSeconds: 0, reservedConcurrency: 15 };
    },
    expected: [
      {
        path: "/central/processor/batchWindowSeconds",
        message: /^is 0 but batchSize is 100; above 10 messages Lambda requires a batching window/,
      },
      {
        path: "/central/processor/reservedConcurrency",
        message:
          /^is 15 but maxConcurrency is 10 per cluster queue and a region has 2 clusters; reserve at least 20 \(maxConcurrency × clusters\)/,
      },
    ],
  },
  {
    rule: "processor-batching",
    name: "Lambda batching outside lambda mode (no mapping to reject it)",
    change: (inv) => {
      inv.central.processor = { mode: "queue", workerRoleArns: [WORKER_ROLE], batchSize: 100, batchWindowSeconds: 0 };
    },
    expected: [],
  },
  // processor-limits
  {
    rule: "processor-limits",
    name: "limits covering twice the largest batchMaxBytes",
    change: (inv) => {
      inv.clusters[0]!.vector = { batchMaxBytes: 50_000_000 };
      inv.central.processor = { limits: { maxUncompressedBytes: 100_000_000, maxEvents: 1_000_000 } };
    },
    expected: [],
  },
  {
    rule: "processor-limits",
    name: "limits below what a cluster's agent may stage",
    change: (inv) => {
      inv.clusters[1]!.vector = { batchMaxBytes: 50_000_000 };
      inv.central.processor = { limits: { maxUncompressedBytes: 64_000_000, maxEvents: 500_000 } };
    },
    expected: [
      {
        path: "/central/processor/limits/maxEvents",
        message: new RegExp(
          `^is 500000 but cluster "[a-z0-9-]+" may stage 1000000 events per object .*must be at least 1000000$`,
        ),
      },
      {
        path: "/central/processor/limits/maxUncompressedBytes",
        message:
          /^is 64000000 but cluster "[a-z0-9-]+" stages objects of up to 100000000 bytes \(2 × batchMaxBytes 50000000\); must be at least 100000000, or lower that batchMaxBytes$/,
      },
    ],
  },
  // reserved-tenant-id
  {
    rule: "reserved-tenant-id",
    name: "a tenant id that only starts like the heartbeat segment",
    change: (inv) => {
      inv.tenants[0]!.id = "loghop-heartbeats";
    },
    expected: [],
  },
  {
    rule: "reserved-tenant-id",
    name: "a tenant named like the heartbeat key segment",
    change: (inv) => {
      inv.tenants[1]!.id = "loghop-heartbeat";
    },
    expected: [
      {
        path: "/tenants/1/id",
        message:
          /^"loghop-heartbeat" is reserved: the agents stage their heartbeats under <cluster>\/loghop-heartbeat\/, and the processor never delivers them; choose another tenant id$/,
      },
    ],
  },
  {
    rule: "reserved-tenant-id",
    name: "a tenant named like the drop counter's catch-all label",
    change: (inv) => {
      inv.tenants[0]!.id = "other";
      inv.clusters.forEach((cluster) => {
        cluster.tenants = cluster.tenants.map((t) => (t === "alpha" ? "other" : t));
      });
    },
    expected: [{ path: "/tenants/0/id", message: /^"other" is reserved: the agents' dropped-events counter labels/ }],
  },
  // heartbeat-window
  {
    rule: "heartbeat-window",
    name: "the shortest window a one-minute batch timeout allows",
    change: (inv) => {
      inv.central.alarms = { heartbeatMissingMinutes: 4 };
    },
    expected: [],
  },
  {
    rule: "heartbeat-window",
    name: "a window shorter than a heartbeat's way, explicit and by a cluster's long batch timeout",
    change: (inv) => {
      inv.clusters[0]!.vector = { batchTimeoutSeconds: 900 };
    },
    expected: [
      {
        path: "/clusters/0/vector/batchTimeoutSeconds",
        message:
          /^heartbeatMissingMinutes is 15 but cluster [a-z0-9-]+ flushes its batches every 900 s: its heartbeat can take 18 minutes to arrive; set central.alarms.heartbeatMissingMinutes to at least 18 or lower batchTimeoutSeconds$/,
      },
    ],
  },
  {
    rule: "heartbeat-window",
    name: "an explicit window below the minimum",
    change: (inv) => {
      inv.central.alarms = { heartbeatMissingMinutes: 3 };
    },
    expected: [
      {
        path: "/central/alarms/heartbeatMissingMinutes",
        message: /^heartbeatMissingMinutes is 3 but cluster .* at least 4 /,
      },
      {
        path: "/central/alarms/heartbeatMissingMinutes",
        message: /^heartbeatMissingMinutes is 3 but cluster .* at least 4 /,
      },
    ],
  },
  // vector-resources
  {
    rule: "vector-resources",
    name: "requests equal to limits in other units",
    change: (inv) => {
      inv.clusters[0]!.vector = { requests: { cpu: "1000m", memory: "1024Mi" }, limits: { cpu: "1", memory: "1Gi" } };
    },
    expected: [],
  },
  {
    rule: "vector-resources",
    name: "requests above limits (against the defaults)",
    change: (inv) => {
      inv.clusters[1]!.vector = { requests: { cpu: "1.5", memory: "2G" } };
    },
    expected: [
      {
        path: "/clusters/1/vector/requests/cpu",
        message: /^CPU request 1.5 exceeds the CPU limit 1; Kubernetes requires request ≤ limit$/,
      },
      { path: "/clusters/1/vector/requests/memory", message: /^memory request 2G exceeds the memory limit 1Gi/ },
    ],
  },
  // container-log-dir
  {
    rule: "container-log-dir",
    name: "Docker with its default log directory, and Docker with a custom data-root",
    change: (inv) => {
      inv.clusters[0]!.vector = { containerRuntime: "docker" };
      inv.clusters[1]!.vector = { containerRuntime: "docker", containerLogDir: "/data/docker/containers" };
    },
    expected: [],
  },
  {
    rule: "container-log-dir",
    name: "a log directory for a runtime that writes under /var/log/pods",
    change: (inv) => {
      inv.clusters[1]!.vector = { containerLogDir: "/var/lib/containers" };
    },
    expected: [
      {
        path: "/clusters/1/vector/containerLogDir",
        message: /^only used with containerRuntime "docker"; cri-o writes pod logs under \/var\/log\/pods/,
      },
    ],
  },
  {
    rule: "container-log-dir",
    name: "a log directory that would expose kubelet secrets or host configuration",
    change: (inv) => {
      inv.clusters[0]!.vector = { containerRuntime: "docker", containerLogDir: "/var/lib" };
      inv.clusters[1]!.vector = { containerRuntime: "docker", containerLogDir: "/etc/docker" };
    },
    expected: [
      {
        path: "/clusters/0/vector/containerLogDir",
        message:
          /^"\/var\/lib" would mount \/var\/lib\/kubelet into the agent; give the runtime's container log directory only, e\.g\. \/var\/lib\/docker\/containers$/,
      },
      { path: "/clusters/1/vector/containerLogDir", message: /^"\/etc\/docker" would mount \/etc into the agent/ },
    ],
  },
  // agent-pod-metadata
  {
    rule: "agent-pod-metadata",
    name: "labels and annotations loghop does not use, and a PodMonitor release label",
    change: (inv) => {
      inv.clusters[0]!.vector = {
        podLabels: { team: "platform", "app.kubernetes.io/version": "0.57.0" },
        podAnnotations: { "cluster-autoscaler.kubernetes.io/safe-to-evict": "true" },
        podMonitor: { enabled: true, labels: { release: "kube-prometheus-stack" } },
      };
    },
    expected: [],
  },
  {
    rule: "agent-pod-metadata",
    name: "selector, loghop and tenant labels; the config checksum and security-profile annotations",
    change: (inv) => {
      inv.clusters[0]!.tenantSource = { from: "podLabel", key: "team", namespaceKey: "loghop.io/tenant" };
      inv.clusters[0]!.vector = {
        podLabels: { "app.kubernetes.io/name": "evil", "loghop.io/anything": "x", team: "alpha" },
        podAnnotations: {
          "checksum/config": "0",
          "container.apparmor.security.beta.kubernetes.io/vector": "unconfined",
          "openshift.io/required-scc": "privileged",
        },
        podMonitor: { enabled: true, labels: { "app.kubernetes.io/instance": "other" } },
      };
    },
    expected: [
      {
        path: "/clusters/0/vector/podLabels/app.kubernetes.io~1name",
        message:
          /^pod label "app\.kubernetes\.io\/name" is refused: loghop sets it on every agent object \(the DaemonSet, Service, NetworkPolicy and PodMonitor select pods by/,
      },
      {
        path: "/clusters/0/vector/podLabels/loghop.io~1anything",
        message: /keys under loghop\.io\/ are loghop's own; use another key$/,
      },
      {
        path: "/clusters/0/vector/podLabels/team",
        message: /it is the cluster's tenant pod label \(tenantSource\.key\)/,
      },
      {
        path: "/clusters/0/vector/podAnnotations/checksum~1config",
        message: /^pod annotation "checksum\/config" is refused: loghop sets it to vector\.yaml's sha256/,
      },
      {
        path: "/clusters/0/vector/podAnnotations/container.apparmor.security.beta.kubernetes.io~1vector",
        message: /AppArmor, seccomp or SCC profile/,
      },
      {
        path: "/clusters/0/vector/podAnnotations/openshift.io~1required-scc",
        message: /AppArmor, seccomp or SCC profile/,
      },
      {
        path: "/clusters/0/vector/podMonitor/labels/app.kubernetes.io~1instance",
        message: /^PodMonitor label "app\.kubernetes\.io\/instance" is refused/,
      },
    ],
  },
  // agent-node-affinity
  {
    rule: "agent-node-affinity",
    name: "worker-pool affinity and selector; control-plane selection where scheduleOnControlPlane allows it",
    change: (inv) => {
      inv.clusters[0]!.vector = {
        nodeSelector: { "kubernetes.io/os": "linux" },
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                {
                  matchExpressions: [
                    { key: "node.kubernetes.io/instance-type", operator: "In", values: ["m7g.large"] },
                  ],
                },
                { matchExpressions: [{ key: "example.com/gpu-count", operator: "Gt", values: ["0"] }] },
                { matchExpressions: [{ key: "node-role.kubernetes.io/control-plane", operator: "DoesNotExist" }] },
              ],
            },
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 10,
                preference: { matchExpressions: [{ key: "node-role.kubernetes.io/master", operator: "Exists" }] },
              },
            ],
          },
        },
      };
      inv.clusters[1]!.vector = {
        scheduleOnControlPlane: true,
        nodeSelector: { "node-role.kubernetes.io/master": "" },
      };
    },
    expected: [],
  },
  {
    rule: "agent-node-affinity",
    name: "requirements Kubernetes refuses, and control-plane nodes selected while the agent is kept off them",
    change: (inv) => {
      inv.clusters[0]!.vector = {
        nodeSelector: { "node-role.kubernetes.io/control-plane": "" },
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                {
                  matchExpressions: [
                    { key: "zone", operator: "In" },
                    { key: "node-role.kubernetes.io/master", operator: "Exists" },
                  ],
                },
              ],
            },
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 1, preference: { matchExpressions: [{ key: "cores", operator: "Gt", values: ["many"] }] } },
              { weight: 1, preference: { matchExpressions: [{ key: "spot", operator: "Exists", values: ["true"] }] } },
            ],
          },
        },
      };
    },
    expected: [
      {
        path: "/clusters/0/vector/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0/matchExpressions/0",
        message: /^operator In needs at least one value$/,
      },
      {
        path: "/clusters/0/vector/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0/matchExpressions/1",
        message:
          /^"node-role\.kubernetes\.io\/master" selects control-plane nodes, which the agent is kept off \(no node could match this term\); set "scheduleOnControlPlane": true or remove it$/,
      },
      {
        path: "/clusters/0/vector/affinity/nodeAffinity/preferredDuringSchedulingIgnoredDuringExecution/0/preference/matchExpressions/0",
        message: /^operator Gt needs exactly one integer value, got \["many"\]$/,
      },
      {
        path: "/clusters/0/vector/affinity/nodeAffinity/preferredDuringSchedulingIgnoredDuringExecution/1/preference/matchExpressions/0",
        message: /^operator Exists takes no values; remove them$/,
      },
      {
        path: "/clusters/0/vector/nodeSelector/node-role.kubernetes.io~1control-plane",
        message: /selects control-plane nodes, which the agent is kept off \(no node could run it\)/,
      },
    ],
  },
  // agent-update-strategy
  {
    rule: "agent-update-strategy",
    name: "a rolling update by percentage, and OnDelete",
    change: (inv) => {
      inv.clusters[0]!.vector = { updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%" } } };
      inv.clusters[1]!.vector = { updateStrategy: { type: "OnDelete" } };
    },
    expected: [],
  },
  {
    rule: "agent-update-strategy",
    name: "rollingUpdate settings with OnDelete",
    change: (inv) => {
      inv.clusters[1]!.vector = { updateStrategy: { type: "OnDelete", rollingUpdate: { maxUnavailable: 2 } } };
    },
    expected: [
      {
        path: "/clusters/1/vector/updateStrategy/rollingUpdate",
        message: /^only allowed with "type": "RollingUpdate" \(Kubernetes refuses it with OnDelete\); remove it$/,
      },
    ],
  },
  // agent-pod-monitor
  {
    rule: "agent-pod-monitor",
    name: "a timeout equal to the interval, and a timeout alone",
    change: (inv) => {
      inv.clusters[0]!.vector = { podMonitor: { enabled: true, intervalSeconds: 15, scrapeTimeoutSeconds: 15 } };
      inv.clusters[1]!.vector = { podMonitor: { enabled: true, scrapeTimeoutSeconds: 10 } };
    },
    expected: [],
  },
  {
    rule: "agent-pod-monitor",
    name: "a timeout longer than the interval",
    change: (inv) => {
      inv.clusters[0]!.vector = { podMonitor: { enabled: true, intervalSeconds: 15, scrapeTimeoutSeconds: 30 } };
    },
    expected: [
      {
        path: "/clusters/0/vector/podMonitor/scrapeTimeoutSeconds",
        message:
          /^must be at most intervalSeconds \(15\); got 30 \(Prometheus refuses a timeout longer than the interval\)$/,
      },
    ],
  },
  // agent-tolerations
  {
    rule: "agent-tolerations",
    name: "NoExecute with tolerationSeconds, Exists without a key, Equal with a value",
    change: (inv) => {
      inv.clusters[0]!.vector = {
        tolerations: [
          { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
          { operator: "Exists" },
          { key: "dedicated", operator: "Equal", value: "logging", effect: "NoSchedule" },
        ],
      };
    },
    expected: [],
  },
  {
    rule: "agent-tolerations",
    name: "tolerationSeconds without NoExecute, a value with Exists, no key with Equal",
    change: (inv) => {
      inv.clusters[0]!.vector = {
        tolerations: [
          { key: "dedicated", operator: "Exists", effect: "NoSchedule", tolerationSeconds: 60 },
          { key: "dedicated", operator: "Exists", value: "logging" },
          { value: "x" },
        ],
      };
    },
    expected: [
      {
        path: "/clusters/0/vector/tolerations/0/tolerationSeconds",
        message: /^only allowed with "effect": "NoExecute" .*; got effect NoSchedule$/,
      },
      { path: "/clusters/0/vector/tolerations/1/value", message: /^must be absent with "operator": "Exists"$/ },
      {
        path: "/clusters/0/vector/tolerations/2/operator",
        message: /^a toleration without a key must use "operator": "Exists"$/,
      },
    ],
  },
  // pod-label-tenant-unproven
  {
    rule: "pod-label-tenant-unproven",
    name: "a pod label on a single-tenant cluster, and one proven by a namespace label on a shared cluster",
    change: (inv) => {
      inv.clusters[1]!.tenantSource = { from: "podLabel", key: "loghop.io/tenant" };
      inv.clusters[0]!.tenantSource = { from: "podLabel", key: "team", namespaceKey: "loghop.io/tenant" };
    },
    expected: [],
  },
  {
    rule: "pod-label-tenant-unproven",
    name: "a pod label alone on a cluster carrying two tenants",
    change: (inv) => {
      inv.clusters[0]!.tenantSource = { from: "podLabel", key: "loghop.io/tenant" };
    },
    expected: [
      {
        path: "/clusters/0/tenantSource",
        message:
          /^a pod label alone lets anyone who can create a pod on cluster "eks-a" send its lines to another of its tenants \(alpha, beta\); add "namespaceKey": "<namespace label>" so the pod label must equal the namespace's, use \{"from": "namespaceLabel", "key": "loghop.io\/tenant"\}, or let this cluster carry one tenant$/,
      },
    ],
  },
  // namespace-tenant-self-provisioned
  {
    rule: "namespace-tenant-self-provisioned",
    name: "namespace names on a single-tenant OpenShift cluster and on a shared Kubernetes cluster",
    change: (inv) => {
      inv.clusters[0]!.tenantSource = { from: "namespace" };
    },
    expected: [],
  },
  {
    rule: "namespace-tenant-self-provisioned",
    name: "namespace names on an OpenShift cluster carrying two tenants",
    change: (inv) => {
      inv.clusters[1]!.tenants = ["beta", "alpha"];
    },
    expected: [
      {
        path: "/clusters/1/tenantSource/from",
        message:
          /^on OpenShift any authenticated user may create a project under any free name .* another of its tenants \(alpha, beta\); use \{"from": "namespaceLabel", "key": "loghop.io\/tenant"\} \(project requesters cannot set namespace labels\) or let this cluster carry one tenant$/,
      },
    ],
  },
  // processor-mode-settings (warning)
  {
    rule: "processor-mode-settings",
    name: "queue mode with the settings its queues and worker read",
    change: (inv) => {
      inv.central.processor = {
        mode: "queue",
        workerRoleArns: [WORKER_ROLE],
        timeoutSeconds: 120,
        maxReceiveCount: 3,
        logLevel: "WARN",
      };
    },
    expected: [],
  },
  {
    rule: "processor-mode-settings",
    name: "Lambda tuning under queue mode",
    change: (inv) => {
      inv.central.processor = { mode: "queue", workerRoleArns: [WORKER_ROLE], memoryMb: 512, maxConcurrency: 4 };
    },
    expected: [
      { path: "/central/processor/memoryMb", message: /^has no effect: mode is "queue", which deploys no Lambda/ },
      {
        path: "/central/processor/maxConcurrency",
        message: /^has no effect: mode is "queue", which deploys no Lambda/,
      },
    ],
  },
  {
    rule: "processor-mode-settings",
    name: "queue settings under none",
    change: (inv) => {
      inv.central.processor = { mode: "none", workerRoleArns: [WORKER_ROLE], maxReceiveCount: 3, batchSize: 5 };
    },
    expected: [
      {
        path: "/central/processor/maxReceiveCount",
        message: /^has no effect: mode is "none", which deploys no queues and no processor/,
      },
      { path: "/central/processor/batchSize", message: /^has no effect: mode is "none"/ },
    ],
  },
  // processor-central-trust
  {
    rule: "processor-central-trust",
    name: "queue mode naming its worker's role",
    change: (inv) => {
      inv.central.processor = { mode: "queue", workerRoleArns: [WORKER_ROLE] };
    },
    expected: [],
  },
  {
    rule: "processor-central-trust",
    name: "queue mode without a worker role",
    change: (inv) => {
      inv.central.processor = { mode: "queue" };
    },
    expected: [
      {
        path: "/central/processor/workerRoleArns",
        message:
          /^is empty but mode is "queue", so no loghop Lambda assumes the central role .* list the role of the worker that polls the queues/,
      },
    ],
  },
  {
    rule: "processor-central-trust",
    name: "none mode without a worker role",
    change: (inv) => {
      inv.central.processor = { mode: "none", workerRoleArns: [] };
    },
    expected: [{ path: "/central/processor/workerRoleArns", message: /^is empty but mode is "none"/ }],
  },
  {
    rule: "processor-central-trust",
    name: "queue mode with a worker placed on a cluster (its role is trusted automatically)",
    change: (inv) => {
      inv.central.processor = { mode: "queue" };
      (inv.clusters[0] as { processorWorker?: object }).processorWorker = { image: WORKER_IMAGE };
    },
    expected: [],
  },
  // processor-worker-mode
  {
    rule: "processor-worker-mode",
    name: "a worker beside the Lambda (a migration)",
    change: (inv) => {
      (inv.clusters[0] as { processorWorker?: object }).processorWorker = { image: WORKER_IMAGE };
    },
    expected: [],
  },
  {
    rule: "processor-worker-mode",
    name: "a worker where the regions have no queues",
    change: (inv) => {
      inv.central.processor = { mode: "none", workerRoleArns: [WORKER_ROLE] };
      (inv.clusters[0] as { processorWorker?: object }).processorWorker = { image: WORKER_IMAGE };
    },
    expected: [
      {
        path: "/clusters/0/processorWorker",
        message: /^is set but central.processor.mode is "none", which deploys no queues for a worker to poll/,
      },
    ],
  },
  // processor-worker-exposure
  {
    rule: "processor-worker-exposure",
    name: "no cluster hosts a worker",
    change: () => undefined,
    expected: [],
  },
  {
    rule: "processor-worker-exposure",
    name: "a worker on a cluster that carries only some of its region's tenants",
    change: (inv) => {
      inv.clusters[1]!.region = inv.clusters[0]!.region;
      inv.clusters[0]!.tenants = ["alpha"];
      inv.clusters[1]!.tenants = ["beta"];
      (inv.clusters[0] as { processorWorker?: object }).processorWorker = { image: WORKER_IMAGE };
    },
    expected: [
      {
        path: "/clusters/0/processorWorker",
        message:
          /^makes cluster eks-a hold the processor's power in eu-west-1: .* deliver as any of its 2 tenant\(s\), including beta, which this cluster does not carry; place workers on a platform-run cluster/,
      },
    ],
  },
  // worker-roles-own
  {
    rule: "worker-roles-own",
    name: "a worker role of its own",
    change: (inv) => {
      inv.central.processor = { mode: "queue", workerRoleArns: [WORKER_ROLE] };
    },
    expected: [],
  },
  {
    rule: "worker-roles-own",
    name: "the central deploy role (other case and path), a TFC phase role and the Vector role as workers",
    change: (inv) => {
      inv.central.processor = {
        mode: "queue",
        workerRoleArns: [
          "arn:aws:iam::111111111111:role/ci/Loghop-Deployer",
          "arn:aws:iam::111111111111:role/lh-test-tfc-region-eu-west-1-apply",
          "arn:aws:iam::111111111111:role/lh-test-central-distribution",
        ],
      };
    },
    expected: [
      {
        path: "/central/processor/workerRoleArns/0",
        message: /is the deploy role at \/central\/deployRoleArn; the central role trusts every worker role/,
      },
      {
        path: "/central/processor/workerRoleArns/1",
        message: /is a Terraform Cloud phase role the tfc-bootstrap creates/,
      },
      { path: "/central/processor/workerRoleArns/2", message: /is the central distribution role/ },
    ],
  },
  // unique-oidc-issuers
  {
    rule: "unique-oidc-issuers",
    name: "each cluster on its own issuer",
    change: () => undefined,
    expected: [],
  },
  {
    rule: "unique-oidc-issuers",
    name: "two clusters on one issuer (different spelling of the host's case)",
    change: (inv) => {
      inv.clusters[1]!.oidcIssuerUrl = inv.clusters[0]!.oidcIssuerUrl.replace("oidc.eks", "OIDC.eks");
    },
    expected: [
      {
        path: "/clusters/1/oidcIssuerUrl",
        message: /^is cluster eks-a's issuer too; the Vector roles trust the same service-account subject/,
      },
    ],
  },
  // worker-role-accounts
  {
    rule: "worker-role-accounts",
    name: "a worker role in the central account",
    change: (inv) => {
      inv.central.processor = { mode: "queue", workerRoleArns: [WORKER_ROLE] };
    },
    expected: [],
  },
  {
    rule: "worker-role-accounts",
    name: "a worker role in a cluster's account",
    change: (inv) => {
      inv.central.processor = { workerRoleArns: [WORKER_ROLE, "arn:aws:iam::444444444444:role/worker"] };
    },
    expected: [
      {
        path: "/central/processor/workerRoleArns/1",
        message: /^is in account 444444444444 but must be in the central account 111111111111/,
      },
    ],
  },
  // tenant-without-cluster (warning)
  { rule: "tenant-without-cluster", name: "every tenant carried", change: () => {}, expected: [] },
  {
    rule: "tenant-without-cluster",
    name: "a tenant no cluster carries",
    change: (inv) => {
      inv.clusters[0]!.tenants = ["beta"];
    },
    expected: [
      { path: "/tenants/0", message: /^no cluster carries tenant "alpha"; add it to the tenants of a cluster/ },
    ],
  },
  // tenant-without-deliveries (warning)
  {
    rule: "tenant-without-deliveries",
    name: "a disabled tenant with disabled deliveries",
    change: (inv) => {
      inv.tenants[1]!.enabled = false;
      inv.tenants[1]!.deliveries[0]!.enabled = false;
    },
    expected: [],
  },
  {
    rule: "tenant-without-deliveries",
    name: "an enabled tenant whose deliveries are all disabled",
    change: (inv) => {
      for (const delivery of inv.tenants[0]!.deliveries) delivery.enabled = false;
    },
    expected: [{ path: "/tenants/0/deliveries", message: /^every delivery of tenant "alpha" is disabled/ }],
  },
  // tenant-is-agent-namespace (warning)
  {
    rule: "tenant-is-agent-namespace",
    name: "the agent's namespace collected on purpose, and a label-derived tenant of that name",
    change: (inv) => {
      inv.tenants[1]!.id = "loghop";
      inv.clusters[0]!.tenants = ["alpha", "loghop"];
      inv.clusters[1]!.tenants = ["loghop"];
      inv.clusters[1]!.vector = { includeOwnNamespace: true };
    },
    expected: [],
  },
  {
    rule: "tenant-is-agent-namespace",
    name: "a namespace tenant named like the agent's namespace",
    change: (inv) => {
      inv.clusters[1]!.vector = { namespace: "beta" };
    },
    expected: [
      { path: "/clusters/1/tenants/0", message: /^tenant "beta" is the agent's own namespace, which the agent skips/ },
    ],
  },
  // aws-limits (stacks/limits; thresholds and synth measured in test/stacks/aws-limits.test.ts)
  { rule: "aws-limits", name: "every document within its limit", change: () => {}, expected: [] },
  {
    rule: "aws-limits",
    name: "30 regions: the central role's trust names the processor roles' path, not 30 ARNs",
    change: (inv) => {
      const extra = Array.from({ length: 28 }, (_, i) => `ap-southeast-${i + 10}`);
      inv.central.regions = [...inv.central.regions, ...extra];
    },
    expected: [],
  },
  {
    rule: "aws-limits",
    name: "1,000 clusters in 1,000 accounts in one region: the pipeline key policy",
    change: (inv) => {
      const [first] = inv.clusters;
      inv.clusters = Array.from({ length: 1_000 }, (_, i) => ({
        ...structuredClone(first!),
        id: `c${String(i).padStart(4, "0")}`,
        accountId: String(500_000_000_000 + i),
        oidcIssuerUrl: `https://oidc.eks.${first!.region}.amazonaws.com/id/C${i}`,
        kube: { context: `c${i}` },
      }));
      for (const tenant of inv.tenants) {
        for (const delivery of tenant.deliveries) delete (delivery as { allowedClusters?: unknown }).allowedClusters;
      }
    },
    expected: [
      {
        path: "/central/regions/0",
        message:
          /^the pipeline key policy \(clusters in 1000 accounts\) in \S+ \(1000 clusters\) would be [0-9,]+ bytes; AWS allows at most 32,768 bytes \(KMS key policy size/,
      },
    ],
  },
];

describe("semantic rules", () => {
  it.each(CASES.map((c) => [c.rule, c.name, c] as const))("%s: %s", (_id, _name, testCase) => {
    // Prepare
    const inventory = validRawInventory();
    testCase.change(inventory);
    // Act
    const problems = rule(testCase.rule).check(inventory as Inventory);
    // Assess: the broken document is schema-valid, so this rule alone must catch it; the
    // rule's own order is not part of its contract (validation sorts by path).
    expect(checkInventorySchema(inventory)).toStrictEqual([]);
    expect(problems).toHaveLength(testCase.expected.length);
    expect(problems).toEqual(
      expect.arrayContaining(
        testCase.expected.map(({ path, message }) => ({ path, message: expect.stringMatching(message) })),
      ),
    );
  });

  it("has a passing and a failing case for every rule in the table", () => {
    const ids = INVENTORY_RULES.map((r) => r.id.replace("loghop:inventory:", ""));
    const passing = new Set(CASES.filter((c) => c.expected.length === 0).map((c) => c.rule));
    const failing = new Set(CASES.filter((c) => c.expected.length > 0).map((c) => c.rule));
    expect(ids.filter((id) => !passing.has(id))).toStrictEqual([]);
    expect(ids.filter((id) => !failing.has(id))).toStrictEqual([]);
    expect([...new Set([...passing, ...failing])].sort()).toStrictEqual([...ids].sort());
  });

  it("gives every rule a unique stable id and a description", () => {
    const ids = INVENTORY_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of INVENTORY_RULES) {
      expect(r.id).toMatch(/^loghop:inventory:[a-z]+(-[a-z]+)*$/);
      expect(r.description.length).toBeGreaterThan(20);
      expect(r.reads.length).toBeGreaterThan(0);
    }
  });
});
