/**
 * `--env-file` of `loghop process` / `replay`: a JSON object of variable → string
 * (the generated `k8s-out/_processor/environment-<region>.json` as it is) or
 * `NAME=value` lines (`#` comments, optional quotes). Every problem of the file
 * is reported at once, with its line or key.
 */
import { readFileSync } from "node:fs";

export class EnvFileError extends Error {
  override readonly name = "EnvFileError";
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(problems.map((problem) => `${file}: ${problem}`).join("\n"));
  }
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function parseJson(text: string, problems: string[]): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    problems.push(`invalid JSON: ${(error as Error).message}`);
    return {};
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    problems.push("must be a JSON object of variable name → string value");
    return {};
  }
  const vars: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (!NAME.test(name)) problems.push(`/${name}: not a variable name`);
    else if (typeof value !== "string") problems.push(`/${name}: must be a string, got ${JSON.stringify(value)}`);
    else vars[name] = value;
  }
  return vars;
}

function unquote(value: string): string {
  const quoted = /^(["'])(.*)\1$/.exec(value);
  return quoted ? quoted[2]! : value;
}

function parseLines(text: string, problems: string[]): Record<string, string> {
  const vars: Record<string, string> = {};
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const match = /^(?:export\s+)?([^=\s]+)\s*=\s*(.*)$/.exec(line);
    if (match === null || !NAME.test(match[1]!)) {
      problems.push(`line ${index + 1}: expected NAME=value, got ${JSON.stringify(line)}`);
      return;
    }
    vars[match[1]!] = unquote(match[2]!);
  });
  return vars;
}

/** The variables `file` sets; throws EnvFileError naming every bad entry. */
export function readEnvFile(file: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new EnvFileError(file, [`cannot be read: ${(error as Error).message}`]);
  }
  const problems: string[] = [];
  const vars = text.trimStart().startsWith("{") ? parseJson(text, problems) : parseLines(text, problems);
  if (problems.length > 0) throw new EnvFileError(file, problems);
  return vars;
}
