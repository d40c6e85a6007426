/**
 * @module bench/promotion-cost
 * What one model promotion costs in round trips, which dominate on Azure (each ARM call or ledger write is
 * 50–300 ms there): ARM calls (LRO polls counted apart) and ledger writes, against issue #13's targets
 * (≤ 12 ARM calls, ≤ 3 ledger writes). The baseline, in the same run, is a rerun of the same promotion: the
 * fixed cost of the gate and the "already there" checks.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { connectToTwin } from "../src/connect/connection.ts";
import { startTwin } from "../src/emulator/index.ts";
import { loadPolicy } from "../src/governance/policy.ts";
import { approveRequest, requestPromotion } from "../src/promotion/gate.ts";
import { promote } from "../src/promotion/promote.ts";
import { registerAssetFile } from "../src/promotion/register.ts";
import { modelCard } from "../test/promotion/fixture.ts";
import type { BenchRow } from "./types.ts";

const LRO_POLL = /mfeOperation(sStatus|Results)/;

export async function run(): Promise<BenchRow[]> {
  const root = await mkdtemp(path.join(tmpdir(), "airlock-bench-cost-"));
  const counts = { arm: 0, polls: 0 };
  const twin = await startTwin({
    stateDir: path.join(root, "twin"),
    lroMode: "realistic",
    lroPacing: { retryAfterSeconds: 0, minDurationMs: 0 },
    onArmRequest: (_method, url) => {
      if (LRO_POLL.test(url)) counts.polls += 1;
      else if (url.startsWith("/subscriptions/")) counts.arm += 1;
    },
  });
  try {
    const connectAs = (dev: string, prod: string) => connectToTwin({ ...twin, principals: { dev, prod } });
    const alice = await connectAs("alice", "alice");
    const bob = await connectAs("bob", "bob");
    const policy = await loadPolicy();
    const folder = path.join(root, "model");
    await writeFile(path.join(root, "weights.bin"), "weights");
    const { mkdir, rename } = await import("node:fs/promises");
    await mkdir(folder, { recursive: true });
    await rename(path.join(root, "weights.bin"), path.join(folder, "weights.bin"));
    // The policy's evidence rules: a model card in the digested folder and an allowed license.
    await writeFile(path.join(folder, "model-card.yml"), modelCard("cost"));
    const file = path.join(root, "model.yml");
    await writeFile(
      file,
      `name: cost-model\nversion: "1"\ntype: custom_model\npath: model\ntags:\n  license: Apache-2.0\n`,
    );
    await registerAssetFile(alice, file, { env: "dev", root });
    const asset = { kind: "model" as const, name: "cost-model", version: "1" };
    const request = await requestPromotion(alice, asset, policy, { justification: "bench" });
    await approveRequest(bob, request.requestId, policy);

    const measure = async () => {
      // A fresh CI process: nothing cached from an earlier promotion.
      const ci = await connectAs("sp-aml-promotion-dev", "sp-aml-promotion-prod");
      const before = (await (await ci.ledger()).head()).seq;
      counts.arm = 0;
      counts.polls = 0;
      await promote(ci, asset, policy);
      const records = (await (await ci.ledger()).head()).seq - before;
      return { arm: counts.arm, polls: counts.polls, records };
    };
    const first = await measure();
    const rerun = await measure();
    return [
      {
        name: "ARM calls per model promotion (LRO polls apart)",
        value: first.arm,
        unit: "calls",
        baseline: { name: "rerun of the same promotion", value: rerun.arm },
        target: "<= 12",
        pass: first.arm <= 12,
        notes: `${first.polls} LRO polls (rerun: ${rerun.polls})`,
      },
      {
        name: "ledger writes per model promotion",
        value: first.records,
        unit: "records",
        baseline: { name: "rerun of the same promotion", value: rerun.records },
        target: "<= 3",
        pass: first.records <= 3,
      },
    ];
  } finally {
    await twin.close();
    await rm(root, { recursive: true, force: true });
  }
}
