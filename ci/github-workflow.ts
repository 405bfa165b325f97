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
 * Who holds what (issue 9 §1): a pull request's code runs with no secret at all in `check`, and
 * with only the plan-only TFC token in `plan`, given to the two steps that call TFC (never to
 * `npm ci`); that token can queue speculative plans, which TFC runs with the workspaces' read-only
 * plan roles. The write token exists only in the main-branch jobs, under the protected GitHub
 * environment, again only in the steps that call TFC. Every action is pinned by commit.
 */
import { Document, Scalar, visit } from "yaml";
import { stackNames, tfcTokenEnvName } from "../inventory/names";
import type { ResolvedInventory } from "../inventory/resolved";
import { planTfc, workspaceLayers } from "../stacks/tfc-bootstrap";
import { PINNED_ACTIONS, usesRef, type PinnedAction } from "./pinned-actions";

/** TFC team token that may apply the project's workspaces (and manage them, for the bootstrap job). */
export const TF_API_TOKEN_SECRET = "TF_API_TOKEN";
/** TFC team token with plan-only access to the project's workspaces: all a pull request gets. */
export const TF_PLAN_TOKEN_SECRET = "TF_PLAN_API_TOKEN";
/** Repository variable: role the bootstrap job assumes through GitHub's OIDC provider (no key either). */
export const BOOTSTRAP_ROLE_VARIABLE = "LOGHOP_BOOTSTRAP_ROLE_ARN";

const NODE_VERSION = "22";
/** Stacks of one layer deployed at once; TFC queues beyond the organization's run concurrency anyway. */
const DEPLOY_PARALLELISM = 4;
/** The base branch's checkout in a pull request's plan job (inside the workspace, as checkout requires). */
const BASE_CHECKOUT = "loghop-base";
const READ_CONTENTS = { contents: "read" } as const;

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

/** The repository at the event's commit, without leaving the job's GITHUB_TOKEN in `.git/config`. */
function checkout(extra: Readonly<Record<string, string>> = {}): Step {
  return { uses: usesRef(PINNED_ACTIONS.checkout), with: { "persist-credentials": false, ...extra } };
}

const INSTALL = "npm ci --ignore-scripts";

function setupSteps(withTerraform: boolean): Step[] {
  return [
    checkout(),
    { uses: usesRef(PINNED_ACTIONS.setupNode), with: { "node-version": NODE_VERSION, cache: "npm" } },
    // The wrapper rewrites terraform's output, which cdktf parses.
    ...(withTerraform ? [{ uses: usesRef(PINNED_ACTIONS.setupTerraform), with: { terraform_wrapper: false } }] : []),
    // No install scripts: a script could plant code in node_modules (e.g. node_modules/.bin/cdktf)
    // that a later step runs with the write token. esbuild's is an optional check; the CLI builds
    // its bundle on first start. No secret is in scope in this step either.
    { name: "Install", run: INSTALL },
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
  const tokenVariable = tfcTokenEnvName(plan.settings.hostname);
  const writeToken = { [tokenVariable]: secret(TF_API_TOKEN_SECRET) };
  const planToken = { [tokenVariable]: secret(TF_PLAN_TOKEN_SECRET) };
  const layers = workspaceLayers(plan);
  // Local bootstrap state cannot survive a CI runner: only S3 state lets CI apply the bootstrap.
  const bootstrapInCi = plan.settings.bootstrapState.type === "s3";
  const onMain = `github.event_name == 'push' && github.ref == 'refs/heads/${branch}'`;

  const check = {
    name: "Validate, test, synthesize",
    "runs-on": "ubuntu-latest",
    permissions: READ_CONTENTS,
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
    // `pull_request`, never `pull_request_target`: a fork's pull request gets no secret from GitHub,
    // and this condition skips the job for it instead of letting it fail.
    if: "github.event_name == 'pull_request' && github.event.pull_request.head.repo.full_name == github.repository",
    "runs-on": "ubuntu-latest",
    permissions: READ_CONTENTS,
    steps: [
      ...setupSteps(true),
      { name: "Synthesize", run: "npm run synth" },
      checkout({ ref: "${{ github.event.pull_request.base.sha }}", path: BASE_CHECKOUT }),
      {
        name: "Synthesize the base branch",
        // A base that cannot be synthesized (e.g. before loghop ci existed) makes every stack "changed".
        run: `(cd ${BASE_CHECKOUT} && ${INSTALL} && npm run synth) || rm -rf ${BASE_CHECKOUT}/cdktf.out`,
      },
      {
        name: "Find the changed stacks",
        id: "changed",
        run: `npx tsx ci/tfc-stacks.ts changed --base ${BASE_CHECKOUT}/cdktf.out --head cdktf.out >> "$GITHUB_OUTPUT"`,
        env: planToken,
      },
      {
        name: "Plan them in Terraform Cloud (speculative: no state lock, nothing applied, read-only plan roles)",
        if: "steps.changed.outputs.stacks != ''",
        run: 'for stack in $STACKS; do npx cdktf diff --skip-synth "$stack"; done',
        env: { STACKS: "${{ steps.changed.outputs.stacks }}", ...planToken },
      },
    ],
  };

  const bootstrap = {
    name: "Apply the tfc-bootstrap stack",
    needs: "check",
    if: onMain,
    "runs-on": "ubuntu-latest",
    environment: inventory.environment,
    concurrency: { group: `loghop-bootstrap-${inventory.environment}`, "cancel-in-progress": false },
    permissions: { ...READ_CONTENTS, "id-token": "write" },
    steps: [
      ...setupSteps(true),
      { name: "Synthesize", run: "npm run synth" },
      // After install and synth: the AWS session is exported to the job's later steps only.
      {
        name: "AWS credentials through GitHub's OIDC provider",
        uses: usesRef(PINNED_ACTIONS.awsCredentials),
        with: {
          "role-to-assume": `\${{ vars.${BOOTSTRAP_ROLE_VARIABLE} }}`,
          "aws-region": inventory.central.regions[0],
        },
      },
      {
        name: "Apply workspaces, run triggers and phase roles",
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
    // Protect this environment in the repository settings (required reviewers, main only): its
    // secrets, TF_API_TOKEN among them, are released to this job only once the rules pass.
    environment: inventory.environment,
    // One deploy at a time; a newer push waits instead of cancelling an apply half-way.
    concurrency: { group: `loghop-deploy-${inventory.environment}`, "cancel-in-progress": false },
    permissions: READ_CONTENTS,
    steps: [
      ...setupSteps(true),
      { name: "Synthesize", run: "npm run synth" },
      // Else `terraform init` would create a bare workspace, without its phase roles, for a new stack.
      { name: "Every workspace exists", run: "npx tsx ci/tfc-stacks.ts require-workspaces", env: writeToken },
      ...layers.map((layer, index) => ({
        name: `Deploy layer ${index + 1}/${layers.length}: ${layer[0]?.layer ?? ""}`,
        run: deployCommand(layer.map((ws) => ws.stackName)),
        env: writeToken,
      })),
    ],
  };

  return {
    name: "loghop",
    on: { pull_request: { branches: [branch] }, push: { branches: [branch] } },
    // Nothing by default: each job names the little it needs.
    permissions: {},
    env: { CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", LOGHOP_INVENTORY: options.inventoryPath },
    jobs: {
      check,
      plan: speculativePlan,
      ...(bootstrapInCi ? { bootstrap } : {}),
      deploy,
    },
  };
}

/** `uses:` value → the release it pins, written as a comment after the SHA. */
const PIN_COMMENTS = new Map<string, string>(
  Object.values(PINNED_ACTIONS).map((action: PinnedAction) => [usesRef(action), ` ${action.version}`]),
);

export const WORKFLOW_HEADER = [
  "# Generated by `loghop ci` from the inventory: do not edit by hand.",
  "# Change the inventory, run `npx loghop ci`, and commit the result (CI checks it is up to date).",
].join("\n");

export function renderGithubWorkflow(inventory: ResolvedInventory, options: GithubWorkflowOptions): string {
  // lineWidth 0: never fold long commands, so a diff shows exactly the stacks that changed;
  // no anchors/aliases for repeated objects: plain YAML every reader understands.
  const document = new Document(buildGithubWorkflow(inventory, options), { aliasDuplicateObjects: false });
  visit(document, {
    Scalar(_key, node: Scalar) {
      const comment = typeof node.value === "string" ? PIN_COMMENTS.get(node.value) : undefined;
      if (comment !== undefined) node.comment = comment;
    },
  });
  return `${WORKFLOW_HEADER}\n${document.toString({ lineWidth: 0 })}`;
}
