/**
 * @module platform/ci-oidc
 * The names both sides of CI identity agree on: the audience Airlock asks CI issuers for, and the twin's own
 * CI issuer. Governance verifies tokens with them (governance/ci-identity) and the twin issues them
 * (emulator/ci-oidc), so they live below both.
 */

/** The audience Airlock asks CI issuers for (no cloud accepts it in a token exchange; see `toEvidence`). */
export const CI_AUDIENCE = "airlock";

/**
 * The twin's CI issuer (src/emulator/ci-oidc.ts). Fixed, so evidence stays verifiable across twin restarts on
 * other ports (the key is per state dir); `.invalid` (RFC 2606) can never resolve, so nobody can publish keys
 * for it, and no policy needs to list it.
 */
export const TWIN_CI_ISSUER = "https://ci.twin.airlock.invalid";
