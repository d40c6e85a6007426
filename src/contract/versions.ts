/**
 * @module contract/versions
 * The api-version of each ARM resource provider Airlock talks to, in one place for the client and the twin.
 * Each is the version of the vendored spec subset in src/contract/spec/ (see its README for provenance).
 */

/** Microsoft.MachineLearningServices (stable 2024-10-01). */
export const ML_API_VERSION = "2024-10-01";
/** Microsoft.Storage (stable 2023-05-01): listKeys, ListServiceSas, blob containers, immutability policies. */
export const STORAGE_API_VERSION = "2023-05-01";
/** Microsoft.Authorization (stable 2022-04-01): role assignments and role definitions. */
export const AUTHORIZATION_API_VERSION = "2022-04-01";
