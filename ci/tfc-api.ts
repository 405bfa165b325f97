/** The one Terraform Cloud API call CI makes itself: does a workspace exist yet? */
import type { ResolvedTfcSettings } from "../inventory/resolved";
import { TfcBootstrapError } from "../stacks/tfc-bootstrap";

export type Fetch = (url: string, init: { headers: Record<string, string> }) => Promise<{ status: number }>;

/** `GET /api/v2/organizations/:org/workspaces/:name`: 200 = exists, 404 = not (yet); anything else is an error. */
export async function workspaceExists(
  settings: ResolvedTfcSettings,
  workspaceName: string,
  token: string,
  fetchImpl: Fetch = fetch,
): Promise<boolean> {
  const url =
    `https://${settings.hostname}/api/v2/organizations/${encodeURIComponent(settings.organization)}` +
    `/workspaces/${encodeURIComponent(workspaceName)}`;
  const response = await fetchImpl(url, {
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/vnd.api+json" },
  });
  if (response.status === 200) return true;
  if (response.status === 404) return false;
  throw new TfcBootstrapError(
    `${url}: HTTP ${response.status} (is the API token set and allowed to read the organization's workspaces?)`,
  );
}
