/**
 * @module cli/commands/local — `airlock local up|down|status|token`: the background twin. `status` and `up`
 * check the daemon and its Azurite with real requests; `up` restarts a twin that stopped answering.
 */
import { saveTwinLogin, twinPrincipal, twinStateDir } from "../../connect/connection.ts";
import {
  checkStateDir,
  ensureStateDir,
  startDaemon,
  stopDaemon,
  TWIN_FAULT,
  type TwinRecord,
  twinHealth,
  twinNotServing,
  unusableStateDir,
} from "../../emulator/daemon-control.ts";
import { findPrincipal, twinPrincipals } from "../../emulator/principals.ts";
import { mintTwinToken } from "../../emulator/tokens.ts";
import { AirlockError, InputError } from "../../errors.ts";
import { printResult, progress } from "../output.ts";

interface StateOptions {
  stateDir?: string;
  json?: boolean;
}

function port(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InputError("ARG_INVALID", `${name} must be a port number (0-65535), not "${value}"`);
  return n;
}

const view = (record: TwinRecord, extra: Record<string, unknown>) => ({
  ...record,
  blobBaseUrl: record.blobEndpoint,
  ...extra,
});

const describe = (record: TwinRecord) =>
  [
    `twin running (pid ${record.pid}, LROs ${record.lroMode})`,
    `  ARM endpoint   ${record.armEndpoint}`,
    `  blob endpoint  ${record.blobEndpoint}`,
    ...(record.azurite ? [`  Azurite        pid ${record.azurite.pid} (answers)`] : []),
    `  subscription   ${record.subscriptionId}`,
    `  state dir      ${record.stateDir}`,
  ].join("\n");

export async function localUp(
  options: StateOptions & { armPort?: string; blobPort?: string; lro?: string; infraDir?: string },
): Promise<void> {
  const stateDir = twinStateDir(options.stateDir);
  const lroOption = options.lro;
  if (lroOption !== undefined && lroOption !== "fast" && lroOption !== "realistic")
    throw new InputError("ARG_INVALID", `--lro must be fast or realistic, not "${lroOption}"`);
  const armPort = port("--arm-port", options.armPort);
  const blobPort = port("--blob-port", options.blobPort);
  await checkStateDir(stateDir);
  const health = await twinHealth(stateDir);
  if (health.state === "running") {
    const existing = health.record;
    printResult(
      options,
      view(existing, { alreadyRunning: true }),
      () => `${describe(existing)}\n(already running)`,
    );
    return;
  }
  // A daemon that lives but cannot serve is replaced on the same ports, so clients holding its endpoints
  // keep working; without a live daemon, the ports are the caller's choice.
  const restarting = health.state === "unresponsive" || health.state === "azurite-down" ? health : undefined;
  if (restarting) {
    progress(options, `the twin in ${stateDir} runs but ${TWIN_FAULT[restarting.state]}: restarting it …`);
    await stopDaemon(stateDir);
  } else {
    // A daemon killed outright may have left its Azurite behind.
    await stopDaemon(stateDir);
    progress(options, `starting the twin in ${stateDir} …`);
  }
  const previous = restarting?.record;
  const started = Date.now();
  const lroMode = (lroOption ?? previous?.lroMode ?? "fast") as "fast" | "realistic";
  const infraDir = options.infraDir ?? previous?.infraDir;
  let record: TwinRecord;
  try {
    record = await startDaemon({
      stateDir,
      armPort: armPort ?? previous?.armPort,
      blobPort: blobPort ?? previous?.blobPort,
      lroMode,
      infraDir,
    });
  } catch (error) {
    // The old ports were taken in the meantime: any free ones will do.
    const portTaken = error instanceof AirlockError && error.code === "TWIN_PORT_IN_USE";
    if (!previous || !portTaken || armPort !== undefined || blobPort !== undefined) throw error;
    record = await startDaemon({ stateDir, lroMode, infraDir });
  }
  const restarted = restarting ? { restarted: true, reason: restarting.state } : { restarted: false };
  printResult(
    options,
    view(record, { alreadyRunning: false, ...restarted, readyMs: Date.now() - started }),
    () =>
      restarting ? `${describe(record)}\n(restarted: ${TWIN_FAULT[restarting.state]})` : describe(record),
  );
}

export async function localDown(options: StateOptions): Promise<void> {
  const stateDir = twinStateDir(options.stateDir);
  const stopped = await stopDaemon(stateDir);
  printResult(options, { stopped, stateDir }, () =>
    stopped ? `twin stopped (${stateDir})` : `no twin running in ${stateDir}`,
  );
}

export async function localStatus(options: StateOptions): Promise<void> {
  const stateDir = twinStateDir(options.stateDir);
  await checkStateDir(stateDir);
  const health = await twinHealth(stateDir);
  if (health.state !== "running") throw twinNotServing(stateDir, health);
  const record = health.record;
  printResult(options, view(record, { running: true, azurite: record.azurite ?? null }), () =>
    describe(record),
  );
}

export async function localToken(options: StateOptions & { as: string; ttl?: string }): Promise<void> {
  const stateDir = twinStateDir(options.stateDir);
  const ttl = Number(options.ttl ?? 3600);
  if (!Number.isInteger(ttl) || ttl < 60 || ttl > 86_400)
    throw new InputError("ARG_INVALID", `--ttl must be 60-86400 seconds, not "${options.ttl}"`);
  const token = mintTwinToken(stateDir, options.as, ttl);
  const principal = findPrincipal(options.as)!;
  printResult(
    options,
    {
      token,
      principal: principal.name,
      objectId: principal.objectId,
      kind: principal.kind,
      expiresOn: new Date(Date.now() + ttl * 1000).toISOString(),
    },
    () => token,
  );
}

export async function localLogin(options: StateOptions & { as?: string; ci?: boolean }): Promise<void> {
  const stateDir = twinStateDir(options.stateDir);
  if ((options.as === undefined) === !options.ci)
    throw new InputError("ARG_REQUIRED", "airlock local login needs --as <principal> or --ci (one of them)");
  const names = options.ci
    ? { dev: "sp-aml-promotion-dev", prod: "sp-aml-promotion-prod" }
    : { dev: options.as!, prod: options.as! };
  const principal = findPrincipal(names.dev);
  const prodPrincipal = findPrincipal(names.prod);
  if (!principal || !prodPrincipal) {
    throw new InputError(
      "UNKNOWN_PRINCIPAL",
      `The twin knows no principal "${options.as}"; known: ${twinPrincipals()
        .map((p) => p.name)
        .join(", ")}`,
    );
  }
  await ensureStateDir(stateDir);
  await saveTwinLogin(stateDir, options.ci ? names : principal.name).catch((error: unknown) => {
    throw unusableStateDir(stateDir, error) ?? error;
  });
  const overriding = [
    "AIRLOCK_TWIN_PRINCIPAL",
    "AIRLOCK_TWIN_PRINCIPAL_DEV",
    "AIRLOCK_TWIN_PRINCIPAL_PROD",
  ].filter((name) => process.env[name]);
  const who = options.ci
    ? `${names.dev} on dev, ${names.prod} on prod`
    : `${principal.name} (${principal.kind})`;
  printResult(
    options,
    {
      principal: principal.name,
      objectId: principal.objectId,
      kind: principal.kind,
      dev: names.dev,
      prod: names.prod,
    },
    () =>
      overriding.length
        ? `logged in to the twin as ${who}; but ${overriding.join(", ")} ${overriding.length > 1 ? "are" : "is"} set in this shell and take${overriding.length > 1 ? "" : "s"} precedence (unset ${overriding.join(" ")})`
        : `logged in to the twin as ${who}`,
  );
}

export async function localWhoami(options: StateOptions): Promise<void> {
  const stateDir = twinStateDir(options.stateDir);
  await checkStateDir(stateDir);
  const side = async (purpose: "dev" | "prod") => twinPrincipal(stateDir, purpose).catch(() => undefined);
  const view = {
    dev: await side("dev"),
    prod: await side("prod"),
    principals: twinPrincipals().map((p) => p.name),
  };
  printResult(options, view, () =>
    [
      `dev side acts as   ${view.dev ?? "(nobody: run airlock local login --as <principal>)"}`,
      `prod side acts as  ${view.prod ?? "(nobody)"}`,
      `known principals   ${view.principals.join(", ")}`,
    ].join("\n"),
  );
}
