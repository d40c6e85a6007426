/**
 * @module bench/gate
 * Issue #8's targets, each with a baseline measured in the same run:
 * - signature verification adds at most 5 ms per decision at the gate (in-process SSHSIG verification; the
 *   baseline is what `ssh-keygen -Y verify` — git's way — costs per decision here);
 * - `audit verify` with reconciliation over 100,000 records takes at most 10 s (baseline: downloading the same
 *   ledger blobs without parsing or hashing them).
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { connectToTwin } from "../src/connect/connection.ts";
import { startTwin } from "../src/emulator/index.ts";
import {
  benchVerify,
  decisionPayload,
  ensureTwinKeys,
  pae,
  signWithSsh,
  twinSigningKey,
} from "../src/governance/signing/index.ts";
import { auditLedger } from "../src/verify/ledger-audit.ts";
import { writeChainedRecords } from "./ledger-fixture.ts";
import type { BenchRow } from "./types.ts";

const exec = promisify(execFile);
const RECORDS = 100_000;

export async function run(): Promise<BenchRow[]> {
  return [await signatureRow(), await auditRow()];
}

async function signatureRow(): Promise<BenchRow> {
  const inProcess = await benchVerify(2_000);
  // Baseline: the same kind of decision verified by spawning ssh-keygen, as git verifies commits.
  const dir = await mkdtemp(path.join(tmpdir(), "airlock-bench-sig-"));
  try {
    const registry = await ensureTwinKeys(dir, ["bob"]);
    const decision = {
      decision: "approve" as const,
      requestId: "00000000-0000-4000-8000-000000000000",
      asset: { kind: "model" as const, name: "bench", version: "1" },
      digest: `sha256:${"a".repeat(64)}`,
      bundleDigest: `sha256:${"b".repeat(64)}`,
      target: "prod registry bench",
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      signedAt: new Date().toISOString(),
      signer: "bob",
    };
    const envelope = await signWithSsh(decision, { keyFile: twinSigningKey(dir, "bob") });
    const signature = Buffer.from(envelope.signatures[0]!.sig, "base64");
    await writeFile(path.join(dir, "msg"), pae(envelope.payloadType, decisionPayload(decision)));
    await writeFile(path.join(dir, "msg.sig"), signature);
    const key = registry.people[0]!.keys[0]!;
    await writeFile(path.join(dir, "allowed"), `bob ${"publicKey" in key ? key.publicKey : ""}\n`);
    const rounds = 40;
    const started = performance.now();
    for (let i = 0; i < rounds; i++) {
      await exec(
        "sh",
        ["-c", `ssh-keygen -Y verify -f allowed -I bob -n airlock-decision -s msg.sig < msg > /dev/null`],
        { cwd: dir },
      );
    }
    const spawned = (performance.now() - started) / rounds;
    return {
      name: "gate: signature verification per decision (SSH, in process)",
      value: inProcess.msPerDecision,
      unit: "ms",
      baseline: { name: "ssh-keygen -Y verify per decision", value: spawned },
      target: "<= 5 ms per decision",
      pass: inProcess.msPerDecision <= 5,
      notes: `${inProcess.n} decisions in ${inProcess.totalMs.toFixed(0)} ms`,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function auditRow(): Promise<BenchRow> {
  const stateDir = await mkdtemp(path.join(tmpdir(), "airlock-bench-audit-"));
  const twin = await startTwin({ stateDir, lroMode: "fast" });
  try {
    const bob = await connectToTwin({
      stateDir,
      armEndpoint: twin.armEndpoint,
      blobBaseUrl: twin.blobBaseUrl,
      principals: { dev: "bob", prod: "bob" },
    });
    const ledger = await bob.ledger();
    // Write 100,000 chained records straight into the ledger's segments (whole blocks: this is about reading).
    const container = await writeChainedRecords(
      stateDir,
      ledger,
      RECORDS,
      (seq) => `model:bench-${seq % 977}@1`,
    );
    // Baseline: the raw bytes of the same blobs, downloaded once.
    const rawStarted = performance.now();
    for await (const blob of container.listBlobsFlat({ prefix: "segments/" })) {
      await container.getBlobClient(blob.name).downloadToBuffer();
    }
    const raw = (performance.now() - rawStarted) / 1000;
    const fresh = await connectToTwin({
      stateDir,
      armEndpoint: twin.armEndpoint,
      blobBaseUrl: twin.blobBaseUrl,
      principals: { dev: "bob", prod: "bob" },
    });
    const started = performance.now();
    const audit = await auditLedger(fresh);
    const seconds = (performance.now() - started) / 1000;
    return {
      name: `audit verify with reconciliation, ${RECORDS.toLocaleString("en")} records`,
      value: seconds,
      unit: "s",
      baseline: { name: "download the same ledger blobs", value: raw },
      target: "<= 10 s",
      pass: audit.ok && audit.verification.count === RECORDS && seconds <= 10,
      notes: audit.ok ? `${audit.verification.count} records verified` : "verification FAILED",
    };
  } finally {
    await twin.close();
    await rm(stateDir, { recursive: true, force: true });
  }
}
