/**
 * @module promotion/trust
 * What the gate trusts, assembled once per command: the approvers registry as committed in this repository
 * (plus, on the twin, the twin's generated people), the CI issuers of the policy (plus the twin's own issuer on
 * the twin), and how the person acting signs a decision — their SSH key the way git signs commits
 * (`--signing-key`, AIRLOCK_SIGNING_KEY, or git's `user.signingkey`; the agent and FIDO `sk-` keys work through
 * `ssh-keygen -Y sign`), or on the twin the key generated for that person in the state dir.
 */
import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import path from "node:path";
import type { Connection } from "../connect/connection.ts";
import { InputError } from "../errors.ts";
import { Approvals, type CiVerdict, type DecisionSigner, personOfIdentity } from "../governance/approvals.ts";
import type { ciTrustFor as CiTrustFor } from "../governance/ci-identity.ts";
import type { GovernancePolicy } from "../governance/policy.ts";
import type { CiRequester } from "../governance/records.ts";
import {
  type ApproversRegistry,
  ensureTwinKeys,
  loadApproversRegistry,
  signWithSsh,
  signWithTwinKey,
  twinSigningKey,
} from "../governance/signing/index.ts";
import { type Purpose, REPO_ROOT } from "../platform/index.ts";

/** The twin's people: they get generated signing keys, so the demo needs no set-up. */
export const TWIN_PEOPLE = ["alice", "bob", "mallory"] as const;

const registries = new WeakMap<Connection, Promise<ApproversRegistry>>();

/** The approvers registry in force for this connection (read once per command). */
export function approversRegistry(connection: Connection): Promise<ApproversRegistry> {
  let registry = registries.get(connection);
  if (!registry) {
    registry = (async () => {
      // The twin's people dispatch twin CI runs under their own names (`airlock local ci-token --actor alice`).
      const twin = connection.twin
        ? await ensureTwinKeys(connection.twin.stateDir, [...TWIN_PEOPLE])
        : undefined;
      const extra = twin ? [{ ...twin, people: twin.people.map((p) => ({ ...p, github: p.id })) }] : [];
      return loadApproversRegistry({ repoRoot: REPO_ROOT, extra });
    })();
    registries.set(connection, registry);
  }
  return registry;
}

/** CI identity (and jose) is loaded only when a request carries CI evidence or this process runs in CI. */
const ciIdentity = () => import("../governance/ci-identity.ts");

export async function openApprovals(connection: Connection, policy: GovernancePolicy): Promise<Approvals> {
  let trust: ReturnType<typeof CiTrustFor> | undefined;
  return new Approvals({
    ledger: await connection.ledger(),
    policy,
    registry: await approversRegistry(connection),
    verifyCi: async (ci: CiRequester): Promise<CiVerdict> => {
      const { ciTrustFor, verifyCiRequester } = await ciIdentity();
      trust ??= ciTrustFor(policy, connection.twin?.armEndpoint);
      const verdict = await verifyCiRequester(ci, trust, { allowExpired: true });
      if (!verdict.ok) return verdict;
      const { iat, jti } = verdict.claims;
      if (typeof iat !== "number" || typeof jti !== "string" || jti === "") {
        return { ok: false, code: "CI_TOKEN_CLAIMS_INVALID", reason: "the token has no iat or jti" };
      }
      return { ok: true, actor: verdict.actor, issuedAt: new Date(iat * 1000).toISOString(), tokenId: jti };
    },
  });
}

/**
 * The CI evidence for a request this process files, or undefined outside CI. One token backs one request: the
 * gate counts a token's `jti` once, so evidence copied onto another request does not make it the person's.
 */
export async function ciEvidence(
  connection: Connection,
  policy: GovernancePolicy,
): Promise<CiRequester | undefined> {
  const env = process.env;
  if (!env.ACTIONS_ID_TOKEN_REQUEST_URL && !env.AIRLOCK_CI_OIDC_TOKEN && env.GITHUB_ACTIONS !== "true") {
    return undefined;
  }
  const { ciRequesterFromEnvironment, ciTrustFor } = await ciIdentity();
  return ciRequesterFromEnvironment({ trust: ciTrustFor(policy, connection.twin?.armEndpoint) });
}

/**
 * Signs as the person behind `purpose`'s credential. The key: `signingKey`, else AIRLOCK_SIGNING_KEY, else
 * git's `user.signingkey` (a path, or `key::<public key>` with the private key in the agent, as git allows);
 * on the twin, the person's generated key.
 */
export async function signerFor(
  connection: Connection,
  purpose: Purpose,
  options: { signingKey?: string; onPrompt?: (line: string) => void } = {},
): Promise<DecisionSigner> {
  let keyFile = options.signingKey ?? process.env.AIRLOCK_SIGNING_KEY;
  if (!keyFile && connection.twin) {
    const identity = await connection.identity(purpose);
    const person = personOfIdentity(await approversRegistry(connection), identity);
    if (person && (TWIN_PEOPLE as readonly string[]).includes(person.id)) {
      const twinKey = twinSigningKey(connection.twin.stateDir, person.id);
      return (decision) => signWithTwinKey(decision, twinKey);
    }
  }
  let agentOnly = false;
  if (!keyFile) {
    const fromGit = await gitSigningKey();
    keyFile = fromGit?.file;
    agentOnly = fromGit?.agentOnly ?? false;
  }
  if (!keyFile) {
    throw new InputError(
      "SIGNING_KEY_REQUIRED",
      "decisions are signed with your SSH key: pass --signing-key <file>, set AIRLOCK_SIGNING_KEY, or set git's user.signingkey (as for SSH-signed commits)",
    );
  }
  const file = keyFile;
  return (decision) =>
    signWithSsh(decision, {
      keyFile: file,
      ...(agentOnly ? { agentOnly } : {}),
      ...(options.onPrompt ? { onPrompt: options.onPrompt } : {}),
    });
}

/**
 * git's `user.signingkey`: a file path (~ expanded), or a literal `key::…` public key written to a temp file and
 * used only through the agent (`ssh-keygen -U`), as git does.
 */
async function gitSigningKey(): Promise<{ file: string; agentOnly: boolean } | undefined> {
  const value = await new Promise<string | undefined>((resolve) => {
    execFile("git", ["config", "--get", "user.signingkey"], { cwd: REPO_ROOT }, (error, stdout) =>
      resolve(error ? undefined : stdout.trim() || undefined),
    );
  });
  if (!value) return undefined;
  if (value.startsWith("key::")) {
    const dir = await mkdtemp(path.join(tmpdir(), "airlock-key-"));
    const file = path.join(dir, "signing-key.pub");
    await writeFile(file, `${value.slice("key::".length)}\n`, { mode: 0o600 });
    return { file, agentOnly: true };
  }
  return { file: value.startsWith("~/") ? path.join(homedir(), value.slice(2)) : value, agentOnly: false };
}
