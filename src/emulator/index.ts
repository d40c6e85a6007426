/**
 * @module emulator
 * The local twin of the platform: an ARM emulator for Microsoft.MachineLearningServices (api-version
 * 2024-10-01) with Azure's auth, RBAC, LRO, paging and asset semantics, plus Azurite for blob bytes, seeded
 * from the platform model. `startTwin` runs it in-process; `airlock local up` runs it as a daemon.
 */
import { mkdir } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { ArmExchange } from "../contract/exchange.ts";
import { UnavailableError } from "../errors.ts";
import { TWIN_SUBSCRIPTION_ID } from "../platform/index.ts";
import { Authorizer } from "./authorize.ts";
import { loadOrCreateAccountKeys, type RunningAzurite, startAzurite } from "./azurite.ts";
import type { LroMode, LroPacing, TwinRuntime } from "./context.ts";
import { DeploymentRuntime } from "./deployments.ts";
import { FaultInjector } from "./internal.ts";
import { Operations, REALISTIC_PACING } from "./lro.ts";
import { loadPlatformSource, resolveInfraDir } from "./platform-cache.ts";
import { type TwinPrincipal, twinPrincipals } from "./principals.ts";
import { restoreDeployments } from "./restore.ts";
import { Router } from "./router.ts";
import { assetRoutes } from "./routes/assets.ts";
import { assignmentsFromStore, authorizationRoutes } from "./routes/authorization.ts";
import { bootstrapRoutes } from "./routes/bootstrap.ts";
import { endpointRoutes } from "./routes/endpoints.ts";
import { publishRoutes } from "./routes/publish.ts";
import { resourceRoutes } from "./routes/resources.ts";
import { seedLedgerPolicies, storageRoutes } from "./routes/storage.ts";
import { serviceSasRoutes } from "./routes/storage-sas.ts";
import { createScoringHandler } from "./scoring.ts";
import { isSeeded, seedOnce } from "./seed.ts";
import { createRequestListener } from "./server.ts";
import { TwinStorage } from "./storage.ts";
import { TwinStore } from "./store.ts";
import { claimsFor, loadOrCreateSigningKey, signToken, unknownPrincipal } from "./tokens.ts";

export type { LroPacing } from "./context.ts";
export { REALISTIC_PACING } from "./lro.ts";
export type { TwinPrincipal } from "./principals.ts";
export { mintTwinToken } from "./tokens.ts";

export interface TwinOptions {
  /** sqlite db, Azurite data, keys, deployment work dirs. */
  stateDir: string;
  /** Defaults to the repo's infra/ (platform model source). */
  infraDir?: string;
  /** Loopback only: "127.0.0.1" (default). */
  host?: string;
  /** 0 = ephemeral (default 0). */
  armPort?: number;
  /** Azurite port, 0 = ephemeral. */
  blobPort?: number;
  /** Default "fast". */
  lroMode?: LroMode;
  /** Realistic mode's pacing; default REALISTIC_PACING (Retry-After 10 s, at least 400 ms), as Azure paces. */
  lroPacing?: LroPacing;
  /** List page size (default 100). */
  pageSize?: number;
  /**
   * Run the blob front end (Azurite) in this process rather than a child (default false): no process start
   * or module load per twin, for tests; the daemon keeps Azurite's work off the ARM thread.
   */
  blobInProcess?: boolean;
  /**
   * Acknowledge a blob write only once Azurite's metadata is saved, so it survives `kill -9` (default true).
   * False saves on close only: for a twin whose state directory goes away with it.
   */
  blobDurableWrites?: boolean;
  /**
   * Keep blob metadata and bytes in memory only (Azurite's in-memory persistence; needs blobInProcess): for a
   * twin whose state directory goes away with it, so blocks are not files written and read back (default false).
   */
  blobInMemory?: boolean;
  /** Azurite already being started for this state dir (the daemon overlaps its boot with module loading). */
  azurite?: Promise<RunningAzurite>;
  /** Sees every request the ARM endpoint receives (the bench counts a promotion's ARM calls with it). */
  onArmRequest?: (method: string, url: string) => void;
  /** Sees every ARM request with its answer, bodies included (the spec check records a run with it). */
  onArmExchange?: (exchange: ArmExchange) => void;
  /** Delay before the ARM endpoint handles a request, as Azure's round trips take 50–300 ms (the bench). */
  armLatencyMs?: number;
}

export interface RunningTwin {
  /** e.g. "http://127.0.0.1:41234" (no trailing slash). */
  armEndpoint: string;
  /** The blob front end (Azurite behind it); an account's endpoint is `${blobBaseUrl}/${account}`. */
  blobBaseUrl: string;
  /** The blob front end's (Azurite's) child process; null with `blobInProcess`. */
  blobPid: number | null;
  subscriptionId: string;
  stateDir: string;
  lroMode: LroMode;
  tokenFor(principal: string): string;
  principals(): TwinPrincipal[];
  /** Stops the server, Azurite and every inference process. */
  close(): Promise<void>;
}

/** Tees the request and response bodies and reports the exchange once the answer is sent. */
function recordExchange(req: IncomingMessage, res: ServerResponse, record: (e: ArmExchange) => void): void {
  const input: Buffer[] = [];
  const output: Buffer[] = [];
  req.on("data", (chunk: Buffer) => input.push(chunk));
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  const keep = (chunk: unknown) => {
    if (typeof chunk === "string") output.push(Buffer.from(chunk));
    else if (chunk instanceof Uint8Array) output.push(Buffer.from(chunk));
  };
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    keep(chunk);
    return write(chunk, ...rest);
  }) as ServerResponse["write"];
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (typeof chunk !== "function") keep(chunk);
    return end(chunk, ...rest);
  }) as ServerResponse["end"];
  // writeHead's headers object bypasses getHeaders(), so keep what it was given.
  const written: Record<string, unknown> = {};
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    const last = rest[rest.length - 1];
    if (last && typeof last === "object" && !Array.isArray(last)) Object.assign(written, last);
    return writeHead(status, ...rest);
  }) as ServerResponse["writeHead"];
  res.on("finish", () => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries({ ...res.getHeaders(), ...written }))
      if (value !== undefined)
        headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : String(value);
    const requestHeaders: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers))
      if (value !== undefined) requestHeaders[name] = Array.isArray(value) ? value.join(", ") : value;
    record({
      method: req.method ?? "GET",
      url: req.url ?? "/",
      requestHeaders,
      requestBody: Buffer.concat(input).toString("utf8"),
      status: res.statusCode,
      responseHeaders: headers,
      responseBody: Buffer.concat(output).toString("utf8"),
    });
  });
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1"]);

export async function startTwin(options: TwinOptions): Promise<RunningTwin> {
  const host = options.host ?? "127.0.0.1";
  if (!LOOPBACK.has(host))
    throw new UnavailableError("LOOPBACK_ONLY", `The twin listens on loopback only, not ${host}`);
  const stateDir = path.resolve(options.stateDir);
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const subscriptionId = TWIN_SUBSCRIPTION_ID;
  const source = await loadPlatformSource(stateDir, resolveInfraDir(options.infraDir), subscriptionId);
  const catalog = source.catalog;
  const accounts = await loadOrCreateAccountKeys(
    stateDir,
    catalog.storageAccounts.map((a) => a.name),
  );
  const azuriteStarting =
    options.azurite ??
    startAzurite({
      dataDir: path.join(stateDir, "azurite"),
      accounts,
      host,
      port: options.blobPort ?? 0,
      inProcess: options.blobInProcess ?? false,
      durableWrites: options.blobDurableWrites ?? true,
      inMemory: options.blobInMemory ?? false,
    });
  let azurite: RunningAzurite | undefined;
  let store: TwinStore | undefined;
  let server: Server | undefined;
  try {
    store = new TwinStore(path.join(stateDir, "twin.db"));
    store.abandonUnfinishedOperations();
    if (!isSeeded(store)) seedOnce(store, catalog, await source.platform());
    const signingKey = loadOrCreateSigningKey(stateDir);
    azurite = await azuriteStarting;
    const storage = new TwinStorage(azurite.baseUrl, accounts, azurite);
    await Promise.all(
      catalog.workspaces.map((w) => storage.ensureContainer(w.storageAccount, w.blobstoreContainer)),
    );
    await seedLedgerPolicies(storage, catalog.workspaces, source.platform);

    const authorizer = new Authorizer();
    const lroPacing = options.lroPacing ?? REALISTIC_PACING;
    const runtime: TwinRuntime = {
      armEndpoint: "",
      lroMode: options.lroMode ?? "fast",
      lroPacing,
      pageSize: options.pageSize ?? 100,
      stateDir,
      catalog,
      store,
      authorizer,
      storage,
      operations: new Operations(store, () => runtime.armEndpoint, lroPacing),
      signingKey,
      deployments: new DeploymentRuntime(stateDir),
      reloadAssignments: () => authorizer.setAssignments(assignmentsFromStore(store!)),
      workspace: (rg, name) =>
        catalog.workspaces.find(
          (w) =>
            w.resourceGroup.toLowerCase() === rg.toLowerCase() && w.name.toLowerCase() === name.toLowerCase(),
        ),
    };
    runtime.reloadAssignments();
    const router = new Router([
      // First: they add PUT to shapes the seeded routes answer (resource groups, storage accounts, containers).
      ...bootstrapRoutes,
      ...resourceRoutes,
      ...assetRoutes,
      ...publishRoutes,
      ...storageRoutes,
      ...serviceSasRoutes,
      ...endpointRoutes,
      ...authorizationRoutes,
    ]);
    const listener = createRequestListener({
      twin: runtime,
      router,
      faults: new FaultInjector(),
      inference: createScoringHandler(runtime),
    });
    const observe = options.onArmRequest;
    const latency = options.armLatencyMs ?? 0;
    const record = options.onArmExchange;
    server = createServer({ keepAlive: true, requestTimeout: 0 }, (req, res) => {
      observe?.(req.method ?? "GET", req.url ?? "/");
      if (record) recordExchange(req, res, record);
      if (latency > 0) setTimeout(() => void listener(req, res), latency);
      else void listener(req, res);
    });
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    await new Promise<void>((resolve, reject) => {
      server!.once("error", reject);
      server!.listen(options.armPort ?? 0, host, () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    runtime.armEndpoint = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
    const restoring = restoreDeployments(runtime);

    const twinStore = store;
    const running = azurite;
    const httpServer = server;
    let closing: Promise<void> | undefined;
    return {
      armEndpoint: runtime.armEndpoint,
      blobBaseUrl: azurite.baseUrl,
      blobPid: azurite.pid,
      subscriptionId,
      stateDir,
      lroMode: runtime.lroMode,
      tokenFor: (name) => {
        const principal = twinPrincipals().find((p) => p.name === name);
        if (!principal) throw unknownPrincipal(name);
        return signToken(signingKey, claimsFor(principal, 3600));
      },
      principals: () => twinPrincipals(),
      close: () => {
        closing ??= (async () => {
          httpServer.closeAllConnections();
          await new Promise<void>((resolve) => httpServer.close(() => resolve()));
          await restoring.catch(() => undefined);
          await runtime.operations.drain();
          await runtime.deployments.close();
          await running.close();
          twinStore.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    server?.close();
    store?.close();
    azurite ??= await azuriteStarting.catch(() => undefined);
    await azurite?.close();
    throw error;
  }
}
