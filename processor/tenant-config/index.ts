export type { TenantDeliveryItem } from "./types";
export { TenantDirectory, type TenantDirectoryOptions } from "./tenant-table";
export { admitObject, type Admission, type SkipReason } from "./admission";
export { decodeTenantShard, encodeTenantShard, TenantShardError } from "./shard-codec";
export { isTenantShardCount, MAX_TENANT_SHARDS, tenantShardIndex, tenantShardKey } from "./shards";
