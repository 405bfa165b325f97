/**
 * The inventory schema's validator compiled ahead of time — only in the CLI bundle, whose
 * build (cli/bundle.ts) replaces this module with ajv's standalone code for
 * `compileInventorySchema()`. Run from source (tsx, jest) it is undefined and the schema
 * is compiled on first use, with the same options.
 */
import type { ValidateFunction } from "ajv";

export const precompiledInventoryValidator: ValidateFunction | undefined = undefined;
