/** Commander argument parsers shared by the commands: each rejects bad input with what is allowed. */
import { InvalidArgumentError } from "commander";

/** A parser accepting the numbers `accepts` allows; `allowed` says which, for the error. */
function numberParser(accepts: (n: number) => boolean, allowed: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === "" || !accepts(n)) throw new InvalidArgumentError(`must be ${allowed}, got ${value}`);
    return n;
  };
}

export const positiveInteger = numberParser((n) => Number.isInteger(n) && n > 0, "a positive integer");
export const nonNegativeInteger = numberParser((n) => Number.isInteger(n) && n >= 0, "an integer ≥ 0");
export const positiveNumber = numberParser((n) => Number.isFinite(n) && n > 0, "a number above 0");
export const nonNegativeNumber = numberParser((n) => Number.isFinite(n) && n >= 0, "a number ≥ 0");
/** A share between 0 and 1. */
export const share = numberParser((n) => Number.isFinite(n) && n >= 0 && n <= 1, "between 0 and 1");

/** A comma-separated list of non-empty names. */
export function nameList(value: string): string[] {
  const names = value.split(",").map((name) => name.trim());
  if (names.some((name) => name === "")) throw new InvalidArgumentError(`must be comma-separated names, got ${value}`);
  return names;
}

/** An ISO 8601 time or epoch milliseconds, as epoch milliseconds. */
export function instantMs(value: string): number {
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (Number.isNaN(ms)) throw new InvalidArgumentError(`must be an ISO 8601 time or epoch milliseconds, got ${value}`);
  return ms;
}

/** The one help text of every command's `--inventory` option. */
export const INVENTORY_OPTION_HELP = "inventory file (default: $LOGHOP_INVENTORY, else examples/inventory.json)";

/** `word` as a POSIX shell reads it back: bare when safe, else single-quoted (for commands printed as hints). */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
