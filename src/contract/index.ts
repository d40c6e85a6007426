/**
 * @module contract
 * The ARM contract shared by the client (src/arm) and the twin (src/emulator): api-versions, wire types,
 * the asset name and version rules, and the recorded-exchange shape the spec check validates.
 */
export type { ArmExchange } from "./exchange.ts";
export * from "./lists.ts";
export * from "./names.ts";
export * from "./types.ts";
export * from "./versions.ts";
