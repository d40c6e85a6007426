/**
 * Bad input never changes anything: ≥ 40 bad asset files through `registerAssetFile` (InputError, exit status
 * 3, the message names the file) and bad arguments through the real `airlock` CLI (documented exit statuses:
 * 2 usage, 3 invalid input, 4 not found, 7 gate), and afterwards the dev workspace, its datastore and the
 * ledger are exactly as before.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { getOrUndefined } from "../../src/arm/errors.ts";
import type { AssetKind } from "../../src/arm/types.ts";
import { ExitCode, InputError } from "../../src/errors.ts";
import { registerAssetFile } from "../../src/promotion/register.ts";
import { makeScratch } from "../assets/fixture.ts";
import { BAD_ASSETS } from "./bad-inputs.ts";
import {
  airlock,
  prepareCondaEnvironment,
  prepareModel,
  register,
  startWorld,
  type World,
} from "./fixture.ts";

let world: World;
let snapshotBefore: string;
describe("promotion/cli-input", () => {
  before(async () => {
    world = await startWorld();
    // Something real to point bad arguments at.
    await register(world, await prepareModel(world, "1", "real"));
    await register(world, await prepareCondaEnvironment(world, "real-env", "1", "e"));
    snapshotBefore = await snapshot();
  });
  after(async () => {
    await world?.close();
  });

  /** Everything a bad input could have created: dev asset containers/versions, datastore blobs, the ledger head. */
  async function snapshot(): Promise<string> {
    const workspace = world.ci.workspace("dev");
    const state: Record<string, unknown> = {};
    for (const kind of ["models", "data", "environments", "components", "codes"] as AssetKind[]) {
      const names: string[] = [];
      for await (const container of workspace.containers(kind).list()) {
        const versions: string[] = [];
        await getOrUndefined(async () => {
          for await (const v of workspace.versions(kind, container.name).list()) versions.push(v.name);
        });
        names.push(`${container.name}@${versions.sort().join(",")}`);
      }
      state[kind] = names.sort();
    }
    const datastore = await world.ci.datastoreContainer("dev");
    const blobs: string[] = [];
    for await (const blob of datastore.listBlobsFlat()) blobs.push(blob.name);
    state.blobs = blobs.sort();
    state.ledger = await (await world.ci.ledger()).head();
    state.devRegistryModels = await getOrUndefined(() =>
      world.ci.registry("dev").versions("models", "tiny-model").get("1"),
    ).then((v) => v?.id ?? null);
    return JSON.stringify(state);
  }

  describe("bad asset files through register", () => {
    test("the corpus has at least 40 bad files", () =>
      assert.ok(BAD_ASSETS.length >= 40, `${BAD_ASSETS.length}`));

    for (const bad of BAD_ASSETS) {
      test(`${bad.name} → ${bad.code}`, async () => {
        const at = bad.at ?? "asset.yml";
        const scratch = await makeScratch({ ...bad.files, [at]: bad.yaml });
        try {
          const file = path.join(scratch.project, at);
          await assert.rejects(
            registerAssetFile(world.alice, file, { env: "dev", root: scratch.project }),
            (error: unknown) => {
              assert.ok(error instanceof InputError, `expected InputError, got ${String(error)}`);
              assert.equal(error.exitCode, ExitCode.invalidInput);
              const codes = [
                error.code,
                ...((error.details?.problems as Array<{ code: string }>) ?? []).map((p) => p.code),
              ];
              assert.ok(
                codes.includes(bad.code),
                `expected ${bad.code}, got ${codes.join(", ")}: ${error.message}`,
              );
              assert.ok(error.message.includes(path.basename(file)), `names the file: ${error.message}`);
              return true;
            },
          );
        } finally {
          await scratch.cleanup();
        }
      });
    }

    test("nothing reached the dev workspace, its datastore or the ledger", async () => {
      assert.equal(await snapshot(), snapshotBefore);
    });
  });

  interface BadCall {
    args: string[];
    exit: number;
    stderr: RegExp;
    as?: string;
  }

  const BAD_CALLS: BadCall[] = [
    // usage (2): commander refuses before any command runs
    { args: ["frobnicate"], exit: ExitCode.usage, stderr: /unknown command 'frobnicate'/ },
    {
      args: ["promote", "model", "tiny-model@1", "--bogus"],
      exit: ExitCode.usage,
      stderr: /unknown option '--bogus'/,
    },
    { args: ["promote", "model"], exit: ExitCode.usage, stderr: /missing required argument 'asset'/ },
    { args: ["register", "x.yml"], exit: ExitCode.usage, stderr: /required option '--env <env>'/ },
    { args: ["reject", "some-id"], exit: ExitCode.usage, stderr: /required option '--reason <text>'/ },
    // the approver comes from the credential, never from a flag
    { args: ["approve", "some-id", "--as", "bob"], exit: ExitCode.usage, stderr: /unknown option '--as'/ },
    // invalid input (3)
    { args: ["promote", "model", "nope"], exit: ExitCode.invalidInput, stderr: /ASSET_SPEC_INVALID.*"nope"/ },
    { args: ["promote", "gizmo", "a@1"], exit: ExitCode.invalidInput, stderr: /ASSET_KIND_INVALID.*"gizmo"/ },
    {
      args: ["promote", "model", "tiny-model@1", "--to", "dev"],
      exit: ExitCode.invalidInput,
      stderr: /TARGET_INVALID.*"dev"/,
    },
    {
      args: ["request", "model", "a@", "--justification", "x"],
      exit: ExitCode.invalidInput,
      stderr: /ASSET_SPEC_INVALID.*"a@"/,
    },
    {
      args: ["register", "missing.yml", "--env", "dev"],
      exit: ExitCode.invalidInput,
      stderr: /ASSET_FILE_MISSING.*missing\.yml/,
    },
    {
      args: ["register", "x.yml", "--env", "qa"],
      exit: ExitCode.invalidInput,
      stderr: /--env must be dev or prod, not "qa"/,
    },
    { args: ["status", "--state", "bogus"], exit: ExitCode.invalidInput, stderr: /STATE_INVALID.*"bogus"/ },
    {
      args: ["status", "--asset", "tiny-model"],
      exit: ExitCode.invalidInput,
      stderr: /ASSET_FILTER_INVALID/,
    },
    {
      args: ["audit", "verify", "--anchor", "junk"],
      exit: ExitCode.invalidInput,
      stderr: /--anchor must be .*"junk"/,
    },
    {
      args: ["audit", "show", "--from", "-1"],
      exit: ExitCode.invalidInput,
      stderr: /--from must be a whole number, not "-1"/,
    },
    { args: ["share", "component", "c@1"], exit: ExitCode.invalidInput, stderr: /COMPONENT_NOT_SHAREABLE/ },
    {
      args: ["promote", "environment", "real-env@1", "--strategy", "teleport"],
      exit: ExitCode.invalidInput,
      stderr: /ENVIRONMENT_STRATEGY_UNKNOWN.*"teleport"/,
    },
    // not found (4)
    {
      args: ["promote", "model", "never-registered@1"],
      exit: ExitCode.notFound,
      stderr: /SOURCE_NOT_FOUND.*never-registered@1/,
    },
    {
      args: ["request", "data", "never-registered@1", "--justification", "x"],
      exit: ExitCode.notFound,
      stderr: /SOURCE_NOT_FOUND/,
    },
    {
      args: ["approve", "00000000-0000-4000-8000-000000000000"],
      as: "bob",
      exit: ExitCode.notFound,
      stderr: /APPROVAL_REQUEST_NOT_FOUND.*00000000-0000-4000-8000-000000000000/,
    },
    {
      args: ["status", "no-such-request"],
      exit: ExitCode.notFound,
      stderr: /REQUEST_NOT_FOUND.*no-such-request/,
    },
  ];

  describe("bad arguments through the airlock CLI", () => {
    test("at least 12 real invocations", () => assert.ok(BAD_CALLS.length >= 12));

    test("each exits with its documented status, names the problem, and changes nothing", async () => {
      const failures: string[] = [];
      for (const call of BAD_CALLS) {
        const run = await airlock(call.args, world.cliEnv(call.as));
        const label = `airlock ${call.args.join(" ")}`;
        if (run.code !== call.exit)
          failures.push(`${label}: exit ${run.code}, expected ${call.exit}\n${run.stderr}`);
        else if (!call.stderr.test(run.stderr))
          failures.push(`${label}: stderr does not match ${call.stderr}\n${run.stderr}`);
        else if (run.stderr.includes("AIRLOCK_INTERNAL"))
          failures.push(`${label}: reported as an internal error`);
      }
      assert.deepEqual(failures, []);
      assert.equal(await snapshot(), snapshotBefore);
    });

    test("`--json` errors are one JSON document with the code", async () => {
      const run = await airlock(["promote", "model", "nope", "--json"], world.cliEnv());
      assert.equal(run.code, ExitCode.invalidInput);
      const body = JSON.parse(run.stdout) as { error: { code: string; message: string } };
      assert.equal(body.error.code, "ASSET_SPEC_INVALID");
    });
  });
});
