export type { TenantDeliveryItem } from "./types";
export { TenantDirectory, type TenantDirectoryOptions } from "./tenant-table";
export { admitObject, type Admission, type SkipReason } from "./admission";
export { decodeTenantItem, encodeTenantItem, TenantItemError } from "./item-codec";
