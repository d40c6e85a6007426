/**
 * @module emulator/daemon
 * The background twin behind `airlock local up`: starts the twin, records itself in `<stateDir>/twin.json`
 * (pid, endpoints, ports) and stops cleanly on SIGTERM/SIGINT, removing the record. A failed start is
 * written to `<stateDir>/twin-error.json` for the launcher to report.
 *
 *   node src/emulator/daemon.ts --state-dir <dir> [--arm-port n] [--blob-port n] [--lro fast|realistic] [--infra-dir d]
 */
import { rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { parseArgs } from "node:util";
import { AirlockError, ExitCode } from "../errors.ts";
import { TWIN_SUBSCRIPTION_ID } from "../platform/index.ts";
import { loadOrCreateAccountKeys, startAzurite } from "./azurite.ts";
import { ERROR_FILE, RECORD_FILE, type StartFailure, type TwinRecord } from "./daemon-control.ts";
import { loadPlatformSource, resolveInfraDir } from "./platform-cache.ts";

const { values } = parseArgs({
  options: {
    "state-dir": { type: "string" },
    "arm-port": { type: "string" },
    "blob-port": { type: "string" },
    lro: { type: "string" },
    "infra-dir": { type: "string" },
  },
});
const stateDir = path.resolve(values["state-dir"] ?? ".airlock/twin");
// Everything this process and its children (Azurite, scoring processes) write in the state dir holds or
// may hold secrets (endpoint keys in twin.db, SAS URLs in Azurite's metadata): owner-only from the start.
process.umask(0o077);

/**
 * Fails at once (EADDRINUSE) when a port the caller asked for is taken, before Azurite's process starts and the
 * platform loads. A port taken after this check still fails where it is listened on, with the same error.
 */
async function checkPortFree(port: number): Promise<void> {
  if (!port) return;
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once("error", reject);
    probe.listen(port, "127.0.0.1", () => resolve());
  });
  await new Promise<void>((resolve) => probe.close(() => resolve()));
}

try {
  await checkPortFree(Number(values["arm-port"] ?? 0));
  await checkPortFree(Number(values["blob-port"] ?? 0));
  // Azurite boots in its own process while this one loads the rest of the twin: most of `local up` is start-up.
  const source = await loadPlatformSource(
    stateDir,
    resolveInfraDir(values["infra-dir"]),
    TWIN_SUBSCRIPTION_ID,
  );
  const accounts = await loadOrCreateAccountKeys(
    stateDir,
    source.catalog.storageAccounts.map((a) => a.name),
  );
  const azurite = startAzurite({
    dataDir: path.join(stateDir, "azurite"),
    accounts,
    port: Number(values["blob-port"] ?? 0),
  });
  azurite.catch(() => undefined);
  const { startTwin } = await import("./index.ts");
  const twin = await startTwin({
    stateDir,
    infraDir: values["infra-dir"],
    armPort: Number(values["arm-port"] ?? 0),
    blobPort: Number(values["blob-port"] ?? 0),
    lroMode: values.lro === "realistic" ? "realistic" : "fast",
    azurite,
  });
  const blob = await azurite;
  const record: TwinRecord = {
    pid: process.pid,
    armEndpoint: twin.armEndpoint,
    blobEndpoint: twin.blobBaseUrl,
    subscriptionId: twin.subscriptionId,
    stateDir: twin.stateDir,
    lroMode: twin.lroMode,
    armPort: Number(new URL(twin.armEndpoint).port),
    blobPort: Number(new URL(twin.blobBaseUrl).port),
    startedAt: new Date().toISOString(),
    azurite: { pid: blob.pid, url: blob.baseUrl },
    ...(values["infra-dir"] ? { infraDir: values["infra-dir"] } : {}),
  };
  await writeFile(path.join(stateDir, RECORD_FILE), JSON.stringify(record, null, 2));
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await twin.close().catch(() => undefined);
    await rm(path.join(stateDir, RECORD_FILE), { force: true });
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  // A port someone else holds (ours or Azurite's, whose error arrives as its output) is the caller's to fix.
  const portInUse = (error as NodeJS.ErrnoException).code === "EADDRINUSE" || /\bEADDRINUSE\b/.test(message);
  const failure: StartFailure = { pid: process.pid, message };
  if (portInUse) Object.assign(failure, { code: "TWIN_PORT_IN_USE", exitCode: ExitCode.conflict });
  // An Airlock error (bad tfvars in --infra-dir, ...) keeps its code and exit status for the launcher.
  else if (error instanceof AirlockError)
    Object.assign(failure, { code: error.code, exitCode: error.exitCode });
  await writeFile(path.join(stateDir, ERROR_FILE), JSON.stringify(failure)).catch(() => undefined);
  process.exit(1);
}
