/**
 * @module emulator/blob-front
 * The twin's blob front end: Azurite's blob service run as a library behind our own loopback listener, so
 * every blob URL the twin hands out reaches this listener and nothing else. It runs in a child process of
 * the twin (blob-front-server.ts, the daemon's way: Azurite's work off the ARM thread) or, for tests and
 * short-lived tools, in the calling process (azurite.ts decides).
 *
 * - Immutability: containers with a time-based retention policy (kept in `immutability-policies.json`
 *   beside Azurite's data, changed only by the twin over IPC) refuse what Azure refuses, with Azure's codes —
 *   checked inside Azurite's metadata store, so Put Blob, Put Block List, Copy, batch sub-requests and every
 *   other path go through the same check, atomically with the write.
 * - Durability: a mutating request's response is held until Azurite's two Loki databases (blob metadata,
 *   extent metadata) are saved, as one consistent snapshot; concurrent requests share one save. Azurite
 *   alone saves every 5 s, so an acknowledged write was lost to `kill -9`.
 * - Bodies stream straight into Azurite's request handler: no second hop, no buffering.
 */
import { createHmac, createSecretKey, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createRequire, Module } from "node:module";
import type { AddressInfo } from "node:net";
import path from "node:path";

import {
  type ContainerInfo,
  type FrontReply,
  type FrontRequest,
  type ImmutabilityPolicyRecord,
  type StorageAccount,
  withinRetention,
} from "./blob-front-policy.ts";
import { serializeLoki } from "./loki-snapshot.ts";

const require = createRequire(import.meta.url);
const POLICY_FILE = "immutability-policies.json";
const PID_FILE = "blob-front.pid";
const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

// Azurite ships no type declarations: the few shapes used here.
interface StorageContext {
  contextId?: string;
}
interface AccessConditions {
  ifNoneMatch?: string;
  [key: string]: unknown;
}
interface BlobDoc {
  properties: { creationTime?: Date; lastModified?: Date; blobType?: string };
}
interface ContainerDoc {
  name: string;
  properties: {
    lastModified: Date;
    etag: string;
    publicAccess?: string;
    leaseStatus?: string;
    leaseState?: string;
  };
  metadata?: Record<string, string>;
}
interface LokiCollection<T> {
  findOne(query: Record<string, unknown>): T | null;
}
interface LokiDb {
  getCollection<T>(name: string): LokiCollection<T>;
  serialize(): string;
  serializeReplacer(key: string, value: unknown): unknown;
  autosaveDisable(): void;
}
type AnyMethod = (...args: never[]) => Promise<unknown>;
type MetadataStore = Record<string, AnyMethod> & {
  db: LokiDb;
  init(): Promise<void>;
  close(): Promise<void>;
};
interface Closable {
  init?(): Promise<void>;
  start?(): Promise<void>;
  close(): Promise<void>;
  db?: LokiDb;
}
interface AccountStore extends Closable {
  accounts: unknown;
  refresh(): void;
  parserAccountsEnvironmentString(accounts: string): unknown;
}
type StorageErrorClass = new (status: number, code: string, message: string, requestId: string) => Error;

/**
 * Azurite's telemetry client requires Application Insights and OpenTelemetry when it loads (1.3 s of CPU, three
 * quarters of Azurite's start-up), though telemetry is only ever sent after `AzuriteTelemetryClient.init`, which
 * the twin never calls. A stand-in that refuses every use keeps that cost out, and makes sure nothing the twin
 * stores can be sent off the machine.
 */
function keepAzuriteTelemetryOut(): void {
  const id = require.resolve("applicationinsights", { paths: [require.resolve("azurite/package.json")] });
  const standIn = new Module(id);
  standIn.exports = new Proxy(
    {},
    {
      get(_, property) {
        throw new Error(
          `Azurite telemetry is disabled in the twin (applicationinsights.${String(property)})`,
        );
      },
    },
  );
  standIn.loaded = true;
  require.cache[id] = standIn;
}
keepAzuriteTelemetryOut();

/**
 * Azurite requires jsonwebtoken (and with it semver: 40 ms of start-up) for OAuth, which the twin never turns
 * on; its one use is `decode` of a bearer token. The real module loads on that first use.
 */
function loadJsonWebTokenOnUse(): void {
  const id = require.resolve("jsonwebtoken", { paths: [require.resolve("azurite/package.json")] });
  if (require.cache[id]) return;
  let real: { decode(...args: unknown[]): unknown } | undefined;
  const standIn = new Module(id);
  standIn.exports = {
    decode(...args: unknown[]) {
      if (!real) {
        delete require.cache[id];
        real = require(id) as { decode(...args: unknown[]): unknown };
      }
      return real.decode(...args);
    },
  };
  standIn.loaded = true;
  require.cache[id] = standIn;
}
loadJsonWebTokenOnUse();

/**
 * Azurite's dispatcher parses the URI template of every operation whose method matches, for every request
 * (`uriTemplate(spec.path)` in its generated utils): the same few dozen strings, parsed thousands of times.
 * A parsed template is immutable (fill/fromUri only read it), so one per string serves every request.
 */
function parseUriTemplatesOnce(): void {
  const id = require.resolve("uri-templates", { paths: [require.resolve("azurite/package.json")] });
  const parse = require(id) as (template: string) => unknown;
  const parsed = new Map<string, unknown>();
  const once = (template: string) => {
    let found = parsed.get(template);
    if (found === undefined) {
      found = parse(template);
      parsed.set(template, found);
    }
    return found;
  };
  const loaded = require.cache[id];
  if (loaded) loaded.exports = once;
}
parseUriTemplatesOnce();

/**
 * Express parses `req.query` again on every read, and Azurite's dispatcher reads it for each candidate
 * operation and its SAS check for each parameter. One parse per request and URL (routing may rewrite
 * `req.url`) gives every reader the same object.
 */
function parseQueryOncePerRequest(): void {
  const express = require(
    require.resolve("express", { paths: [require.resolve("azurite/package.json")] }),
  ) as { request: object };
  const getter = Object.getOwnPropertyDescriptor(express.request, "query")?.get;
  if (!getter) return;
  const parsed = new WeakMap<object, { url: unknown; query: unknown }>();
  Object.defineProperty(express.request, "query", {
    configurable: true,
    enumerable: true,
    get(this: { url?: unknown }) {
      const known = parsed.get(this);
      if (known && known.url === this.url) return known.query;
      const query = getter.call(this);
      parsed.set(this, { url: this.url, query });
      return query;
    },
  });
}
parseQueryOncePerRequest();

const azurite = (module: string) => require(`azurite/dist/src/${module}`) as Record<string, unknown>;
const defaultExport = <T>(module: string) => azurite(module).default as T;

/**
 * Azurite signs and checks every Shared Key request and SAS with `createHmac("sha256", new Uint8Array(key))`.
 * Node 24 starts an HMAC keyed by bytes about five times slower than one keyed by a KeyObject (its key check
 * throws and catches internally). The same HMAC, keyed by one KeyObject per distinct key (an account has two).
 */
function signWithKeyObjects(): void {
  const utils = azurite("common/utils/utils") as {
    computeHMACSHA256?: (stringToSign: string, key: Uint8Array) => string;
  };
  const original = utils.computeHMACSHA256;
  if (!original) return;
  const keys = new Map<string, KeyObject>();
  utils.computeHMACSHA256 = (stringToSign, key) => {
    if (!(key instanceof Uint8Array)) return original(stringToSign, key);
    const id = Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString("base64");
    let keyObject = keys.get(id);
    if (keyObject === undefined) {
      if (keys.size >= 64) keys.clear();
      keyObject = createSecretKey(key);
      keys.set(id, keyObject);
    }
    return createHmac("sha256", keyObject).update(stringToSign, "utf8").digest("base64");
  };
}
signWithKeyObjects();

export interface BlobFrontConfig {
  /** Azurite's metadata and extents, the policies and the pid file (created if missing). */
  dataDir: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  accounts: readonly StorageAccount[];
  /**
   * Hold each write's response until the metadata is saved, so an acknowledged write survives `kill -9`
   * (default true). Without it the metadata is saved when the front end closes: for twins whose state dies
   * with them (tests), where a whole-database save per write is most of Azurite's cost.
   */
  durableWrites?: boolean;
  /**
   * Keep metadata and blob bytes in memory only (Azurite's in-memory persistence, `--inMemoryPersistence`),
   * nothing written under dataDir but the pid and policy files: for twins whose state is discarded when they
   * close, where every block written and read is otherwise a file opened, written and closed. Implies
   * durableWrites false. Each front end has its own chunk store: Azurite's default one is shared by every
   * in-memory server in the process, and closing one would clear the others' blobs.
   */
  inMemory?: boolean;
  /** Azurite's garbage collector failed: the front end can no longer be trusted to keep data. */
  onFatal(error: Error): void;
}

export interface BlobFront {
  port: number;
  /** Answers the twin's control questions (policies, container facts, close). */
  answer(message: FrontRequest): Promise<FrontReply>;
  /** Stops listening, saves, closes the stores; idempotent. */
  close(): Promise<void>;
}

export async function startBlobFront(config: BlobFrontConfig): Promise<BlobFront> {
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  await waitForPredecessor(config.dataDir);
  await writeFile(path.join(config.dataDir, PID_FILE), String(process.pid), { mode: 0o600 });

  const Logger = defaultExport<{ info(): void }>("common/Logger");
  const constants = azurite("blob/utils/constants") as {
    DEFAULT_BLOB_LOKI_DB_PATH: string;
    DEFAULT_BLOB_EXTENT_LOKI_DB_PATH: string;
    DEFAULT_BLOB_PERSISTENCE_PATH: string;
    DEFAULT_WRITE_CONCURRENCY_PER_LOCATION: number;
  };
  (azurite("common/Logger") as { configLogger(enable: boolean): void }).configLogger(false);
  const LokiBlobMetadataStore = defaultExport<new (file: string, inMemory: boolean) => MetadataStore>(
    "blob/persistence/LokiBlobMetadataStore",
  );
  const LokiExtentMetadataStore = defaultExport<new (file: string, inMemory: boolean) => Closable>(
    "common/persistence/LokiExtentMetadataStore",
  );
  const FSExtentStore = defaultExport<
    new (
      metadata: Closable,
      locations: unknown,
      logger: unknown,
    ) => Closable
  >("common/persistence/FSExtentStore");
  const memoryExtents = azurite("common/persistence/MemoryExtentStore") as {
    default: new (
      category: string,
      chunks: unknown,
      metadata: Closable,
      logger: unknown,
      makeError: (status: number, code: string, message: string, requestId: string) => Error,
    ) => Closable;
    MemoryExtentChunkStore: new (sizeLimit: number) => unknown;
    DEFAULT_EXTENT_MEMORY_LIMIT: number;
  };
  const AccountDataStore = defaultExport<new (logger: unknown) => AccountStore>("common/AccountDataStore");
  const BlobRequestListenerFactory = defaultExport<
    new (
      ...args: unknown[]
    ) => { createRequestListener(): (req: IncomingMessage, res: ServerResponse) => void }
  >("blob/BlobRequestListenerFactory");
  const BlobGCManager = defaultExport<new (...args: unknown[]) => Closable>("blob/gc/BlobGCManager");
  const StorageError = defaultExport<StorageErrorClass>("blob/errors/StorageError");

  const blobDbPath = path.join(config.dataDir, constants.DEFAULT_BLOB_LOKI_DB_PATH);
  const extentDbPath = path.join(config.dataDir, constants.DEFAULT_BLOB_EXTENT_LOKI_DB_PATH);
  const inMemory = config.inMemory ?? false;
  const metadataStore = new LokiBlobMetadataStore(blobDbPath, inMemory);
  const extentMetadataStore = new LokiExtentMetadataStore(extentDbPath, inMemory);
  const extentStore = inMemory
    ? new memoryExtents.default(
        "blob",
        new memoryExtents.MemoryExtentChunkStore(memoryExtents.DEFAULT_EXTENT_MEMORY_LIMIT),
        extentMetadataStore,
        Logger,
        (status: number, code: string, message: string, requestId: string) =>
          new StorageError(status, code, message, requestId),
      )
    : new FSExtentStore(
        extentMetadataStore,
        [
          {
            locationId: "Default",
            locationPath: path.join(config.dataDir, constants.DEFAULT_BLOB_PERSISTENCE_PATH),
            maxConcurrency: constants.DEFAULT_WRITE_CONCURRENCY_PER_LOCATION,
          },
        ],
        Logger,
      );
  // Azurite reads its accounts from the process environment (and re-reads it every minute); this front
  // end's accounts come from its caller instead, so twins sharing a process keep their own keys.
  const accountDataStore = new AccountDataStore(Logger);
  const accountList = config.accounts.map((a) => `${a.name}:${a.key}`).join(";");
  accountDataStore.refresh = () => {
    accountDataStore.accounts = accountDataStore.parserAccountsEnvironmentString(accountList);
  };
  const policies = new PolicyBook(path.join(config.dataDir, POLICY_FILE));
  await policies.load();
  guardImmutability(metadataStore, policies, StorageError);

  const listener = new BlobRequestListenerFactory(
    metadataStore,
    extentStore,
    accountDataStore,
    false, // access log
    undefined,
    false, // loose
    true, // skipApiVersionCheck
    undefined, // oauth
    true, // disableProductStyleUrl: the account is the first path segment
  ).createRequestListener();
  let closing: Promise<void> | undefined;
  const gc = new BlobGCManager(
    metadataStore,
    extentMetadataStore,
    extentStore,
    () => config.onFatal(new Error("Azurite's blob garbage collector failed")),
    Logger,
  );

  await accountDataStore.init!();
  await metadataStore.init();
  await extentMetadataStore.init!();
  await extentStore.init!();
  await gc.start!();

  // Only our saves write the databases: both are serialized in one synchronous step (a consistent
  // snapshot), extents written first, so the blob metadata on disk never names an extent its database
  // lacks — not even for a write in flight at a kill. Azurite's own 5 s autosave saved them independently.
  metadataStore.db.autosaveDisable();
  extentMetadataStore.db!.autosaveDisable();
  const durableWrites = !inMemory && (config.durableWrites ?? true);
  const flush = coalesced(async () => {
    if (inMemory) return;
    const extents = serializeLoki(extentMetadataStore.db!);
    const blobs = serializeLoki(metadataStore.db);
    await replaceFile(extentDbPath, extents);
    await replaceFile(blobDbPath, blobs);
  });

  const server = createServer({ keepAlive: true, requestTimeout: 0 }, (req, res) => {
    if (durableWrites && !READ_METHODS.has(req.method ?? "GET")) holdUntilSaved(res, flush);
    listener(req, res);
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });

  const close = (): Promise<void> => {
    closing ??= (async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await gc.close().catch(() => undefined);
      await flush().catch(() => undefined);
      await extentStore.close().catch(() => undefined);
      // In memory, the blob bytes go with the front end (clean() drops a closed store's chunks).
      if (inMemory)
        await (extentStore as Closable & { clean(): Promise<void> }).clean().catch(() => undefined);
      await extentMetadataStore.close().catch(() => undefined);
      await metadataStore.close().catch(() => undefined);
      await accountDataStore.close().catch(() => undefined);
      await rm(path.join(config.dataDir, PID_FILE), { force: true });
    })();
    return closing;
  };

  return {
    port: (server.address() as AddressInfo).port,
    answer: (message) => answer(message, policies, metadataStore, close),
    close,
  };
}

/** A predecessor killed with its parent may still be exiting: never run two processes on one data dir. */
async function waitForPredecessor(dataDir: string): Promise<void> {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(dataDir, PID_FILE), "utf8"));
  } catch {
    return;
  }
  const deadline = Date.now() + 10_000;
  while (pid > 0 && pid !== process.pid && isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`another blob front end (pid ${pid}) still serves ${dataDir}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Write-then-rename, as LokiJS's own file adapter does: a reader sees the old file or the new one. */
async function replaceFile(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text, { mode: 0o600 });
  await rename(tmp, file);
}

/**
 * Calls of the returned function share saves: a call made while a save runs waits for the next one (which
 * then includes its change); every caller after it joins that same next save.
 */
function coalesced(save: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let next: Promise<void> | undefined;
  const start = (): Promise<void> => {
    running = save().finally(() => {
      running = undefined;
    });
    return running;
  };
  return () => {
    if (!running) return start();
    next ??= running
      .catch(() => undefined)
      .then(() => {
        next = undefined;
        return start();
      });
    return next;
  };
}

/** The response of a successful write goes out only once the write is on disk. */
function holdUntilSaved(res: ServerResponse, flush: () => Promise<void>): void {
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((...args: unknown[]) => {
    if (res.statusCode >= 400) return end(...args);
    flush().then(
      () => end(...args),
      (error: Error) => res.destroy(error),
    );
    return res;
  }) as ServerResponse["end"];
}

/** The policies, persisted (write + rename) before the twin's request is answered. */
class PolicyBook {
  private readonly file: string;
  private readonly byContainer = new Map<string, ImmutabilityPolicyRecord>();

  constructor(file: string) {
    this.file = file;
  }

  async load(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.file, "utf8");
    } catch {
      return;
    }
    const stored = JSON.parse(text) as Record<string, ImmutabilityPolicyRecord>;
    for (const [key, policy] of Object.entries(stored)) this.byContainer.set(key, policy);
  }

  get(account: string, container: string): ImmutabilityPolicyRecord | undefined {
    return this.byContainer.get(`${account}/${container}`);
  }

  async set(account: string, container: string, policy: ImmutabilityPolicyRecord | null): Promise<void> {
    const key = `${account}/${container}`;
    if (policy) this.byContainer.set(key, policy);
    else this.byContainer.delete(key);
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(Object.fromEntries(this.byContainer), null, 2), { mode: 0o600 });
    await rename(tmp, this.file);
  }
}

async function answer(
  message: FrontRequest,
  policies: PolicyBook,
  store: MetadataStore,
  close: () => Promise<void>,
): Promise<FrontReply> {
  try {
    switch (message.op) {
      case "getPolicy":
        return { id: message.id, ok: true, policy: policies.get(message.account, message.container) ?? null };
      case "setPolicy": {
        const current = policies.get(message.account, message.container);
        if ((current?.etag ?? null) !== message.expectEtag) {
          return { id: message.id, ok: false, conflict: true, message: "The policy changed meanwhile." };
        }
        await policies.set(message.account, message.container, message.policy);
        return { id: message.id, ok: true, policy: message.policy };
      }
      case "getContainer": {
        const doc = store.db
          .getCollection<ContainerDoc>("$CONTAINERS_COLLECTION$")
          .findOne({ accountName: message.account, name: message.container });
        const container: ContainerInfo | null = doc
          ? {
              name: doc.name,
              lastModified: new Date(doc.properties.lastModified).toISOString(),
              etag: doc.properties.etag,
              publicAccess: doc.properties.publicAccess ?? "None",
              leaseStatus: doc.properties.leaseStatus ?? "unlocked",
              leaseState: doc.properties.leaseState ?? "available",
              metadata: doc.metadata ?? {},
            }
          : null;
        return { id: message.id, ok: true, container };
      }
      case "close":
        await close();
        return { id: message.id, ok: true };
    }
  } catch (error) {
    return { id: (message as { id: number }).id, ok: false, message: (error as Error).message };
  }
}

/**
 * Wraps the metadata store's writes with Azure's container-level WORM rules ("Container-level WORM
 * policies", Microsoft Learn): a blob under a policy cannot be overwritten (Put Blob, Put Block List, Copy
 * onto it), have its metadata or properties set, be snapshotted or take pages, and cannot be deleted within
 * its retention period; Append Block only with allowProtectedAppendWrites(All); the container cannot be
 * deleted. Creating new blobs, reads, lists, tiers, tags and leases are unaffected.
 */
function guardImmutability(
  store: MetadataStore,
  policies: PolicyBook,
  StorageError: StorageErrorClass,
): void {
  const blobs = () => store.db.getCollection<BlobDoc>("$BLOBS_COLLECTION$");
  const findBlob = (account: string, container: string, name: string, snapshot = "") =>
    blobs().findOne({ accountName: account, containerName: container, name, snapshot });
  const immutable = (context: StorageContext) =>
    new StorageError(
      409,
      "BlobImmutableDueToPolicy",
      "This operation is not permitted as the blob is immutable due to a policy.",
      context.contextId ?? "",
    );
  // Writes that may create a blob are serialized per blob name, so "does it exist" and the write are atomic.
  const queues = new Map<string, Promise<unknown>>();
  const serialized = <T>(key: string, run: () => Promise<T>): Promise<T> => {
    const previous = queues.get(key) ?? Promise.resolve();
    const result = previous.catch(() => undefined).then(run);
    const tail = result.catch(() => undefined);
    queues.set(key, tail);
    void tail.then(() => {
      if (queues.get(key) === tail) queues.delete(key);
    });
    return result;
  };
  const wrap = (method: string, guard: (original: AnyMethod, args: unknown[]) => Promise<unknown>) => {
    const original = (store[method] as AnyMethod).bind(store) as AnyMethod;
    store[method] = ((...args: unknown[]) => guard(original, args)) as AnyMethod;
  };
  const call = (original: AnyMethod, args: unknown[]) =>
    (original as (...a: unknown[]) => Promise<unknown>)(...args);

  /** Creating is allowed, overwriting never: Azurite's own If-None-Match: * check, forced, answers. */
  const createOnly = (
    context: StorageContext,
    account: string,
    container: string,
    name: string,
    conditions: AccessConditions | undefined,
    run: (conditions: AccessConditions) => Promise<unknown>,
  ): Promise<unknown> => {
    const clientAskedNoneMatch = conditions?.ifNoneMatch === "*";
    return serialized(`${account}/${container}/${name}`, () =>
      run({ ...conditions, ifNoneMatch: "*" }).catch((error: { storageErrorCode?: string }) => {
        if (error?.storageErrorCode === "BlobAlreadyExists" && !clientAskedNoneMatch)
          throw immutable(context);
        throw error;
      }),
    );
  };

  // createBlob(context, blob, leaseAccessConditions, modifiedAccessConditions) — Put Blob, new append/page blob.
  wrap("createBlob", (original, args) => {
    const [context, blob, lease, conditions] = args as [
      StorageContext,
      { accountName: string; containerName: string; name: string },
      unknown,
      AccessConditions | undefined,
    ];
    if (!policies.get(blob.accountName, blob.containerName)) return call(original, args);
    return createOnly(context, blob.accountName, blob.containerName, blob.name, conditions, (forced) =>
      call(original, [context, blob, lease, forced]),
    );
  });
  // commitBlockList(context, blob, blockList, leaseAccessConditions, modifiedAccessConditions) — Put Block List.
  wrap("commitBlockList", (original, args) => {
    const [context, blob, list, lease, conditions] = args as [
      StorageContext,
      { accountName: string; containerName: string; name: string },
      unknown,
      unknown,
      AccessConditions | undefined,
    ];
    if (!policies.get(blob.accountName, blob.containerName)) return call(original, args);
    return createOnly(context, blob.accountName, blob.containerName, blob.name, conditions, (forced) =>
      call(original, [context, blob, list, lease, forced]),
    );
  });
  // startCopyFromURL / copyFromURL(context, source, destination, copySource, metadata, tier, options).
  for (const method of ["startCopyFromURL", "copyFromURL"]) {
    wrap(method, (original, args) => {
      const [context, source, destination, copySource, metadata, tier, options = {}] = args as [
        StorageContext,
        unknown,
        { account: string; container: string; blob: string },
        unknown,
        unknown,
        unknown,
        { modifiedAccessConditions?: AccessConditions },
      ];
      if (!policies.get(destination.account, destination.container)) return call(original, args);
      return createOnly(
        context,
        destination.account,
        destination.container,
        destination.blob,
        options.modifiedAccessConditions,
        (forced) =>
          call(original, [
            context,
            source,
            destination,
            copySource,
            metadata,
            tier,
            { ...options, modifiedAccessConditions: forced },
          ]),
      );
    });
  }
  // deleteBlob(context, account, container, blob, options): refused within the retention period.
  wrap("deleteBlob", (original, args) => {
    const [context, account, container, name, options] = args as [
      StorageContext,
      string,
      string,
      string,
      { snapshot?: string } | undefined,
    ];
    const policy = policies.get(account, container);
    const doc = policy && findBlob(account, container, name, options?.snapshot ?? "");
    if (
      policy &&
      doc &&
      withinRetention(policy, {
        creationTime: doc.properties.creationTime,
        lastModified: doc.properties.lastModified,
        isAppendBlob: doc.properties.blobType === "AppendBlob",
      })
    ) {
      return Promise.reject(immutable(context));
    }
    return call(original, args);
  });
  // Changes to an existing blob's content, metadata or properties: (context, account, container, blob, …).
  for (const method of [
    "setBlobMetadata",
    "setBlobHTTPHeaders",
    "createSnapshot",
    "resizePageBlob",
    "updateSequenceNumber",
  ]) {
    wrap(method, (original, args) => {
      const [context, account, container, name] = args as [StorageContext, string, string, string];
      if (policies.get(account, container) && findBlob(account, container, name))
        return Promise.reject(immutable(context));
      return call(original, args);
    });
  }
  // Put Page / Clear Page (context, blob model, …) and Append Block (context, block model, …).
  for (const method of ["uploadPages", "clearRange"]) {
    wrap(method, (original, args) => {
      const [context, blob] = args as [
        StorageContext,
        { accountName: string; containerName: string; name: string },
      ];
      if (
        policies.get(blob.accountName, blob.containerName) &&
        findBlob(blob.accountName, blob.containerName, blob.name)
      )
        return Promise.reject(immutable(context));
      return call(original, args);
    });
  }
  wrap("appendBlock", (original, args) => {
    const [context, block] = args as [
      StorageContext,
      { accountName: string; containerName: string; blobName: string },
    ];
    const policy = policies.get(block.accountName, block.containerName);
    if (
      policy &&
      !policy.allowProtectedAppendWrites &&
      !policy.allowProtectedAppendWritesAll &&
      findBlob(block.accountName, block.containerName, block.blobName)
    ) {
      return Promise.reject(immutable(context));
    }
    return call(original, args);
  });
  // deleteContainer(context, account, container, options): never on the data plane while a policy exists.
  wrap("deleteContainer", (original, args) => {
    const [context, account, container] = args as [StorageContext, string, string];
    const policy = policies.get(account, container);
    if (!policy) return call(original, args);
    return Promise.reject(
      new StorageError(
        409,
        "ContainerImmutabilityPolicyLocked",
        policy.state === "Locked"
          ? "The requested operation is not allowed as the container has a locked immutability policy."
          : "The requested operation is not allowed as the container has an immutability policy.",
        context.contextId ?? "",
      ),
    );
  });
}
