/**
 * Crash tests: `airlock promote model` is SIGKILLed at every step boundary and in the middle of the server-side
 * copy: before each step (the durable state after the previous one: runWorkflow journals a step before its
 * `after` point and does nothing durable between one step's `after` and the next one's `before`), after the
 * journaled copy, and after the last step. No partial version is ever visible in the prod registry, and a rerun
 * without the crash converges to the same end state as an uninterrupted promotion of identical content.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { PROP } from "../../src/assets/index.ts";
import type { LedgerRecord } from "../../src/governance/ledger.ts";
import { recordsOf } from "../../src/governance/records.ts";
import { digestOfListing, listManifest, locationFromSas } from "../../src/promotion/blobs.ts";
import {
  airlock,
  approvedModel,
  ledgerRecords,
  prodRegistryVersion,
  startWorld,
  type World,
} from "./fixture.ts";

const STEPS = [
  "dev-share-to-dev-registry",
  "dev-verify-dev-registry-digest",
  "gate",
  "prod-copy-to-prod-registry",
  "prod-create-prod-registry-version",
] as const;
/** The steps that write a journal record. */
const JOURNALED = ["prod-copy-to-prod-registry"] as const;
/**
 * One crash per distinct durable state: `<step>:after` and `<next step>:before` are the same boundary (see the
 * header), so each boundary is crossed once — every step's `before`, the copy's `mid` and `after` (it is
 * journaled: its `after` is where its ledger record exists), and the last step's `after`.
 */
const CRASH_POINTS = [
  ...STEPS.map((step) => `${step}:before`),
  "prod-copy-to-prod-registry:mid",
  ...JOURNALED.map((step) => `${step}:after`),
  `${STEPS.at(-1)}:after`,
];
/** Only after this point has the prod registry version been created. */
const VERSION_EXISTS_AFTER = "prod-create-prod-registry-version:after";
/** Properties that name one promotion (ids, times, paths, the ledger head it anchors) rather than the content. */
const PER_RUN = new Set<string>([
  PROP.approvalId,
  PROP.ledgerAnchor,
  PROP.promotionId,
  PROP.promotedAt,
  PROP.sourceAsset,
  PROP.sourceFile,
]);
const NAME = "crash-model";
const SEED = "identical content in every version";
const BATCH = 4;

let world: World;
describe("promotion/crash", () => {
  before(async () => {
    world = await startWorld();
  });
  after(async () => {
    await world?.close();
  });

  const promoteArgs = (version: string) => ["promote", "model", `${NAME}@${version}`, "--to", "prod"];

  /** What an uninterrupted promotion leaves behind, minus what names one run. */
  async function endState(version: string) {
    const found = await prodRegistryVersion(world, "models", NAME, version);
    assert.ok(found, `${NAME}@${version} exists in the prod registry`);
    const { properties = {}, tags, description } = found.properties;
    assert.match(
      properties[PROP.ledgerAnchor] ?? "",
      /^\d+:sha256:[0-9a-f]{64}$/,
      "anchored to the ledger head",
    );
    const content = Object.fromEntries(Object.entries(properties).filter(([key]) => !PER_RUN.has(key)));
    const reference = await world.ci
      .registry("prod")
      .dataReferences(NAME, version)
      .getBlobReferenceSas({
        assetId: `azureml://registries/amlregprodcc01/models/${NAME}/versions/${version}`,
      });
    const blob = reference.blobReferenceForConsumption!;
    const listing = await listManifest(
      locationFromSas((blob.credential as { sasUri: string }).sasUri, blob.blobUri),
    );
    return {
      content,
      tags,
      description,
      files: listing.map(({ path, size, sha256 }) => ({ path, size, sha256 })),
      listingDigest: digestOfListing(listing, `${NAME}@${version}`),
    };
  }

  /** The promotion's ledger trail: which steps were journaled (each once) and whether it completed. */
  function trail(records: readonly LedgerRecord[], version: string) {
    const mine = records.filter(
      (r) => r.subject.asset === `model:${NAME}@${version}` && r.type.startsWith("promotion."),
    );
    return {
      steps: recordsOf(mine, "promotion.step").map((r) => String(r.data.stepId)),
      completed: mine.filter((r) => r.type === "promotion.completed").length,
    };
  }

  async function inBatches<T, R>(
    items: readonly T[],
    size: number,
    run: (item: T) => Promise<R>,
  ): Promise<R[]> {
    const results: R[] = [];
    for (let i = 0; i < items.length; i += size) {
      results.push(...(await Promise.all(items.slice(i, i + size).map(run))));
    }
    return results;
  }

  test("SIGKILL at every step boundary and mid-copy: nothing partial is visible; reruns converge", async () => {
    const versions = ["0", ...CRASH_POINTS.map((_, i) => String(i + 1))];
    const digests = new Set<string>();
    for (const version of versions) digests.add((await approvedModel(world, version, SEED, NAME)).digest);
    assert.equal(digests.size, 1, "every version holds the same content");
    const [digest] = [...digests];

    const baseline = await airlock(promoteArgs("0"), world.cliEnv());
    assert.equal(baseline.code, 0, baseline.stderr);
    const expected = await endState("0");
    assert.equal(expected.listingDigest, digest);
    assert.equal(expected.content[PROP.digest], digest);

    const crashes = await inBatches(CRASH_POINTS, BATCH, async (point) => {
      const version = String(CRASH_POINTS.indexOf(point) + 1);
      const run = await airlock(promoteArgs(version), { ...world.cliEnv(), AIRLOCK_CRASH_AT: point });
      const visible = await prodRegistryVersion(world, "models", NAME, version);
      return { point, version, run, visible };
    });
    for (const { point, run, visible } of crashes) {
      assert.equal(run.signal, "SIGKILL", `${point}: killed by SIGKILL (code ${run.code}, ${run.stderr})`);
      if (point !== VERSION_EXISTS_AFTER) {
        assert.equal(visible, undefined, `${point}: no prod registry version before create-version finished`);
      }
    }

    // One after another: each rerun then runs in this process (a subprocess costs more than the rerun).
    const reruns = [];
    for (const { point, version } of crashes) {
      reruns.push({ point, version, run: await airlock(promoteArgs(version), world.cliEnv()) });
    }
    const records = await ledgerRecords(world);
    const expectedTrail = trail(records, "0");
    // Only the copy is journaled (the other steps find their effect in place; the gate runs every time), and the
    // promotion completes once: two ledger writes.
    assert.deepEqual(expectedTrail, { steps: [...JOURNALED], completed: 1 });
    for (const { point, version, run } of reruns) {
      assert.equal(run.code, 0, `${point}: rerun exits 0\n${run.stderr}`);
      assert.deepEqual(await endState(version), expected, `${point}: same end state as an uninterrupted run`);
      assert.deepEqual(
        trail(records, version),
        expectedTrail,
        `${point}: each step journaled once, completed once`,
      );
    }

    const verify = await airlock(["audit", "verify", "--json"], world.cliEnv());
    assert.equal(verify.code, 0, verify.stderr);
    assert.equal((JSON.parse(verify.stdout) as { ok: boolean }).ok, true);
  });
});
