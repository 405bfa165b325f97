/**
 * cfn-lint (PyPI), AWS's CloudFormation linter: validates every generated template against the
 * CloudFormation resource specifications it ships with (offline). Installed into `.venv` on first
 * use, like moto.
 */
import { spawnSync } from "node:child_process";
import { ensureVenvTool, ROOT } from "../../emulator/python-venv";

/** Pinned so every machine lints against the same resource specifications. */
export const CFN_LINT_REQUIREMENT = "cfn-lint==1.58.0";

export interface LintResult {
  /** 0 = clean; cfn-lint's bit flags otherwise (2 error, 4 warning, 8 informational). */
  readonly status: number | null;
  readonly output: string;
}

/** Lints `templates` (file paths) for `regions`, reporting warnings and informational findings too. */
export async function cfnLint(templates: readonly string[], regions: readonly string[]): Promise<LintResult> {
  const binary = await ensureVenvTool("cfn-lint", CFN_LINT_REQUIREMENT);
  const result = spawnSync(
    binary,
    ["--format", "parseable", "--include-checks", "I", "--regions", ...regions, "--", ...templates],
    { cwd: ROOT, encoding: "utf8", timeout: 120_000 },
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
