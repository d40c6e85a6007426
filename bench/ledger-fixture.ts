/**
 * @module bench/ledger-fixture
 * A large ledger for the benches that read one: `count` chained records written straight into the ledger's
 * segments in whole append blocks (with the twin's account key — the benches measure reading, not appending).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { BlobServiceClient, type ContainerClient, StorageSharedKeyCredential } from "@azure/storage-blob";
import {
  GENESIS_HASH,
  type Ledger,
  recordHash,
  SEGMENT_RECORDS,
  segmentOf,
} from "../src/governance/ledger.ts";
import type { LedgerRecord } from "../src/governance/records.ts";

/** An append block holds at most 4 MiB (Azure Append Block). */
const BLOCK_BYTES = 4 * 1024 * 1024 - 1024;

/** Writes `count` chained `promotion.step` records for `asset(seq)`; returns the container, key-authorized. */
export async function writeChainedRecords(
  stateDir: string,
  ledger: Ledger,
  count: number,
  asset: (seq: number) => string,
): Promise<ContainerClient> {
  const keys = JSON.parse(await readFile(path.join(stateDir, "storage-accounts.json"), "utf8")) as Record<
    string,
    string
  >;
  const account = ledger.container.accountName;
  const accountUrl = ledger.container.url.split("?")[0]!.replace(/\/[^/]+$/, "");
  const container = new BlobServiceClient(
    accountUrl,
    new StorageSharedKeyCredential(account, keys[account]!),
  ).getContainerClient(ledger.container.containerName);
  await container.createIfNotExists();
  let prevHash = GENESIS_HASH;
  let lines: string[] = [];
  let bytes = 0;
  const flush = async (segment: string) => {
    if (lines.length === 0) return;
    const blob = container.getAppendBlobClient(segment);
    await blob.createIfNotExists();
    const text = lines.join("");
    await blob.appendBlock(text, Buffer.byteLength(text));
    lines = [];
    bytes = 0;
  };
  const at = new Date().toISOString();
  for (let seq = 1; seq <= count; seq++) {
    const unsigned = {
      seq,
      id: `00000000-0000-4000-8000-${String(seq).padStart(12, "0")}`,
      at,
      type: "promotion.step" as const,
      actor: { objectId: "bench", name: "sp-aml-promotion-prod", kind: "servicePrincipal" as const },
      subject: { promotionId: `prm-${seq % 977}`, asset: asset(seq), target: "prod registry" },
      data: { stepId: "gate", status: "done" as const, title: "approval gate", detail: `record ${seq}` },
      prevHash,
    };
    const record = { ...unsigned, hash: recordHash(unsigned as unknown as LedgerRecord) };
    prevHash = record.hash;
    const line = `${JSON.stringify(record)}\n`;
    if (bytes + Buffer.byteLength(line) > BLOCK_BYTES) await flush(segmentOf(seq - 1));
    lines.push(line);
    bytes += Buffer.byteLength(line);
    if (seq % SEGMENT_RECORDS === 0 || seq === count) await flush(segmentOf(seq));
  }
  return container;
}
