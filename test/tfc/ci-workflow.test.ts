/** The GitHub Actions workflow `loghop ci` writes, and its `--check`. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import {
  renderGithubWorkflow,
  TF_API_TOKEN_SECRET,
  TF_PLAN_TOKEN_SECRET,
  WORKFLOW_HEADER,
} from "../../ci/github-workflow";
import { PINNED_ACTIONS } from "../../ci/pinned-actions";
import { renderTerraformIgnore } from "../../ci/terraformignore";
import { runCi } from "../../cli/commands/ci";
import { resolveInventory } from "../../inventory/resolve";
import type { Inventory } from "../../inventory/types";
import { cloudExample, EXAMPLE_AGENT_POOLS, largeCloudInventory, resolvedCloudExample } from "./support/inventories";

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  environment?: string;
  if?: string;
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  env: Record<string, string>;
  jobs: Record<string, Job>;
}

const OPTIONS = { inventoryPath: "inventories/prod.json" };

function workflowOf(inventory = resolvedCloudExample()): { text: string; workflow: Workflow } {
  const text = renderGithubWorkflow(inventory, OPTIONS);
  return { text, workflow: parse(text) as Workflow };
}

function job(workflow: Workflow, name: string): Job {
  const found = workflow.jobs[name];
  if (found === undefined) throw new Error(`no job ${name}`);
  return found;
}

const runs = (j: Job): string[] => j.steps.flatMap((step) => (step.run === undefined ? [] : [step.run]));

describe("loghop ci workflow", () => {
  const { text, workflow } = workflowOf();

  it("is YAML marked as generated, run on pull requests and pushes to main", () => {
    expect(text.startsWith(`${WORKFLOW_HEADER}\n`)).toBe(true);
    expect(workflow.on).toStrictEqual({ pull_request: { branches: ["main"] }, push: { branches: ["main"] } });
    expect(workflow.env["LOGHOP_INVENTORY"]).toBe("inventories/prod.json");
    expect(text).not.toMatch(/[&*]a\d/);
  });

  it("runs the kit's tests against the example inventory, everything else against the estate's", () => {
    const test = job(workflow, "check").steps.find((step) => step.run === "npm test");

    expect(test?.env).toStrictEqual({ LOGHOP_INVENTORY: "" });
  });

  it("validates, checks generated files, tests and synthesizes, in that order", () => {
    expect(runs(job(workflow, "check"))).toStrictEqual([
      "npm ci --ignore-scripts",
      "npx loghop validate",
      "npx loghop generate --check",
      "npx loghop ci --check --inventory inventories/prod.json",
      "npm test",
      "npm run synth",
    ]);
  });

  it("plans only the changed stacks of same-repository pull requests, speculatively", () => {
    const plan = job(workflow, "plan");
    const commands = runs(plan);

    expect(plan.if).toContain("github.event_name == 'pull_request'");
    expect(plan.if).toContain("github.event.pull_request.head.repo.full_name == github.repository");
    expect(commands).toContain(
      'npx tsx ci/tfc-stacks.ts changed --base loghop-base/cdktf.out --head cdktf.out >> "$GITHUB_OUTPUT"',
    );
    expect(commands).toContain(
      "(cd loghop-base && npm ci --ignore-scripts && npm run synth) || rm -rf loghop-base/cdktf.out",
    );
    expect(commands).toContain('for stack in $STACKS; do npx cdktf diff --skip-synth "$stack"; done');
    expect(commands.join("\n")).not.toMatch(/cdktf deploy/);
  });

  it("deploys every workspace's stack on main, layer by layer, after checking the workspaces exist", () => {
    const deploy = job(workflow, "deploy");
    const commands = runs(deploy);
    const deploys = commands.filter((c) => c.startsWith("npx cdktf deploy"));

    expect(deploy.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
    expect(deploy.needs).toBe("check");
    expect(commands.indexOf("npx tsx ci/tfc-stacks.ts require-workspaces")).toBeLessThan(
      commands.indexOf(deploys[0] as string),
    );
    expect(deploys.map((c) => c.split("--parallelism 4 ")[1])).toStrictEqual([
      "region-eu-west-1 region-us-east-1",
      "lanes-eu-west-1-0 lanes-eu-west-1-b lanes-us-east-1-8",
      "central",
      "customer-globex customer-umbrella",
      "cluster-eks-eu-1 cluster-eks-us-1 cluster-rosa-eu-2",
    ]);
    expect(commands.join("\n")).not.toMatch(/customer-initech|tfc-bootstrap/);
  });

  it("references secrets only by name, as ${{ secrets.NAME }}, only the two TFC tokens", () => {
    const references = text.match(/secrets\.[A-Za-z0-9_]+/g) ?? [];
    const wellFormed = text.match(/\$\{\{ secrets\.[A-Z][A-Z0-9_]* \}\}/g) ?? [];

    expect(references.length).toBeGreaterThan(0);
    expect(wellFormed).toHaveLength(references.length);
    expect(new Set(references)).toStrictEqual(
      new Set([`secrets.${TF_API_TOKEN_SECRET}`, `secrets.${TF_PLAN_TOKEN_SECRET}`]),
    );
    // A secret is only ever an environment value, never spliced into a shell command.
    for (const j of Object.values(workflow.jobs)) for (const cmd of runs(j)) expect(cmd).not.toContain("secrets.");
  });

  it("contains no AWS access key or secret", () => {
    expect(text).not.toMatch(/AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|aws_access_key/i);
    expect(text).not.toMatch(/AKIA[0-9A-Z]{16}/);
  });

  it("applies the bootstrap in CI, keyless through GitHub OIDC, only when its state is in S3", () => {
    const s3 = workflowOf(
      resolvedCloudExample({ bootstrapState: { type: "s3", bucket: "acme-tf-state", lockTable: "acme-tf-locks" } }),
    ).workflow;
    const bootstrap = job(s3, "bootstrap");

    expect(workflow.jobs["bootstrap"]).toBeUndefined();
    expect(bootstrap.permissions).toStrictEqual({ contents: "read", "id-token": "write" });
    expect(bootstrap.steps.find((s) => s.uses?.startsWith("aws-actions/"))?.with).toStrictEqual({
      "role-to-assume": "${{ vars.LOGHOP_BOOTSTRAP_ROLE_ARN }}",
      "aws-region": "eu-west-1",
    });
    expect(runs(bootstrap)).toContain(
      "npx cdktf deploy --skip-synth --auto-approve --ignore-missing-stack-dependencies --parallelism 4 tfc-bootstrap",
    );
    expect(job(s3, "deploy").needs).toStrictEqual(["check", "bootstrap"]);
  });

  it("is byte-for-byte the same for the same inventory, large ones included", () => {
    const large = resolveInventory(largeCloudInventory(120, 20, ["eu-west-1", "us-east-1"]));

    expect(renderGithubWorkflow(large, OPTIONS)).toBe(renderGithubWorkflow(large, OPTIONS));
    expect(workflowOf().text).toBe(text);
  });

  it("keeps only the synthesized stacks, without provider caches, in TFC uploads", () => {
    expect(renderTerraformIgnore().split("\n")).toStrictEqual([
      "# Generated by `loghop ci`: what a CLI-driven Terraform Cloud run uploads.",
      "*",
      "!/cdktf.out/",
      "!/cdktf.out/stacks/",
      "!/cdktf.out/stacks/**",
      "**/.terraform/",
      "",
    ]);
  });
});

describe("loghop ci --check", () => {
  let dir: string;
  const quiet = {
    lines: [] as string[],
    out: (l: string) => quiet.lines.push(l),
    err: (l: string) => quiet.lines.push(l),
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "loghop-ci-"));
    quiet.lines.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function writeInventory(inventory: Inventory): string {
    const file = join(dir, "inventory.json");
    writeFileSync(file, JSON.stringify(inventory));
    return file;
  }

  function options(inventory: string, check: boolean) {
    return { inventory, out: join(dir, "wf.yml"), terraformignore: join(dir, ".terraformignore"), check };
  }

  it("passes right after writing, and fails once the inventory changes", () => {
    // Prepare: `loghop ci` validates the inventory, which needs an agent pool per cluster.
    const raw = cloudExample({ clusterAgentPools: EXAMPLE_AGENT_POOLS });
    const file = writeInventory(raw);
    expect(runCi(options(file, false), quiet)).toBe(0);
    expect(quiet.lines).toContain(
      "the workflow reads secret TF_PLAN_API_TOKEN (TFC team token with plan-only access: pull requests) and " +
        'secret TF_API_TOKEN (TFC team token that applies: only in environment "prod", protect it)',
    );

    // Act: a new tenant with a deploy role means a new workspace to deploy.
    const fresh = runCi(options(file, true), quiet);
    const hooli: Inventory["tenants"][number] = {
      id: "hooli",
      accountId: "777777777777",
      deployRoleArn: "arn:aws:iam::777777777777:role/loghop-deployer",
      externalId: "lhx-Qw3rTy7uIo9pAs2dFg4hJk6lZx8cVb1N",
      deliveries: [{ type: "cloudwatch", region: "eu-west-1", logGroupName: "/hooli/kubernetes" }],
    };
    writeInventory({ ...raw, tenants: [...raw.tenants, hooli] });
    const stale = runCi(options(file, true), quiet);

    // Assess
    expect(fresh).toBe(0);
    expect(stale).toBe(1);
    expect(quiet.lines.at(-1)).toMatch(/wf\.yml: missing or out of date: run `loghop ci`/);
  });

  it("refuses a cloud inventory whose clusters have no agent pool, before writing anything", () => {
    const file = writeInventory(cloudExample());

    expect(() => runCi(options(file, false), quiet)).toThrow(/cluster "rosa-eu-2" has no TFC agent pool/);
    expect(quiet.lines).toStrictEqual([]);
  });

  it("fails when a file is missing or edited by hand", () => {
    const file = writeInventory(cloudExample({ clusterAgentPools: EXAMPLE_AGENT_POOLS }));
    expect(runCi(options(file, true), quiet)).toBe(1);

    runCi(options(file, false), quiet);
    writeFileSync(
      join(dir, ".terraformignore"),
      `${readFileSync(join(dir, ".terraformignore"), "utf8")}node_modules/\n`,
    );

    expect(runCi(options(file, true), quiet)).toBe(1);
    expect(quiet.lines.at(-1)).toMatch(/\.terraformignore: missing or out of date/);
  });
});

/** Where each secret appears: `<job>/<step name or uses>` for step env, `<job>` for job env, `workflow`. */
function secretPlaces(workflow: Workflow, secretName: string): string[] {
  const has = (env: Record<string, string> | undefined): boolean =>
    Object.values(env ?? {}).some((value) => value.includes(`secrets.${secretName} `));
  const places: string[] = has(workflow.env) ? ["workflow"] : [];
  for (const [name, j] of Object.entries(workflow.jobs)) {
    if (has(j.env)) places.push(name);
    for (const step of j.steps) {
      if (has(step.env) || JSON.stringify(step.with ?? {}).includes(`secrets.${secretName} `)) {
        places.push(`${name}/${step.run ?? step.uses ?? ""}`);
      }
    }
  }
  return places;
}

describe("loghop ci workflow against a hostile pull request (issue 9 §1)", () => {
  const s3 = resolvedCloudExample({
    bootstrapState: { type: "s3", bucket: "acme-tf-state", lockTable: "acme-tf-locks" },
  });
  const { text, workflow } = workflowOf(s3);
  const deployLayers = runs(job(workflow, "deploy")).filter((c) => c.startsWith("npx cdktf deploy"));

  it("runs on pull_request, never pull_request_target (which hands fork code the repository's secrets)", () => {
    expect(Object.keys(workflow.on).sort()).toStrictEqual(["pull_request", "push"]);
    expect(text).not.toContain("pull_request_target");
    expect(job(workflow, "plan").if).toContain("github.event.pull_request.head.repo.full_name == github.repository");
  });

  it("grants nothing by default and each job only what it needs", () => {
    expect(workflow.permissions).toStrictEqual({});
    expect(Object.fromEntries(Object.entries(workflow.jobs).map(([name, j]) => [name, j.permissions]))).toStrictEqual({
      check: { contents: "read" },
      plan: { contents: "read" },
      bootstrap: { contents: "read", "id-token": "write" },
      deploy: { contents: "read" },
    });
  });

  it("gives a pull request's code no secret in check and only the plan-only token in plan, in the TFC steps", () => {
    expect(secretPlaces(workflow, TF_PLAN_TOKEN_SECRET)).toStrictEqual([
      'plan/npx tsx ci/tfc-stacks.ts changed --base loghop-base/cdktf.out --head cdktf.out >> "$GITHUB_OUTPUT"',
      'plan/for stack in $STACKS; do npx cdktf diff --skip-synth "$stack"; done',
    ]);
    expect(JSON.stringify(job(workflow, "check"))).not.toContain("secrets.");
    expect(JSON.stringify(job(workflow, "plan"))).not.toContain(`secrets.${TF_API_TOKEN_SECRET} `);
  });

  it("keeps the write token in the main-branch jobs' TFC steps only: never job-level, never beside npm ci", () => {
    expect(secretPlaces(workflow, TF_API_TOKEN_SECRET)).toStrictEqual([
      `bootstrap/${runs(job(workflow, "bootstrap")).at(-1)}`,
      "deploy/npx tsx ci/tfc-stacks.ts require-workspaces",
      ...deployLayers.map((command) => `deploy/${command}`),
    ]);
    for (const j of Object.values(workflow.jobs)) {
      expect(j.env).toBeUndefined();
      for (const step of j.steps.filter((st) => st.run?.includes("npm ci"))) expect(step.env).toBeUndefined();
      // No dependency install script runs in a job that later holds a token (it could plant code in
      // node_modules/.bin that a token step runs).
      for (const step of j.steps.filter((st) => /\bnpm (ci|install)\b/.test(st.run ?? ""))) {
        expect(step.run).toMatch(/npm ci --ignore-scripts/);
        expect(step.run).not.toMatch(/npm ci(?! --ignore-scripts)/);
      }
    }
    expect(job(workflow, "deploy").if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
  });

  it("runs the jobs that hold the write token under the protected environment", () => {
    expect(job(workflow, "deploy").environment).toBe("prod");
    expect(job(workflow, "bootstrap").environment).toBe("prod");
    expect(job(workflow, "check").environment).toBeUndefined();
    expect(job(workflow, "plan").environment).toBeUndefined();
  });

  it("pins every action to a release's full commit SHA, with the release in a comment", () => {
    const lines = text.split("\n").filter((line) => /^\s*(- )?uses:/.test(line));
    const pins = new Map(Object.values(PINNED_ACTIONS).map((a) => [`${a.repository}@${a.commit}`, a.version]));

    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const match = /uses: ([\w.-]+\/[\w.-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$/.exec(line);
      expect([line, match !== null]).toStrictEqual([line, true]);
      expect(pins.get(`${match?.[1]}@${match?.[2]}`)).toBe(match?.[3]);
    }
    expect(new Set(lines.map((line) => line.trim().replace(/^- /, "")))).toStrictEqual(
      new Set([...pins].map(([ref, version]) => `uses: ${ref} # ${version}`)),
    );
  });

  it("checks out without leaving the job's GITHUB_TOKEN in .git/config for the code it runs", () => {
    const checkouts = Object.values(workflow.jobs).flatMap((j) =>
      j.steps.filter((step) => step.uses?.startsWith("actions/checkout@")),
    );

    expect(checkouts).toHaveLength(5);
    for (const step of checkouts) expect(step.with?.["persist-credentials"]).toBe(false);
  });
});
