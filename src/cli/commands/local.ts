/** @module cli/commands/local — `airlock local up|down|status|token`: the background twin. */
import { mkdir } from "node:fs/promises";
import { saveTwinLogin, twinPrincipal, twinStateDir } from "../../connect/connection.ts";
import { runningTwin, startDaemon, stopDaemon, type TwinRecord } from "../../emulator/daemon-control.ts";
import { findPrincipal, twinPrincipals } from "../../emulator/principals.ts";
import { mintTwinToken } from "../../emulator/tokens.ts";
import { InputError } from "../../errors.ts";
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
    `  subscription   ${record.subscriptionId}`,
    `  state dir      ${record.stateDir}`,
  ].join("\n");

export async function localUp(
  options: StateOptions & { armPort?: string; blobPort?: string; lro?: string; infraDir?: string },
): Promise<void> {
  const stateDir = twinStateDir(options.stateDir);
  const lroMode = options.lro ?? "fast";
  if (lroMode !== "fast" && lroMode !== "realistic")
    throw new InputError("ARG_INVALID", `--lro must be fast or realistic, not "${lroMode}"`);
  const armPort = port("--arm-port", options.armPort);
  const blobPort = port("--blob-port", options.blobPort);
  const existing = await runningTwin(stateDir);
  if (existing) {
    printResult(
      options,
      view(existing, { alreadyRunning: true }),
      () => `${describe(existing)}\n(already running)`,
    );
    return;
  }
  progress(options, `starting the twin in ${stateDir} …`);
  const started = Date.now();
  const record = await startDaemon({ stateDir, armPort, blobPort, lroMode, infraDir: options.infraDir });
  printResult(options, view(record, { alreadyRunning: false, readyMs: Date.now() - started }), () =>
    describe(record),
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
  const record = await runningTwin(stateDir);
  printResult(options, record ? view(record, { running: true }) : { running: false, stateDir }, () =>
    record ? describe(record) : `no twin running in ${stateDir}`,
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

export async function localLogin(options: StateOptions & { as: string }): Promise<void> {
  const stateDir = twinStateDir(options.stateDir);
  const principal = findPrincipal(options.as);
  if (!principal) {
    throw new InputError(
      "UNKNOWN_PRINCIPAL",
      `The twin knows no principal "${options.as}"; known: ${twinPrincipals()
        .map((p) => p.name)
        .join(", ")}`,
    );
  }
  await mkdir(stateDir, { recursive: true });
  await saveTwinLogin(stateDir, principal.name);
  printResult(
    options,
    { principal: principal.name, objectId: principal.objectId, kind: principal.kind },
    () =>
      `logged in to the twin as ${principal.name} (${principal.kind}); AIRLOCK_TWIN_PRINCIPAL[_DEV|_PROD] still take precedence`,
  );
}

export async function localWhoami(options: StateOptions): Promise<void> {
  const stateDir = twinStateDir(options.stateDir);
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
