export {
  RoleChain,
  tenantSessionName,
  CREDENTIAL_REFRESH_MARGIN_MS,
  type RoleChainOptions,
  type TenantRole,
} from "./role-chain";
export { TenantClientPool } from "./client-pool";
