/**
 * @module governance/signing/bench
 * Micro-benchmark for bench/run.ts: the cost of verifying one SSH-signed decision at the gate (target ≤ 5 ms).
 * Signs one decision with a throwaway twin key (one ssh-keygen call, not timed), then verifies it `n` times
 * in process against a registry of three people.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Decision } from "./envelope.ts";
import { signWithSsh } from "./sign.ts";
import { ensureTwinKeys, twinSigningKey } from "./twin-keys.ts";
import { verifyEnvelope } from "./verify.ts";

export interface VerifyBenchResult {
  n: number;
  totalMs: number;
  msPerDecision: number;
}

export async function benchVerify(n = 1000): Promise<VerifyBenchResult> {
  const dir = await mkdtemp(path.join(tmpdir(), "airlock-bench-sign-"));
  try {
    const registry = await ensureTwinKeys(dir, ["alice", "bob", "mallory"]);
    const decision: Decision = {
      decision: "approve",
      requestId: "req-bench",
      asset: { kind: "model", name: "bench-model", version: "1" },
      digest: `sha256:${"a".repeat(64)}`,
      bundleDigest: `sha256:${"b".repeat(64)}`,
      target: "prod",
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      signedAt: new Date().toISOString(),
      signer: "bob",
    };
    const envelope = await signWithSsh(decision, { keyFile: twinSigningKey(dir, "bob") });
    const expect = { requestId: decision.requestId, digest: decision.digest, target: decision.target };
    // Each round parses the envelope from JSON text, as the gate reads it from the ledger.
    const text = JSON.stringify(envelope);
    verifyEnvelope(JSON.parse(text), registry, { expect }); // warm caches (key objects, schema)
    const start = performance.now();
    for (let i = 0; i < n; i++) {
      const result = verifyEnvelope(JSON.parse(text), registry, { expect });
      if (!result.ok) throw new Error(`bench envelope refused: ${result.code} ${result.reason}`);
    }
    const totalMs = performance.now() - start;
    return { n, totalMs, msPerDecision: totalMs / n };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
