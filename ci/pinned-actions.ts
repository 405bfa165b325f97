/**
 * Every third-party action the generated workflow uses, pinned to the full commit SHA of a
 * release tag: a tag can be moved by whoever controls the action's repository, a commit cannot.
 * The workflow writes `uses: <repo>@<sha> # <version>`. To update one, read the release's commit
 * from the action's own repository and replace both fields together, then `npx loghop ci`:
 *
 *     git ls-remote --tags https://github.com/actions/checkout 'v4.*'   # peeled `^{}` line if annotated
 *
 * (README, "The CI workflow", says the same). Majors are those the workflow was written against.
 */
export interface PinnedAction {
  /** `owner/name` on GitHub. */
  readonly repository: string;
  /** 40-hex commit the release tag points at. */
  readonly commit: string;
  /** The release tag, shown as a comment next to the pin. */
  readonly version: string;
}

export const PINNED_ACTIONS = {
  checkout: { repository: "actions/checkout", commit: "11d5960a326750d5838078e36cf38b85af677262", version: "v4.4.0" },
  setupNode: {
    repository: "actions/setup-node",
    commit: "49933ea5288caeca8642d1e84afbd3f7d6820020",
    version: "v4.4.0",
  },
  setupTerraform: {
    repository: "hashicorp/setup-terraform",
    commit: "b9cd54a3c349d3f38e8881555d616ced269862dd",
    version: "v3.1.2",
  },
  awsCredentials: {
    repository: "aws-actions/configure-aws-credentials",
    commit: "7474bc4690e29a8392af63c5b98e7449536d5c3a",
    version: "v4.3.1",
  },
} as const satisfies Readonly<Record<string, PinnedAction>>;

/** The `uses:` value of a pinned action. */
export function usesRef(action: PinnedAction): string {
  return `${action.repository}@${action.commit}`;
}
