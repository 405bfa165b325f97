/**
 * Issue 9 §5 end to end: `loghop validate` refuses a cloud inventory in which two TFC workspaces
 * would share a deploy role, or a region would apply with central's, naming where and why.
 */
import { validateInventoryValue } from "../../inventory/validate";
import type { Inventory } from "../../inventory/types";
import { exampleRawInventory } from "../stacks/support/inventories";
import { cloudExample, EXAMPLE_AGENT_POOLS } from "./support/inventories";

function problemsOf(inventory: Inventory): { path: string; message: string }[] {
  const result = validateInventoryValue(inventory);
  return result.ok ? [] : [...result.problems];
}

describe("one deploy role per TFC workspace", () => {
  it("refuses the example as it is once its backend is cloud: regions on central's role, two clusters on one", () => {
    // Prepare: only the backend changes.
    const raw = exampleRawInventory();
    const cloud: Inventory = {
      ...raw,
      central: {
        ...raw.central,
        backend: { type: "cloud", organization: "acme", project: "logs", clusterAgentPools: EXAMPLE_AGENT_POOLS },
      },
    };

    // Act
    const problems = problemsOf(cloud);

    // Assess
    expect(problems.map((p) => p.path)).toStrictEqual([
      "/central/regionDeployRoleArns",
      "/central/regionDeployRoleArns",
      "/clusters/1/deployRoleArn",
    ]);
    expect(problems[2]?.message).toBe(
      "cluster-eks-us-1 would share deploy role arn:aws:iam::555555555555:role/loghop-deployer with " +
        "cluster-eks-eu-1 (/clusters/0/deployRoleArn): with the cloud backend a deploy role is the apply role " +
        "of exactly one TFC workspace, else a compromised workspace rewrites the other's stack; give each stack " +
        "a role of its own",
    );
  });

  it("accepts the example, unchanged, with its local backend, and the cloud variant with a role per stack", () => {
    expect(problemsOf(exampleRawInventory())).toStrictEqual([]);
    expect(problemsOf(cloudExample({ clusterAgentPools: EXAMPLE_AGENT_POOLS }))).toStrictEqual([]);
  });
});
