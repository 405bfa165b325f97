/** `loghop external-id`: a fresh, unguessable ExternalId for a new tenant. */
import { randomBytes } from "node:crypto";
import type { Command } from "commander";
import { consoleOutput, type CommandOutput } from "./validate";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/** 32 base62 characters ≈ 190 bits of entropy. */
const EXTERNAL_ID_RANDOM_CHARACTERS = 32;
const EXTERNAL_ID_PREFIX = "lhx-";

/**
 * `lhx-` + 32 random base62 characters from the OS CSPRNG. Bytes ≥ 248 are discarded
 * (rejection sampling) so every character is equally likely: 248 = 4 × 62.
 */
export function generateExternalId(): string {
  let id = "";
  while (id.length < EXTERNAL_ID_RANDOM_CHARACTERS) {
    for (const byte of randomBytes(EXTERNAL_ID_RANDOM_CHARACTERS)) {
      if (byte < 248 && id.length < EXTERNAL_ID_RANDOM_CHARACTERS) id += ALPHABET[byte % 62];
    }
  }
  return EXTERNAL_ID_PREFIX + id;
}

export function runExternalId(output: CommandOutput = consoleOutput): number {
  output.out(generateExternalId());
  return 0;
}

export function registerExternalIdCommand(program: Command): void {
  program
    .command("external-id")
    .description("print a fresh random ExternalId for a new tenant's `externalId` (keep it in the inventory)")
    .action(() => {
      process.exitCode = runExternalId();
    });
}
