/** schemas/inventory.schema.json: what it accepts, and how its problems read. */
import { readFileSync } from "node:fs";
import inventorySchema from "../../schemas/inventory.schema.json";
import type { InventoryProblem } from "../../inventory/errors";
import { validateInventoryValue } from "../../inventory/validate";
import { checkInventorySchema } from "../../inventory/validate-schema";
import { fullRawInventory, type RawInventory, validRawInventory } from "../support/inventory-factory";

type Json = Record<string, unknown>;

/** Schema problems (path + message, sorted) of the test inventory after `change`. */
function schemaProblems(change: (inventory: RawInventory & Json) => void): InventoryProblem[] {
  const inventory = validRawInventory() as RawInventory & Json;
  change(inventory);
  return checkInventorySchema(inventory)
    .map(({ path, message }) => ({ path, message }))
    .sort((a, b) => a.path.localeCompare(b.path) || a.message.localeCompare(b.message));
}

const TOP_LEVEL_KEYS = "$schema, project, environment, prefix, central, tenants, clusters";

describe("inventory schema", () => {
  it("accepts the example inventory and the test inventory", () => {
    const example: unknown = JSON.parse(readFileSync("examples/inventory.json", "utf8"));
    expect(checkInventorySchema(example)).toStrictEqual([]);
    expect(checkInventorySchema(validRawInventory())).toStrictEqual([]);
  });

  it("accepts every optional field at once, and so do the semantic rules, without warnings", () => {
    const result = validateInventoryValue(fullRawInventory());
    expect(result.ok).toBe(true);
    expect(result.warnings).toStrictEqual([]);
  });

  it("names the expected type and the value found", () => {
    expect(
      schemaProblems((inv) => {
        (inv as Json)["prefix"] = 12;
        (inv.tenants[0] as Json)["accountId"] = 222222222222;
        (inv.tenants[1] as Json)["deliveries"] = {};
        (inv.central as Json)["regions"] = "eu-west-1";
        (inv.clusters[0] as Json)["tenants"] = [null];
        (inv.tenants[0] as Json)["enabled"] = "yes";
      }),
    ).toStrictEqual([
      { path: "/central/regions", message: 'must be an array; got "eu-west-1"' },
      { path: "/clusters/0/tenants/0", message: "must be a string; got null" },
      { path: "/prefix", message: "must be a string; got 12" },
      { path: "/tenants/0/accountId", message: "must be a string; got 222222222222" },
      { path: "/tenants/0/enabled", message: 'must be true or false; got "yes"' },
      { path: "/tenants/1/deliveries", message: "must be an array; got an object" },
    ]);
  });

  it("names a missing required property and what it is for", () => {
    expect(
      schemaProblems((inv) => {
        delete (inv.central as Json)["accountId"];
        delete (inv.clusters[1] as Json)["kube"];
        delete (inv as Json)["tenants"];
      }),
    ).toStrictEqual([
      { path: "", message: 'missing required property "tenants" — The tenants (customers) whose logs loghop delivers' },
      {
        path: "/central",
        message: 'missing required property "accountId" — 12-digit id of the central (provider) account',
      },
      {
        path: "/clusters/1",
        message: 'missing required property "kube" — How Terraform reaches the cluster\'s API server',
      },
    ]);
  });

  it("suggests the closest key for an unknown key and lists the allowed ones", () => {
    expect(
      schemaProblems((inv) => {
        inv["tenats"] = [];
        (inv.tenants[0]!.deliveries[0] as Json)["logGroup"] = "/x";
        (inv.clusters[0] as Json)["Region"] = "eu-west-1";
        (inv.central as Json)["zzz"] = 1;
      }),
    ).toStrictEqual([
      {
        path: "/central/zzz",
        message:
          'unknown key "zzz"; allowed: accountId, deployRoleArn, regionDeployRoleArns, regions, stagingRetentionDays, processor, alarms, backend',
      },
      {
        path: "/clusters/0/Region",
        message: expect.stringMatching(
          /^unknown key "Region"; did you mean "region"\? allowed: id, region, accountId, /,
        ),
      },
      {
        path: "/tenants/0/deliveries/0/logGroup",
        message: expect.stringMatching(
          /^unknown key "logGroup"; did you mean "logGroupName"\? allowed: type, region, logGroupName, logGroupPrefix, retentionDays, kmsKeyArn, enabled$/,
        ),
      },
      { path: "/tenats", message: `unknown key "tenats"; did you mean "tenants"? allowed: ${TOP_LEVEL_KEYS}` },
    ]);
  });

  it("names a bad map key at its own entry, and says what a rollout's maxUnavailable may be", () => {
    expect(
      schemaProblems((inv) => {
        (inv.clusters[0] as Json)["vector"] = {
          podLabels: { "Bad Key": "x", ok: "bad value!" },
          updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "0%" } },
        };
      }),
    ).toStrictEqual([
      {
        path: "/clusters/0/vector/podLabels/Bad Key",
        message:
          'must be a Kubernetes label key such as loghop.io/tenant (optional DNS prefix and /, then 1–63 letters, digits, _ . -); got "Bad Key"',
      },
      {
        path: "/clusters/0/vector/podLabels/ok",
        message:
          'must be a Kubernetes label value: at most 63 letters, digits, _ . -, starting and ending with a letter or digit (or empty); got "bad value!"',
      },
      {
        path: "/clusters/0/vector/updateStrategy/rollingUpdate/maxUnavailable",
        message: 'must be a percentage from 1% to 100%; got "0%"',
      },
      {
        path: "/clusters/0/vector/updateStrategy/rollingUpdate/maxUnavailable",
        message: 'must be an integer; got "0%"',
      },
    ]);
  });

  it("lists the allowed values of an enum", () => {
    expect(
      schemaProblems((inv) => {
        Object.assign(inv.tenants[0]!.deliveries[0]!, { retentionDays: 0 });
        (inv.clusters[0] as Json)["platform"] = "eks";
      }),
    ).toStrictEqual([
      { path: "/clusters/0/platform", message: 'must be one of kubernetes, openshift; got "eks"' },
      {
        path: "/tenants/0/deliveries/0/retentionDays",
        message:
          "must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653; got 0",
      },
    ]);
  });

  it.each([
    [
      "an account id with 11 digits",
      (inv: RawInventory) => (inv.tenants[0]!.accountId = "22222222222"),
      "/tenants/0/accountId",
      /^must be a 12-digit AWS account id as a string, e.g. "123456789012"; got "22222222222"$/,
    ],
    [
      "an upper-case tenant id",
      (inv: RawInventory) => (inv.tenants[0]!.id = "Alpha"),
      "/tenants/0/id",
      /^must be a DNS label: 1–63 lower-case letters.*; got "Alpha"$/,
    ],
    [
      "a cluster id ending in a hyphen",
      (inv: RawInventory) => (inv.clusters[0]!.id = "eks-"),
      "/clusters/0/id",
      /^must be a DNS label/,
    ],
    [
      "a 64-character tenant id",
      (inv: RawInventory) => (inv.tenants[0]!.id = "a".repeat(64)),
      "/tenants/0/id",
      /^must be a DNS label/,
    ],
    [
      "a prefix over 20 characters",
      (inv: RawInventory) => (inv.prefix = "a".repeat(21)),
      "/prefix",
      /^must be 1–20 lower-case letters/,
    ],
    [
      "a role ARN of another service",
      (inv: RawInventory) => (inv.central.deployRoleArn = "arn:aws:iam::111111111111:user/bob"),
      "/central/deployRoleArn",
      /^must be an IAM role ARN such as arn:aws:iam::123456789012:role\/loghop-deployer; got "arn:aws:iam::111111111111:user\/bob"$/,
    ],
    [
      "a region typo",
      (inv: RawInventory) => (inv.central.regions = ["eu-west1"]),
      "/central/regions/0",
      /^must be an AWS region code such as eu-west-1; got "eu-west1"$/,
    ],
    [
      "a short ExternalId",
      (inv: RawInventory) => (inv.tenants[0]!.externalId = "short"),
      "/tenants/0/externalId",
      /^must be 32–1224 characters .*loghop external-id.*; got "short"$/,
    ],
    [
      "an ExternalId with a space",
      (inv: RawInventory) => (inv.tenants[0]!.externalId = `${"x".repeat(32)} y`),
      "/tenants/0/externalId",
      /^must be 32–1224 characters/,
    ],
    [
      "an http issuer",
      (inv: RawInventory) => (inv.clusters[0]!.oidcIssuerUrl = "http://oidc.example.com"),
      "/clusters/0/oidcIssuerUrl",
      /^must be an https URL without query or fragment/,
    ],
    [
      "an issuer that is no URL",
      (inv: RawInventory) => (inv.clusters[0]!.oidcIssuerUrl = "oidc example"),
      "/clusters/0/oidcIssuerUrl",
      /^must be an https URL/,
    ],
    [
      "a KMS alias",
      (inv: RawInventory) =>
        Object.assign(inv.tenants[1]!.deliveries[0]!, { kmsKeyArn: "arn:aws:kms:us-east-1:333333333333:alias/logs" }),
      "/tenants/1/deliveries/0/kmsKeyArn",
      /^must be a KMS key ARN/,
    ],
    [
      "an S3 prefix without trailing slash",
      (inv: RawInventory) => Object.assign(inv.tenants[0]!.deliveries[1]!, { prefix: "logs" }),
      "/tenants/0/deliveries/1/prefix",
      /^must be "" or key segments .* each followed by \/.*; got "logs"$/,
    ],
    [
      "a CPU quantity with a unit typo",
      (inv: RawInventory) => (inv.clusters[0]!.vector = { limits: { cpu: "1 core" } }),
      "/clusters/0/vector/limits/cpu",
      /^must be a Kubernetes CPU quantity such as 100m, 1 or 1.5; got "1 core"$/,
    ],
    [
      "a memory quantity in lower case",
      (inv: RawInventory) => (inv.clusters[0]!.vector = { requests: { memory: "256mi" } }),
      "/clusters/0/vector/requests/memory",
      /^must be a Kubernetes memory quantity/,
    ],
    [
      "a label key with spaces",
      (inv: RawInventory) => (inv.clusters[0]!.tenantSource = { from: "podLabel", key: "my tenant" }),
      "/clusters/0/tenantSource/key",
      /^must be a Kubernetes label key/,
    ],
    [
      "a Kubernetes version with a patch level",
      (inv: RawInventory) => (inv.clusters[0]!.kubernetesVersion = "1.31.2"),
      "/clusters/0/kubernetesVersion",
      /^must be a Kubernetes minor version such as 1.31 \(OpenShift 4.18 runs 1.31\); got "1.31.2"$/,
    ],
    [
      "a relative container log directory",
      (inv: RawInventory) =>
        (inv.clusters[0]!.vector = { containerRuntime: "docker", containerLogDir: "docker/containers" }),
      "/clusters/0/vector/containerLogDir",
      /^must be an absolute host directory such as \/var\/lib\/docker\/containers/,
    ],
    [
      "a deleted pod's metadata kept for less than Vector's own default",
      (inv: RawInventory) => (inv.clusters[0]!.vector = { delayDeletionSeconds: 30 }),
      "/clusters/0/vector/delayDeletionSeconds",
      /^must be between 60 and 86400; got 30$/,
    ],
    [
      "an application name with a slash",
      (inv: RawInventory) => (inv.tenants[0]!.desiredLogs = ["web/api"]),
      "/tenants/0/desiredLogs/0",
      /^must be an application name as in a Kubernetes label value/,
    ],
    [
      "an e-mail address without domain",
      (inv: RawInventory) => (inv.central.alarms = { emails: ["oncall"] }),
      "/central/alarms/emails/0",
      /^must be an e-mail address; got "oncall"$/,
    ],
    [
      "a Lambda with too little memory",
      (inv: RawInventory) => (inv.central.processor = { memoryMb: 64 }),
      "/central/processor/memoryMb",
      /^must be between 128 and 10240; got 64$/,
    ],
    [
      "a fractional batch size",
      (inv: RawInventory) => (inv.central.processor = { batchSize: 2.5 }),
      "/central/processor/batchSize",
      /^must be an integer; got 2.5$/,
    ],
    [
      "a disk buffer Vector refuses",
      (inv: RawInventory) => (inv.clusters[0]!.vector = { bufferMaxBytes: 1_000_000 }),
      "/clusters/0/vector/bufferMaxBytes",
      /^must be at least 268435488; got 1000000$/,
    ],
    [
      "no regions",
      (inv: RawInventory) => (inv.central.regions = []),
      "/central/regions",
      /^must have at least 1 item; got 0$/,
    ],
    [
      "a repeated region",
      (inv: RawInventory) => (inv.central.regions = ["eu-west-1", "us-east-1", "eu-west-1"]),
      "/central/regions/2",
      /^must not repeat items; items 0 and 2 are both "eu-west-1"$/,
    ],
    [
      "an empty display name",
      (inv: RawInventory) => (inv.tenants[0]!.displayName = ""),
      "/tenants/0/displayName",
      /^must be at least 1 character; got "" \(0 characters\)$/,
    ],
    [
      "a cluster carrying no tenant",
      (inv: RawInventory) => (inv.clusters[1]!.tenants = []),
      "/clusters/1/tenants",
      /^must have at least 1 item; got 0$/,
    ],
    [
      "an empty allow-list",
      (inv: RawInventory) => (inv.tenants[0]!.desiredLogs = []),
      "/tenants/0/desiredLogs",
      /^must have at least 1 item; got 0$/,
    ],
  ])("rejects %s", (_name, change, path, message) => {
    expect(schemaProblems(change)).toStrictEqual([{ path, message: expect.stringMatching(message) }]);
  });

  describe("tagged unions (discriminator): one clear problem, no oneOf noise", () => {
    it("an unknown delivery type names the allowed types", () => {
      expect(
        schemaProblems((inv) => {
          (inv.tenants[0]!.deliveries[1] as Json)["type"] = "sqs";
        }),
      ).toStrictEqual([{ path: "/tenants/0/deliveries/1/type", message: 'must be one of cloudwatch, s3; got "sqs"' }]);
    });

    it("an unknown backend type names the allowed types (branches behind $refs)", () => {
      expect(
        schemaProblems((inv) => {
          (inv.central as Json)["backend"] = { type: "remote" };
        }),
      ).toStrictEqual([{ path: "/central/backend/type", message: 'must be one of local, s3, cloud; got "remote"' }]);
    });

    it("a missing tag names the allowed values", () => {
      expect(
        schemaProblems((inv) => {
          delete (inv.clusters[0]!.tenantSource as Json)["from"];
        }),
      ).toStrictEqual([
        {
          path: "/clusters/0/tenantSource",
          message: 'missing required property "from" (one of namespace, namespaceLabel, podLabel)',
        },
      ]);
    });

    it("a field of the other branch is an unknown key of this one", () => {
      expect(
        schemaProblems((inv) => {
          (inv.tenants[0]!.deliveries[1] as Json)["logGroupName"] = "/alpha/s3";
        }),
      ).toStrictEqual([
        {
          path: "/tenants/0/deliveries/1/logGroupName",
          message: 'unknown key "logGroupName"; allowed: type, region, bucket, prefix, enabled',
        },
      ]);
    });

    it("a branch's required fields are checked", () => {
      expect(
        schemaProblems((inv) => {
          (inv.central as Json)["backend"] = { type: "s3", lockTable: "locks" };
          (inv.clusters[0] as Json)["tenantSource"] = { from: "podLabel" };
        }),
      ).toStrictEqual([
        {
          path: "/central/backend",
          message: 'missing required property "bucket" — State bucket (must already exist)',
        },
        {
          path: "/clusters/0/tenantSource",
          message: 'missing required property "key" — The pod label key, e.g. `loghop.io/tenant`',
        },
      ]);
    });
  });

  describe("the schema document itself", () => {
    const defs = (inventorySchema as unknown as { $defs: Record<string, Json> }).$defs;

    /** Every subschema in the document, with its location. */
    function walk(node: unknown, at: string, visit: (schema: Json, at: string) => void): void {
      if (Array.isArray(node)) node.forEach((child, i) => walk(child, `${at}/${i}`, visit));
      else if (typeof node === "object" && node !== null) {
        visit(node as Json, at);
        for (const [key, child] of Object.entries(node)) walk(child, `${at}/${key}`, visit);
      }
    }

    it("closes every object schema (additionalProperties: false)", () => {
      const open: string[] = [];
      walk(inventorySchema, "#", (schema, at) => {
        // A map (propertyNames + a schema for the values, e.g. clusterAgentPools) is closed by those two.
        const map = schema["propertyNames"] !== undefined && typeof schema["additionalProperties"] === "object";
        if (schema["type"] === "object" && !schema["oneOf"] && !map && schema["additionalProperties"] !== false) {
          open.push(at);
        }
      });
      expect(open).toStrictEqual([]);
    });

    it("describes every property (directly or through its $ref)", () => {
      const undescribed: string[] = [];
      walk(inventorySchema, "#", (schema, at) => {
        const properties = schema["properties"] as Record<string, Json> | undefined;
        if (at.endsWith("/properties") || properties === undefined) return;
        for (const [name, property] of Object.entries(properties)) {
          if (name === "type" || name === "from") continue; // discriminator tags: described by their union
          const ref =
            typeof property["$ref"] === "string"
              ? defs[(property["$ref"] as string).replace("#/$defs/", "")]
              : undefined;
          if (typeof property["description"] !== "string" && typeof ref?.["description"] !== "string")
            undescribed.push(`${at}/properties/${name}`);
        }
      });
      expect(undescribed).toStrictEqual([]);
    });

    it("gives every pattern a readable x-allowed phrase", () => {
      const unexplained: string[] = [];
      walk(inventorySchema, "#", (schema, at) => {
        if (typeof schema["pattern"] === "string" && typeof schema["x-allowed"] !== "string") unexplained.push(at);
      });
      expect(unexplained).toStrictEqual([]);
    });

    it("allows exactly CloudWatch's retention periods", () => {
      expect(defs["retentionDays"]!["enum"]).toStrictEqual([
        1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
      ]);
    });
  });

  it("reports schema and semantic problems together, sorted by path", () => {
    const inventory = validRawInventory();
    inventory.clusters[1]!.id = "eks-a";
    inventory.tenants[0]!.accountId = "12";
    const result = validateInventoryValue(inventory);
    expect(result).toStrictEqual({
      ok: false,
      problems: [
        { path: "/clusters/1/id", message: expect.stringMatching(/^duplicate cluster id "eks-a"/) },
        { path: "/tenants/0/accountId", message: expect.stringMatching(/^must be a 12-digit AWS account id/) },
      ],
      warnings: [],
      rulesSkipped: [
        "loghop:inventory:unique-external-ids",
        "loghop:inventory:deploy-role-accounts",
        "loghop:inventory:delivery-role-accounts",
        "loghop:inventory:unique-delivery-roles",
        "loghop:inventory:kms-keys",
        "loghop:inventory:log-group-collisions",
        "loghop:inventory:aws-limits",
      ],
    });
  });
});
