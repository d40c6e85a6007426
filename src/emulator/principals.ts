/**
 * @module emulator/principals
 * Who the twin knows: the non-human principals of the RBAC matrix in each environment, the people alice and
 * bob (members of both data-scientist groups, so one can request and the other approve), mallory (a
 * valid user with no role at all) and owner (the subscription Owner who bootstraps; no role unless assigned). Object ids are stable GUIDs derived from names, so role assignments,
 * tokens and ledgers agree across restarts and machines.
 */
import { createHash } from "node:crypto";
import { matrix, type PrincipalKey, PURPOSES, principalName } from "../platform/index.ts";

export interface TwinPrincipal {
  /** What `--as` takes, e.g. "alice", "sp-aml-promotion-prod", "dev-mi-compute". */
  name: string;
  objectId: string;
  kind: "user" | "servicePrincipal" | "managedIdentity";
  displayName: string;
  upn?: string;
  /** Group object ids. */
  groups: string[];
}

/** The tenant of the twin's tokens. */
export const TWIN_TENANT_ID = "7a11c0de-0000-4000-8000-00000000a11c";

/** A stable GUID for a directory object name (principal or group). */
export function objectIdFor(name: string): string {
  const hex = createHash("sha256").update(`airlock-twin-directory/${name}`).digest("hex");
  // Shape it as a version-4 GUID so clients that validate GUIDs accept it.
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const PEOPLE = [
  { name: "alice", displayName: "Alice Analyst", dataScientist: true },
  { name: "bob", displayName: "Bob Builder", dataScientist: true },
  { name: "mallory", displayName: "Mallory Outsider", dataScientist: false },
  // The subscription Owner who runs `airlock bootstrap`; holds no role until one is assigned (tests do).
  { name: "owner", displayName: "Olive Owner", dataScientist: false },
] as const;

/** Group name of the matrix's data-scientist group in one environment. */
export const dataScientistGroup = (purpose: string): string =>
  principalName("data_scientists", purpose as never);

let cached: TwinPrincipal[] | undefined;

export function twinPrincipals(): TwinPrincipal[] {
  if (cached) return cached;
  const list: TwinPrincipal[] = [];
  for (const purpose of PURPOSES) {
    for (const [key, principal] of Object.entries(matrix.principals)) {
      if (principal.type !== "ServicePrincipal" && principal.type !== "UserAssignedIdentity") continue;
      const name = principalName(key as PrincipalKey, purpose);
      list.push({
        name,
        objectId: objectIdFor(name),
        kind: principal.type === "ServicePrincipal" ? "servicePrincipal" : "managedIdentity",
        displayName: name,
        groups: [],
      });
    }
  }
  const scientistGroups = PURPOSES.map((purpose) => objectIdFor(dataScientistGroup(purpose)));
  for (const person of PEOPLE) {
    list.push({
      name: person.name,
      objectId: objectIdFor(person.name),
      kind: "user",
      displayName: person.displayName,
      upn: `${person.name}@airlock.local`,
      groups: person.dataScientist ? scientistGroups : [],
    });
  }
  cached = list;
  return list;
}

export function findPrincipal(name: string): TwinPrincipal | undefined {
  return twinPrincipals().find((p) => p.name === name);
}
