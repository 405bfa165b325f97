/**
 * The AWS emulator set-up shared by `loghop demo` and the end-to-end tests:
 * a moto server, acting as any account in it, and a region's resources as the
 * stacks would create them.
 */
export { EMULATOR_ADMIN_ROLE, EMULATOR_PLAIN_CREDENTIALS, EmulatorAccounts } from "./accounts";
export type { EmulatorClientConfig, EmulatorCredentials } from "./accounts";
export { MOTO_REQUIREMENT, ensureMotoInstalled, freePort, startMoto } from "./moto-server";
export type { MotoServer, StartMotoOptions } from "./moto-server";
export { createRegionResources, putTenantShards } from "./region-resources";
export type { RegionResources } from "./region-resources";
