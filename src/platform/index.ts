/** @module platform — the platform model: tfvars → names, scopes, network plan and the RBAC matrix. */

export { CI_AUDIENCE, TWIN_CI_ISSUER } from "./ci-oidc.ts";
export { type Cidr, contains, overlaps, parseCidr } from "./cidr.ts";
export * from "./model.ts";
export * from "./rbac.ts";
export { repoRelative } from "./repo-path.ts";
