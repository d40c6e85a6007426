/**
 * @module arm/types
 * The wire types live in the shared contract (src/contract/types.ts), which the twin answers with too;
 * re-exported here so the client's modules keep one import path.
 */
export * from "../contract/types.ts";
