export {
  buildApp,
  buildStacks,
  DEFAULT_PROCESSOR_BUNDLE_DIR,
  selectedProcessorBundleDir,
  deploySteps,
  type DeployStep,
  type LoghopStacks,
  type LoghopStacksOptions,
  type StackApplier,
} from "./app";
export { CentralStack, type CentralStackProps } from "./central/central-stack";
export { RegionStack, type RegionStackProps } from "./region/region-stack";
export { CustomerStack, type CustomerStackProps } from "./customer/customer-stack";
export { ClusterStack, type ClusterStackProps } from "./cluster/cluster-stack";
export { StackError } from "./errors";
