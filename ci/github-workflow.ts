/**
 * The GitHub Actions workflow `loghop ci` writes, built as a plain object from the inventory
 * and serialized once with `yaml`: same inventory, same bytes.
 *
 * - pull request: validate, generated files up to date, tests, synth, then a speculative plan in
 *   Terraform Cloud of only the stacks whose synthesized JSON the change touches;
 * - push to the main branch: (optionally) the tfc-bootstrap stack, then every workspace's stack
 *   through TFC, one deploy layer after the other (`cdktf deploy` of a CLI-driven workspace
 *   uploads the synthesized stack and waits for the remote apply).
 *
 * Secrets appear only as `${{ secrets.<NAME> }}` references; no AWS credential is involved:
 * TFC runs get theirs from the workspaces' run roles (dynamic provider credentials).
 */
import { stringify } from "yaml";
import { stackNames, tfcTokenEnvName } from "../inventory/names";
import type { ResolvedInventory } from "../inventory/resolved";
import { planTfc, workspaceLayers } from "../stacks/tfc-bootstrap";

/** TFC API token (a team token allowed to run the workspaces, and to manage them for the bootstrap job). */
export const TF_API_TOKEN_SECRET = "TF_API_TOKEN";
/** Repository variable: role the bootstrap job assumes through GitHub's OIDC provider (no key either). */
export const BOOTSTRAP_ROLE_VARIABLE = "LOGHOP_BOOTSTRAP_ROLE_ARN";

/** Actions the workflow uses, pinned to their major version in one place. */
const ACTIONS = {
  checkout: "actions/checkout@v4",
  setupNode: "actions/setup-node@v4",
  setupTerraform: "hashicorp/setup-terraform@v3",
  awsCredentials: "aws-actions/configure-aws-credentials@v4",
} as const;

const NODE_VERSION = "22";
/** Stacks of one layer deployed at once; TFC queues beyond the organization's run concurrency anyway. */
const DEPLOY_PARALLELISM = 4;
const BASE_CHECKOUT = "../loghop-base";

export interface GithubWorkflowOptions {
  /** Inventory path relative to the repository root, exported as LOGHOP_INVENTORY. */
  readonly inventoryPath: string;
  /** Branch that deploys. Default `main`. */
  readonly branch?: string;
}

type Step = Readonly<Record<string, unknown>>;

function secret(name: string): string {
  return `\${{ secrets.${name} }}`;
}

function setupSteps(withTerraform: boolean): Step[] {
  return [
    { uses: ACTIONS.checkout },
    { uses: ACTIONS.setupNode, with: { "node-version": NODE_VERSION, cache: "npm" } },
    // The wrapper rewrites terraform's output, which cdktf parses.
    ...(withTerraform ? [{ uses: ACTIONS.setupTerraform, with: { terraform_wrapper: false } }] : []),
    { name: "Install", run: "npm ci" },
  ];
}

function deployCommand(stacks: readonly string[]): string {
  return [
    "npx cdktf deploy --skip-synth --auto-approve --ignore-missing-stack-dependencies",
    `--parallelism ${DEPLOY_PARALLELISM}`,
    ...stacks,
  ].join(" ");
}

function buildGithubWorkflow(inventory: ResolvedInventory, options: GithubWorkflowOptions): object {
  const plan = planTfc(inventory);
  const branch = options.branch ?? "main";
  const tokenEnv = { [tfcTokenEnvName(plan.settings.hostname)]: secret(TF_API_TOKEN_SECRET) };
  const layers = workspaceLayers(plan);
  // Local bootstrap state cannot survive a CI runner: only S3 state lets CI apply the bootstrap.
  const bootstrapInCi = plan.settings.bootstrapState.type === "s3";
  const onMain = `github.event_name == 'push' && github.ref == 'refs/heads/${branch}'`;

  const check = {
    name: "Validate, test, synthesize",
    "runs-on": "ubuntu-latest",
    steps: [
      ...setupSteps(false),
      { name: "Validate the inventory", run: "npx loghop validate" },
      { name: "Generated manifests are up to date", run: "npx loghop generate --check" },
      { name: "This workflow is up to date", run: `npx loghop ci --check --inventory ${options.inventoryPath}` },
      // The kit's own tests are written against examples/inventory.json, not the estate's inventory.
      { name: "Test", run: "npm test", env: { LOGHOP_INVENTORY: "" } },
      { name: "Synthesize", run: "npm run synth" },
    ],
  };

  const speculativePlan = {
    name: "Speculative plan of the changed stacks",
    needs: "check",
    // Pull requests from forks get no secrets: they stop at the check job.
    if: "github.event_name == 'pull_request' && github.event.pull_request.head.repo.full_name == github.repository",
    "runs-on": "ubuntu-latest",
    steps: [
      ...setupSteps(true),
      { name: "Synthesize", run: "npm run synth" },
      {
        name: "Synthesize the base branch",
        // A base that cannot be synthesized (e.g. before loghop ci existed) makes every stack "changed".
        run: [
          `git fetch --no-tags --depth 1 origin "$BASE_SHA"`,
          `git worktree add "${BASE_CHECKOUT}" "$BASE_SHA"`,
          `(cd "${BASE_CHECKOUT}" && npm ci && npm run synth) || rm -rf "${BASE_CHECKOUT}/cdktf.out"`,
        ].join("\n"),
        env: { BASE_SHA: "${{ github.event.pull_request.base.sha }}" },
      },
      {
        name: "Find the changed stacks",
        id: "changed",
        run: `npx tsx ci/tfc-stacks.ts changed --base "${BASE_CHECKOUT}/cdktf.out" --head cdktf.out >> "$GITHUB_OUTPUT"`,
        env: tokenEnv,
      },
      {
        name: "Plan them in Terraform Cloud (speculative: no state lock, nothing applied)",
        if: "steps.changed.outputs.stacks != ''",
        run: 'for stack in $STACKS; do npx cdktf diff --skip-synth "$stack"; done',
        env: { STACKS: "${{ steps.changed.outputs.stacks }}", ...tokenEnv },
      },
    ],
  };

  const bootstrap = {
    name: "Apply the tfc-bootstrap stack",
    needs: "check",
    if: onMain,
    "runs-on": "ubuntu-latest",
    concurrency: { group: `loghop-bootstrap-${inventory.environment}`, "cancel-in-progress": false },
    permissions: { contents: "read", "id-token": "write" },
    steps: [
      ...setupSteps(true),
      {
        name: "AWS credentials through GitHub's OIDC provider",
        uses: ACTIONS.awsCredentials,
        with: {
          "role-to-assume": `\${{ vars.${BOOTSTRAP_ROLE_VARIABLE} }}`,
          "aws-region": inventory.central.regions[0],
        },
      },
      { name: "Synthesize", run: "npm run synth" },
      {
        name: "Apply workspaces, run triggers and run roles",
        run: deployCommand([stackNames.tfcBootstrap()]),
        env: { TFE_TOKEN: secret(TF_API_TOKEN_SECRET) },
      },
    ],
  };

  const deploy = {
    name: "Deploy through Terraform Cloud, layer by layer",
    needs: bootstrapInCi ? ["check", "bootstrap"] : "check",
    if: onMain,
    "runs-on": "ubuntu-latest",
    environment: inventory.environment,
    // One deploy at a time; a newer push waits instead of cancelling an apply half-way.
    concurrency: { group: `loghop-deploy-${inventory.environment}`, "cancel-in-progress": false },
    env: tokenEnv,
    steps: [
      ...setupSteps(true),
      { name: "Synthesize", run: "npm run synth" },
      // Else `terraform init` would create a bare workspace, without its run role, for a new stack.
      { name: "Every workspace exists", run: "npx tsx ci/tfc-stacks.ts require-workspaces" },
      ...layers.map((layer, index) => ({
        name: `Deploy layer ${index + 1}/${layers.length}: ${layer[0]?.layer ?? ""}`,
        run: deployCommand(layer.map((ws) => ws.stackName)),
      })),
    ],
  };

  return {
    name: "loghop",
    on: { pull_request: { branches: [branch] }, push: { branches: [branch] } },
    permissions: { contents: "read" },
    env: { CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", LOGHOP_INVENTORY: options.inventoryPath },
    jobs: {
      check,
      plan: speculativePlan,
      ...(bootstrapInCi ? { bootstrap } : {}),
      deploy,
    },
  };
}

export const WORKFLOW_HEADER = [
  "# Generated by `loghop ci` from the inventory: do not edit by hand.",
  "# Change the inventory, run `npx loghop ci`, and commit the result (CI checks it is up to date).",
].join("\n");

export function renderGithubWorkflow(inventory: ResolvedInventory, options: GithubWorkflowOptions): string {
  // lineWidth 0: never fold long commands, so a diff shows exactly the stacks that changed;
  // no anchors/aliases for repeated objects: plain YAML every reader understands.
  return `${WORKFLOW_HEADER}\n${stringify(buildGithubWorkflow(inventory, options), { lineWidth: 0, aliasDuplicateObjects: false })}`;
}
