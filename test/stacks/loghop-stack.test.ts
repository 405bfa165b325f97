/**
 * The stacks' base skips cdktf's cross-stack discovery pass: the output must be exactly what cdktf
 * writes with the pass, a stack still gets its default backend, and a cross-stack reference — the
 * only thing the pass exists for — is refused instead of silently wired in.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack } from "cdktf";
import { buildStacks } from "../../stacks/app";
import { CrossStackReferenceError, LoghopStack } from "../../stacks/common/loghop-stack";
import { exampleInventory } from "./support/inventories";
import { fakeProcessorBundle, synthApp, type SynthResult } from "./support/synth";

class PlainStack extends LoghopStack {}

/** Every file under `<outdir>/stacks`, by relative path. */
function stackFiles(synth: SynthResult): Record<string, string> {
  const root = join(synth.outdir, "stacks");
  return Object.fromEntries(
    synth.stackNames.flatMap((stack) =>
      readdirSync(join(root, stack))
        .filter((file) => file.endsWith(".json"))
        .map((file) => [`${stack}/${file}`, readFileSync(join(root, stack, file), "utf8")]),
    ),
  );
}

test("writes byte for byte what cdktf writes with its discovery pass, for every stack of the example", () => {
  const inventory = exampleInventory();
  const bundle = fakeProcessorBundle();
  const skipping = synthApp((app) => buildStacks(app, inventory, { processorBundleDir: bundle.dir }));
  const prepare = Object.getOwnPropertyDescriptor(LoghopStack.prototype, "prepareStack");
  // cdktf's own pass, restored for one synth.
  Object.defineProperty(LoghopStack.prototype, "prepareStack", {
    value: TerraformStack.prototype.prepareStack,
    configurable: true,
    writable: true,
  });
  let withPass: SynthResult;
  try {
    withPass = synthApp((app) => buildStacks(app, inventory, { processorBundleDir: bundle.dir }));
  } finally {
    Object.defineProperty(LoghopStack.prototype, "prepareStack", prepare as PropertyDescriptor);
  }
  try {
    const files = stackFiles(skipping);
    expect(Object.keys(files).length).toBeGreaterThan(10);
    expect(files).toStrictEqual(stackFiles(withPass));
    expect(readFileSync(join(skipping.outdir, "manifest.json"), "utf8")).toBe(
      readFileSync(join(withPass.outdir, "manifest.json"), "utf8"),
    );
  } finally {
    skipping.cleanup();
    withPass.cleanup();
    bundle.cleanup();
  }
});

test("a stack without a backend still gets cdktf's default local backend", () => {
  const synth = synthApp((app) => {
    const stack = new PlainStack(app, "lonely");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    new SnsTopic(stack, "topic", { name: "t" });
  });
  try {
    expect(synth.stack("lonely").terraform.backend).toStrictEqual({ local: { path: expect.stringMatching(/lonely/) } });
  } finally {
    synth.cleanup();
  }
});

/** Two stacks, the second tagging its queue with the first's topic ARN: a cross-stack reference. */
function crossStackReference(): void {
  synthApp((app) => {
    const source = new PlainStack(app, "source");
    new AwsProvider(source, "aws", { region: "eu-west-1" });
    const topic = new SnsTopic(source, "topic", { name: "t" });
    const consumer = new PlainStack(app, "consumer");
    new AwsProvider(consumer, "aws", { region: "eu-west-1" });
    new SqsQueue(consumer, "queue", { name: "q", tags: { topic: topic.arn } });
  });
}

test("refuses a cross-stack reference, naming the stack and the foreign address, instead of wiring it in", () => {
  expect(crossStackReference).toThrow(CrossStackReferenceError);
  expect(crossStackReference).toThrow(
    /^stack consumer references aws_sns_topic.topic, which is not one of its resources/,
  );
});
