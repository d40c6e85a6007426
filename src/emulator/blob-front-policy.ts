/**
 * @module emulator/blob-front-policy
 * The records and messages shared by the twin and its blob front end (blob-front.ts, in a child
 * process or in the twin's): storage accounts, container-level time-based retention (immutability) policies
 * as Azure keeps them, and the control requests the twin's ARM routes send to read and change them. No
 * Azurite code here.
 */

export interface StorageAccount {
  name: string;
  /** Base64 account key; a secret: never log or print it. */
  key: string;
}

export type ImmutabilityState = "Unlocked" | "Locked";

/** One entry of a policy's update history (Microsoft.Storage UpdateHistoryProperty). */
export interface PolicyUpdate {
  update: "put" | "lock" | "extend";
  immutabilityPeriodSinceCreationInDays: number;
  timestamp: string;
  objectIdentifier: string;
  tenantId: string;
  allowProtectedAppendWrites?: boolean;
  allowProtectedAppendWritesAll?: boolean;
}

/** A container's time-based retention policy (Microsoft.Storage ImmutabilityPolicyProperty + etag). */
export interface ImmutabilityPolicyRecord {
  immutabilityPeriodSinceCreationInDays: number;
  state: ImmutabilityState;
  allowProtectedAppendWrites: boolean;
  allowProtectedAppendWritesAll: boolean;
  /** Unquoted; ARM shows it quoted. */
  etag: string;
  /** How many times a Locked policy was extended (Azure allows five). */
  extensions: number;
  updateHistory: PolicyUpdate[];
}

/** What ARM's container GET shows of a container (read from Azurite's metadata). */
export interface ContainerInfo {
  name: string;
  lastModified: string;
  etag: string;
  publicAccess: string;
  leaseStatus: string;
  leaseState: string;
  metadata: Record<string, string>;
}

/** Twin → front end. `id` pairs a request with its reply. */
export type FrontRequest =
  | { id: number; op: "getPolicy"; account: string; container: string }
  | {
      id: number;
      op: "setPolicy";
      account: string;
      container: string;
      /** The etag the caller read (null: no policy); the write fails when it no longer matches. */
      expectEtag: string | null;
      policy: ImmutabilityPolicyRecord | null;
    }
  | { id: number; op: "getContainer"; account: string; container: string }
  | { id: number; op: "close" };

export type FrontReply =
  | { id: number; ok: true; policy?: ImmutabilityPolicyRecord | null; container?: ContainerInfo | null }
  | { id: number; ok: false; conflict?: boolean; message: string };

/** Front end → twin once it listens. */
export interface FrontReady {
  ready: true;
  port: number;
}

const DAY_MS = 86_400_000;

/**
 * Whether a blob is still inside its effective retention period: creation time (for an append blob, its
 * last modification) plus the policy's interval. Outside it a blob may be deleted, never overwritten.
 */
export function withinRetention(
  policy: ImmutabilityPolicyRecord,
  blob: { creationTime?: Date | string; lastModified?: Date | string; isAppendBlob: boolean },
  now = Date.now(),
): boolean {
  const base = blob.isAppendBlob ? (blob.lastModified ?? blob.creationTime) : blob.creationTime;
  const start = base === undefined ? now : new Date(base).getTime();
  return now < start + policy.immutabilityPeriodSinceCreationInDays * DAY_MS;
}
