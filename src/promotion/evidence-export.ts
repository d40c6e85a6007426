/**
 * @module promotion/evidence-export
 * `airlock evidence export <kind> <name>@<version>`: gathers what an auditor needs about one promoted asset
 * version — the prod version and its ledger anchor, the ledger from the first record about the version (or the
 * anchor, if earlier) to the head, lineage up to the training run, the policy file in force — and hands it to
 * governance/evidence-pack, which builds, renders and seals the file. Reads only; writes nothing to any platform.
 *
 * The same inputs give the same bytes: nothing in a pack depends on the clock or on who exports it.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { getOrUndefined } from "../arm/errors.ts";
import { ARM_KIND, PROP } from "../assets/index.ts";
import type { Connection } from "../connect/connection.ts";
import { InputError, NotFoundError, VerificationError } from "../errors.ts";
import {
  EVIDENCE_PACK_FORMAT,
  type EvidencePack,
  inspectPack,
  type PackSubject,
  relevantRecords,
  serializePack,
  summarize,
} from "../governance/evidence-pack/index.ts";
import type { LedgerHead } from "../governance/ledger.ts";
import { DEFAULT_POLICY_FILE } from "../governance/policy.ts";
import { REPO_ROOT } from "../platform/index.ts";
import { lineage } from "./lineage.ts";
import type { AssetSpec } from "./promote.ts";

export interface ExportedPack {
  pack: EvidencePack;
  bytes: Buffer;
  /** sha256 over the sealed bytes (the pack's identity). */
  seal: string;
}

/** The azureml id `airlock lineage` follows, from a prod version's ARM id. */
function lineageTarget(spec: AssetSpec, armId: string, registry: string): string {
  if (spec.kind === "model" || spec.kind === "data")
    return `azureml://registries/${registry}/${ARM_KIND[spec.kind]}/${spec.name}/versions/${spec.version}`;
  const match =
    /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/[^/]+\/workspaces\/([^/]+)\//i.exec(
      armId,
    );
  return match
    ? `azureml://subscriptions/${match[1]}/resourcegroups/${match[2]}/workspaces/${match[3]}/${ARM_KIND[spec.kind]}/${spec.name}/versions/${spec.version}`
    : armId;
}

async function policyFacts(): Promise<EvidencePack["policy"]> {
  const file = path.resolve(process.env.AIRLOCK_POLICY ?? DEFAULT_POLICY_FILE);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new InputError(
      "POLICY_INVALID",
      `cannot read the governance policy ${file}: ${(error as Error).message}`,
    );
  }
  const relative = path.relative(REPO_ROOT, file);
  return {
    source:
      relative.startsWith("..") || path.isAbsolute(relative) ? file : relative.split(path.sep).join("/"),
    sha256: `sha256:${createHash("sha256").update(text, "utf8").digest("hex")}`,
    text,
  };
}

/** Builds the evidence pack of a promoted asset version. */
export async function exportEvidence(connection: Connection, spec: AssetSpec): Promise<ExportedPack> {
  const prod = connection.env("prod").names;
  const inRegistry = spec.kind === "model" || spec.kind === "data";
  const scope = inRegistry ? connection.registry("prod") : connection.workspace("prod");
  const where = inRegistry ? `prod registry ${prod.registry}` : `prod workspace ${prod.workspace}`;
  const version = await getOrUndefined(() =>
    scope.versions(ARM_KIND[spec.kind], spec.name).get(spec.version),
  );
  if (!version)
    throw new NotFoundError(
      "EVIDENCE_NOT_IN_PROD",
      `${spec.kind} ${spec.name}@${spec.version} is not in the ${where}: an evidence pack is about a promoted version`,
      { ...spec },
    );
  const properties = { ...(version.properties.properties ?? {}) };
  const digest = properties[PROP.digest];
  if (!digest || !/^sha256:[0-9a-f]{64}$/.test(digest))
    throw new VerificationError(
      "EVIDENCE_NO_DIGEST",
      `${spec.kind} ${spec.name}@${spec.version} in the ${where} carries no ${PROP.digest}: it was not promoted by Airlock`,
    );
  const anchorMatch = /^(\d+):(sha256:[0-9a-f]{64})$/.exec(properties[PROP.ledgerAnchor] ?? "");
  if (!anchorMatch)
    throw new VerificationError(
      "EVIDENCE_ANCHOR_MISSING",
      `${spec.kind} ${spec.name}@${spec.version} in the ${where} carries no ledger anchor (${PROP.ledgerAnchor}), so no ledger slice can be tied to it`,
    );
  const anchor: LedgerHead = { seq: Number(anchorMatch[1]), hash: anchorMatch[2]! };

  const ledger = await connection.ledger();
  await ledger.assertAnchors([anchor]);
  const records = await ledger.read();
  const subject: PackSubject = {
    kind: spec.kind,
    name: spec.name,
    version: spec.version,
    key: `${spec.kind}:${spec.name}@${spec.version}`,
    digest,
    prodId: version.id,
  };
  const about = relevantRecords(records, subject);
  const from = Math.min(about[0]?.seq ?? anchor.seq, anchor.seq);
  const slice = records.filter((record) => record.seq >= from);
  const last = slice[slice.length - 1]!;

  const pack: EvidencePack = {
    format: EVIDENCE_PACK_FORMAT,
    subject,
    prodVersion: { id: version.id, properties, tags: { ...(version.properties.tags ?? {}) } },
    anchor,
    ledger: { from, head: { seq: last.seq, hash: last.hash }, records: slice },
    summary: summarize(slice, subject),
    lineage: await lineage(connection, lineageTarget(spec, version.id, prod.registry)),
    policy: await policyFacts(),
  };
  const { bytes, seal } = serializePack(pack);
  // Never hand out a pack that would not pass its own integrity checks (signatures are the verifier's job).
  const { problems } = inspectPack(bytes);
  if (problems.length > 0)
    throw new VerificationError(
      problems[0]!.code,
      `the evidence pack for ${subject.key} does not hold together: ${problems.map((p) => p.detail).join("; ")}`,
      { problems },
    );
  return { pack, bytes, seal };
}
