/**
 * @module connect/connection
 * Where Airlock acts and as whom. One Connection per command: the target (the local twin, or Azure given a
 * subscription) plus one credential per environment side, because no identity spans both environments — the
 * dev side acts as a dev identity, the prod side as a prod identity, and bytes cross between them only as
 * short-lived SAS URLs used by server-side copies.
 *
 * Identities: against Azure, DefaultAzureCredential (optionally one client id per environment:
 * AIRLOCK_DEV_AZURE_CLIENT_ID / AIRLOCK_PROD_AZURE_CLIENT_ID, for workload identity or managed identity).
 * Against the twin, a twin principal chosen the way `az login` chooses an account: `airlock local login --as`
 * (or AIRLOCK_TWIN_PRINCIPAL, AIRLOCK_TWIN_PRINCIPAL_DEV / _PROD). Never a flag on a governed command.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { TokenCredential } from "@azure/core-auth";
import type {
  ContainerClient,
  ContainerCreateIfNotExistsResponse,
  StorageSharedKeyCredential,
} from "@azure/storage-blob";
import { ArmClient } from "../arm/client.ts";
import { azureCredential, twinCredential } from "../arm/credentials.ts";
import { InputError, UnavailableError } from "../errors.ts";
import { type Identity, identityFromCredential } from "../governance/identity.ts";
import { Ledger } from "../governance/ledger.ts";
import {
  type EnvironmentPlatform,
  LEDGER_CONTAINER,
  loadPlatform,
  type Platform,
  type Purpose,
  TWIN_SUBSCRIPTION_ID,
} from "../platform/index.ts";

export { LEDGER_CONTAINER } from "../platform/index.ts";
export const DEFAULT_DATASTORE = "workspaceblobstore";

export interface ConnectOptions {
  /** Act against Azure instead of the twin (needs a subscription). */
  azure?: boolean;
  subscriptionId?: string;
  /** The twin's state dir (default AIRLOCK_STATE_DIR or .airlock/twin). */
  stateDir?: string;
  infraDir?: string;
  /** LRO poll interval override (the twin answers fast; Azure asks for ~10 s). */
  lroPollIntervalMs?: number;
  /** The CI run acting (recorded on every ledger record); default AIRLOCK_RUN_URL or GitHub Actions' run. */
  runUrl?: string;
}

export interface TwinSession {
  stateDir: string;
  armEndpoint: string;
  blobBaseUrl: string;
}

export class Connection {
  readonly mode: "twin" | "azure";
  readonly platform: Platform;
  readonly subscriptionId: string;
  readonly armEndpoint: string;
  readonly twin: TwinSession | undefined;
  /** Recorded on every ledger record this connection writes. */
  readonly runUrl: string | undefined;
  readonly #credentials: Record<Purpose, TokenCredential>;
  readonly #clients = new Map<Purpose, ArmClient>();
  readonly #lroPollIntervalMs: number | undefined;
  #ledger: Promise<Ledger> | undefined;

  constructor(init: {
    mode: "twin" | "azure";
    platform: Platform;
    subscriptionId: string;
    armEndpoint: string;
    twin?: TwinSession;
    credentials: Record<Purpose, TokenCredential>;
    lroPollIntervalMs?: number;
    runUrl?: string;
  }) {
    this.mode = init.mode;
    this.platform = init.platform;
    this.subscriptionId = init.subscriptionId;
    this.armEndpoint = init.armEndpoint;
    this.twin = init.twin;
    this.#credentials = init.credentials;
    this.#lroPollIntervalMs = init.lroPollIntervalMs;
    this.runUrl = init.runUrl ?? ciRunUrl();
  }

  env(purpose: Purpose): EnvironmentPlatform {
    return this.platform.environments[purpose];
  }

  credential(purpose: Purpose): TokenCredential {
    return this.#credentials[purpose];
  }

  /** The ARM client acting as `purpose`'s identity. */
  arm(purpose: Purpose): ArmClient {
    let client = this.#clients.get(purpose);
    if (!client) {
      client = new ArmClient({
        endpoint: this.armEndpoint,
        subscriptionId: this.subscriptionId,
        credential: this.#credentials[purpose],
        lroPollIntervalMs: this.#lroPollIntervalMs ?? (this.mode === "twin" ? 50 : 5000),
        ...(this.mode === "twin"
          ? { retryDelayMs: 50, maxRetryDelayMs: 1000, lroIgnoreRetryAfter: true }
          : {}),
      });
      this.#clients.set(purpose, client);
    }
    return client;
  }

  workspace(purpose: Purpose) {
    const env = this.env(purpose);
    return this.arm(purpose).workspace(env.resourceGroups.ws, env.names.workspace);
  }

  registry(purpose: Purpose) {
    const env = this.env(purpose);
    return this.arm(purpose).registry(env.resourceGroups.reg, env.names.registry);
  }

  async identity(purpose: Purpose): Promise<Identity> {
    return identityFromCredential(this.#credentials[purpose]);
  }

  /** The workspace's default datastore as a blob container, with the credentials the workspace hands out. */
  async datastoreContainer(purpose: Purpose, datastore = DEFAULT_DATASTORE): Promise<ContainerClient> {
    const access = await this.#storageAccess(purpose, datastore);
    const { ContainerClient } = await storageBlob();
    return new ContainerClient(`${access.accountUrl}/${access.container}`, access.credential);
  }

  /**
   * The shared audit ledger: container `airlock-ledger` in the prod workspace's storage account, reached
   * with the prod identity and its data role on that container (errata 12: people hold no key and no
   * other storage write in prod). In Azure: an Entra token. On the twin, whose Azurite takes no Entra
   * tokens: a short-lived service SAS for that container alone, which the twin's ListServiceSas grants only
   * as far as the caller's data role there allows.
   */
  ledger(): Promise<Ledger> {
    this.#ledger ??= (async () => {
      const container =
        this.mode === "azure"
          ? await this.#storageAccess("prod", DEFAULT_DATASTORE).then((access) =>
              provisionedContainer(`${access.accountUrl}/${LEDGER_CONTAINER}`, access.credential),
            )
          : await this.#twinLedgerContainer();
      return Ledger.open(container, {
        ...(this.runUrl ? { annotations: { runUrl: this.runUrl } } : {}),
      });
    })();
    return this.#ledger;
  }

  async #twinLedgerContainer(): Promise<ContainerClient> {
    const store = await this.workspace("prod").datastores.get(DEFAULT_DATASTORE);
    const props = store.properties as unknown as Record<string, unknown>;
    const account = String(props.accountName);
    const resourceGroup =
      typeof props.resourceGroup === "string" ? props.resourceGroup : this.env("prod").resourceGroups.ws;
    const { serviceSasToken } = await this.arm("prod").storageAccounts.listServiceSas(
      resourceGroup,
      account,
      {
        canonicalizedResource: `/blob/${account}/${LEDGER_CONTAINER}`,
        signedResource: "c",
        // Read, list, create and append; never delete (the role would allow it, the ledger never needs it).
        signedPermission: "rlacw",
        signedExpiry: new Date(Date.now() + 8 * 3600_000).toISOString(),
      },
    );
    return provisionedContainer(`${this.#twinAccountUrl(account)}/${LEDGER_CONTAINER}?${serviceSasToken}`);
  }

  /** The twin's blob front end serves each account under a path (Azure: `https://<account>.blob.<endpoint>`). */
  #twinAccountUrl(account: string): string {
    if (!this.twin) throw new UnavailableError("TWIN_REQUIRED", "This connection is not to the twin.");
    return `${this.twin.blobBaseUrl}/${account}`;
  }

  async #storageAccess(
    purpose: Purpose,
    datastore: string,
  ): Promise<{
    accountUrl: string;
    container: string;
    credential: StorageSharedKeyCredential | TokenCredential;
  }> {
    const workspace = this.workspace(purpose);
    const store = await workspace.datastores.get(datastore);
    const props = store.properties as unknown as Record<string, unknown>;
    const account = String(props.accountName);
    const container = String(props.containerName);
    if (this.mode === "azure") {
      const accountUrl = `https://${account}.blob.${String(props.endpoint ?? "core.windows.net")}`;
      return { accountUrl, container, credential: this.#credentials[purpose] };
    }
    const secrets = (await workspace.datastores.listSecrets(datastore)) as { key?: string };
    if (!secrets.key) {
      throw new UnavailableError(
        "DATASTORE_NO_KEY",
        `Datastore ${datastore} of the ${purpose} workspace gave no account key.`,
      );
    }
    return {
      accountUrl: this.#twinAccountUrl(account),
      container,
      credential: new (await storageBlob()).StorageSharedKeyCredential(account, secrets.key),
    };
  }
}

/**
 * The ledger's container is infrastructure: Terraform creates it with its WORM policy (the twin seeds the
 * same). A client never creates it — one created on the fly would have no policy — and a container-scoped
 * role or SAS cannot create containers anyway, so "create if missing" is a no-op here.
 */
let ProvisionedContainer: typeof ContainerClient | undefined;
async function provisionedContainer(
  url: string,
  credential?: StorageSharedKeyCredential | TokenCredential,
): Promise<ContainerClient> {
  const { ContainerClient } = await storageBlob();
  ProvisionedContainer ??= class extends ContainerClient {
    override async createIfNotExists(): Promise<ContainerCreateIfNotExistsResponse> {
      return { succeeded: false } as ContainerCreateIfNotExistsResponse;
    }
  };
  return new ProvisionedContainer(url, credential);
}

/**
 * The blob library (with Azure's HTTP stack, a fifth of a CPU-second to load), loaded when a command first
 * reaches storage: one that fails before (no twin, bad input) never loads it.
 */
let blobLibrary: Promise<typeof import("@azure/storage-blob")> | undefined;
function storageBlob(): Promise<typeof import("@azure/storage-blob")> {
  blobLibrary ??= import("@azure/storage-blob");
  return blobLibrary;
}

/** The CI run this process belongs to: AIRLOCK_RUN_URL, or the GitHub Actions run URL. */
export function ciRunUrl(): string | undefined {
  if (process.env.AIRLOCK_RUN_URL) return process.env.AIRLOCK_RUN_URL;
  const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID } = process.env;
  return GITHUB_SERVER_URL && GITHUB_REPOSITORY && GITHUB_RUN_ID
    ? `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`
    : undefined;
}

/** Reads the running twin's coordinates from its state dir (written by `airlock local up`). */
export async function readTwinSession(stateDir: string): Promise<TwinSession> {
  const file = path.join(stateDir, "twin.json");
  let raw: string;
  try {
    raw = await readFile(file, "utf8");
  } catch {
    throw new UnavailableError(
      "TWIN_NOT_RUNNING",
      `No local twin at ${stateDir}. Start it with \`airlock local up\` (or pass --azure --subscription <id> to act on Azure).`,
    );
  }
  let info: { armEndpoint?: string; blobBaseUrl?: string; blobEndpoint?: string } | null;
  try {
    info = JSON.parse(raw) as typeof info;
  } catch {
    info = null;
  }
  if (typeof info?.armEndpoint !== "string")
    throw new UnavailableError(
      "TWIN_STATE_INVALID",
      `${file} is not a twin record (no armEndpoint). Run \`airlock local up\` to restart the twin.`,
    );
  return {
    stateDir,
    armEndpoint: info.armEndpoint,
    blobBaseUrl: info.blobBaseUrl ?? info.blobEndpoint ?? "",
  };
}

/**
 * The twin's state directory: the option, else AIRLOCK_STATE_DIR, else .airlock/twin (absolute). An empty
 * value counts as unset: it would resolve to the working directory.
 */
export function twinStateDir(option?: string): string {
  return path.resolve(option || process.env.AIRLOCK_STATE_DIR || path.join(".airlock", "twin"));
}

/** The twin principal this shell is "logged in" as, per environment side. */
export async function twinPrincipal(stateDir: string, purpose: Purpose): Promise<string> {
  return (await twinIdentity(stateDir, purpose)).principal;
}

/** The twin principal of one side and what chose it: an environment variable (named) or `local login`. */
export async function twinIdentity(
  stateDir: string,
  purpose: Purpose,
): Promise<{ principal: string; from: string }> {
  for (const name of [`AIRLOCK_TWIN_PRINCIPAL_${purpose.toUpperCase()}`, "AIRLOCK_TWIN_PRINCIPAL"]) {
    const value = process.env[name];
    if (value) return { principal: value, from: name };
  }
  try {
    const session = JSON.parse(await readFile(path.join(stateDir, "session.json"), "utf8")) as {
      principal?: string;
      dev?: string;
      prod?: string;
    };
    const chosen = session[purpose] ?? session.principal;
    if (chosen) return { principal: chosen, from: "local login" };
  } catch {
    // no session: fall through to the error below
  }
  throw new InputError(
    "TWIN_NOT_LOGGED_IN",
    "No twin identity chosen. Run `airlock local login --as <principal>` (`airlock local whoami` lists the principals), or set AIRLOCK_TWIN_PRINCIPAL.",
  );
}

/** Saves `local login`: one principal for both sides, or one per side (CI's two promotion identities). */
export async function saveTwinLogin(
  stateDir: string,
  principal: string | Record<Purpose, string>,
): Promise<void> {
  const session = typeof principal === "string" ? { principal } : principal;
  await writeFile(path.join(stateDir, "session.json"), JSON.stringify(session, null, 2), {
    mode: 0o600,
  });
}

export async function connect(options: ConnectOptions = {}): Promise<Connection> {
  const platform = await loadPlatform({ infraDir: options.infraDir });
  if (options.azure) {
    const subscriptionId =
      options.subscriptionId ??
      process.env.AIRLOCK_SUBSCRIPTION_ID ??
      platform.environments.prod.tfvars.subscription_id ??
      process.env.AZURE_SUBSCRIPTION_ID;
    if (!subscriptionId) {
      throw new InputError(
        "SUBSCRIPTION_REQUIRED",
        "Azure mode needs --subscription <id> (or AIRLOCK_SUBSCRIPTION_ID).",
      );
    }
    const base = await azureCredential();
    const perEnv = async (purpose: Purpose): Promise<TokenCredential> => {
      const clientId = process.env[`AIRLOCK_${purpose.toUpperCase()}_AZURE_CLIENT_ID`];
      if (!clientId) return base;
      const { DefaultAzureCredential } = await import("@azure/identity");
      return new DefaultAzureCredential({
        managedIdentityClientId: clientId,
        workloadIdentityClientId: clientId,
      });
    };
    return new Connection({
      mode: "azure",
      platform,
      subscriptionId,
      armEndpoint: "https://management.azure.com",
      credentials: { dev: await perEnv("dev"), prod: await perEnv("prod") },
      ...(options.lroPollIntervalMs !== undefined ? { lroPollIntervalMs: options.lroPollIntervalMs } : {}),
      ...(options.runUrl !== undefined ? { runUrl: options.runUrl } : {}),
    });
  }
  const stateDir = twinStateDir(options.stateDir);
  const twin = await readTwinSession(stateDir);
  const credentials = {
    dev: twinCredential({ stateDir, principal: await twinPrincipal(stateDir, "dev") }),
    prod: twinCredential({ stateDir, principal: await twinPrincipal(stateDir, "prod") }),
  };
  return new Connection({
    mode: "twin",
    platform,
    subscriptionId: TWIN_SUBSCRIPTION_ID,
    armEndpoint: twin.armEndpoint,
    twin,
    credentials,
    ...(options.lroPollIntervalMs !== undefined ? { lroPollIntervalMs: options.lroPollIntervalMs } : {}),
    ...(options.runUrl !== undefined ? { runUrl: options.runUrl } : {}),
  });
}

/** A connection for code that already holds a running twin (tests, the demo) and chosen principals. */
export async function connectToTwin(options: {
  stateDir: string;
  armEndpoint: string;
  blobBaseUrl: string;
  principals: Record<Purpose, string>;
  infraDir?: string;
}): Promise<Connection> {
  const platform = await loadPlatform({ infraDir: options.infraDir });
  return new Connection({
    mode: "twin",
    platform,
    subscriptionId: TWIN_SUBSCRIPTION_ID,
    armEndpoint: options.armEndpoint,
    twin: { stateDir: options.stateDir, armEndpoint: options.armEndpoint, blobBaseUrl: options.blobBaseUrl },
    credentials: {
      dev: twinCredential({ stateDir: options.stateDir, principal: options.principals.dev }),
      prod: twinCredential({ stateDir: options.stateDir, principal: options.principals.prod }),
    },
  });
}
