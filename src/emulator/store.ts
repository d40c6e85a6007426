/**
 * @module emulator/store
 * The twin's state in node:sqlite (`<stateDir>/twin.db`, WAL). Three kinds of rows: generic ARM resources
 * keyed by lower-cased id (registries, endpoints, deployments, role assignments), asset containers and
 * versions (with tombstones for deleted registry versions), and long-running operations. Every statement
 * is prepared once; multi-statement writes run in one IMMEDIATE transaction, so concurrent requests never
 * see half a write.
 */
import { DatabaseSync, type StatementSync } from "node:sqlite";

export interface ResourceRow {
  id: string;
  parent: string;
  type: string;
  body: string;
  secret: string | null;
}

export interface VersionRow {
  name: string;
  version: string;
  body: string;
  spec: string;
  deleted_at: string | null;
  ready_at: number;
}

export interface ContainerRow {
  name: string;
  body: string;
  latest: string | null;
  next: string | null;
}

export interface OperationRow {
  id: string;
  owner: string;
  status: string;
  ready_at: number;
  error: string | null;
  result: string | null;
  started_at: string;
  ended_at: string | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS resources (
  id TEXT PRIMARY KEY, parent TEXT NOT NULL, type TEXT NOT NULL, body TEXT NOT NULL, secret TEXT,
  seq INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS resources_by_parent ON resources(parent, type, seq);
CREATE INDEX IF NOT EXISTS resources_by_type ON resources(type, seq);
CREATE TABLE IF NOT EXISTS containers (
  scope TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL, body TEXT NOT NULL,
  latest TEXT, next TEXT, seq INTEGER NOT NULL, PRIMARY KEY (scope, kind, name));
CREATE INDEX IF NOT EXISTS containers_by_seq ON containers(scope, kind, seq);
CREATE TABLE IF NOT EXISTS versions (
  scope TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL, version TEXT NOT NULL,
  body TEXT NOT NULL, spec TEXT NOT NULL, deleted_at TEXT, ready_at INTEGER NOT NULL DEFAULT 0,
  seq INTEGER NOT NULL, PRIMARY KEY (scope, kind, name, version));
CREATE INDEX IF NOT EXISTS versions_by_seq ON versions(scope, kind, name, seq);
CREATE TABLE IF NOT EXISTS operations (
  id TEXT PRIMARY KEY, owner TEXT NOT NULL, status TEXT NOT NULL, ready_at INTEGER NOT NULL,
  error TEXT, result TEXT, started_at TEXT NOT NULL, ended_at TEXT);
`;

export class TwinStore {
  readonly db: DatabaseSync;
  private seq: number;
  private readonly s: Record<string, StatementSync>;

  constructor(file: string) {
    this.db = new DatabaseSync(file);
    // synchronous=OFF: a committed write is in the OS's hands, so it survives the twin crashing or being
    // killed (what a local twin meets), not a power cut; fsync stalls would otherwise block the event
    // loop for tens of milliseconds and dominate tail latency.
    this.db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; PRAGMA busy_timeout = 5000;");
    this.db.exec(SCHEMA);
    const prepare = (sql: string) => this.db.prepare(sql);
    this.s = {
      begin: prepare("BEGIN IMMEDIATE"),
      commit: prepare("COMMIT"),
      rollback: prepare("ROLLBACK"),
      metaGet: prepare("SELECT value FROM meta WHERE key = ?"),
      metaSet: prepare(
        "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      ),
      resGet: prepare("SELECT id, parent, type, body, secret FROM resources WHERE id = ?"),
      resPut: prepare(
        `INSERT INTO resources(id, parent, type, body, secret, seq) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET body = excluded.body, secret = excluded.secret`,
      ),
      resDelete: prepare("DELETE FROM resources WHERE id = ?"),
      resDeleteTree: prepare("DELETE FROM resources WHERE id LIKE ? ESCAPE '\\'"),
      resList: prepare(
        "SELECT id, parent, type, body, secret FROM resources WHERE parent = ? AND type = ? ORDER BY seq LIMIT ? OFFSET ?",
      ),
      resByType: prepare("SELECT id, parent, type, body, secret FROM resources WHERE type = ? ORDER BY seq"),
      conGet: prepare(
        "SELECT name, body, latest, next FROM containers WHERE scope = ? AND kind = ? AND name = ?",
      ),
      conInsert: prepare(
        "INSERT INTO containers(scope, kind, name, body, latest, next, seq) VALUES (?, ?, ?, ?, NULL, NULL, ?)",
      ),
      conUpdateBody: prepare("UPDATE containers SET body = ? WHERE scope = ? AND kind = ? AND name = ?"),
      conUpdateLatest: prepare(
        "UPDATE containers SET latest = ?, next = ? WHERE scope = ? AND kind = ? AND name = ?",
      ),
      conDelete: prepare("DELETE FROM containers WHERE scope = ? AND kind = ? AND name = ?"),
      conList: prepare(
        "SELECT name, body, latest, next FROM containers WHERE scope = ? AND kind = ? ORDER BY seq LIMIT ? OFFSET ?",
      ),
      verGet: prepare(
        "SELECT name, version, body, spec, deleted_at, ready_at FROM versions WHERE scope = ? AND kind = ? AND name = ? AND version = ?",
      ),
      verInsert: prepare(
        "INSERT INTO versions(scope, kind, name, version, body, spec, deleted_at, ready_at, seq) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)",
      ),
      verUpdateBody: prepare(
        "UPDATE versions SET body = ? WHERE scope = ? AND kind = ? AND name = ? AND version = ? AND deleted_at IS NULL",
      ),
      verTombstone: prepare(
        "UPDATE versions SET deleted_at = ? WHERE scope = ? AND kind = ? AND name = ? AND version = ?",
      ),
      verTombstoneAll: prepare(
        "UPDATE versions SET deleted_at = ? WHERE scope = ? AND kind = ? AND name = ? AND deleted_at IS NULL",
      ),
      verDelete: prepare("DELETE FROM versions WHERE scope = ? AND kind = ? AND name = ? AND version = ?"),
      verDeleteAll: prepare("DELETE FROM versions WHERE scope = ? AND kind = ? AND name = ?"),
      verList: prepare(
        `SELECT name, version, body, spec, deleted_at, ready_at FROM versions
         WHERE scope = ? AND kind = ? AND name = ? AND deleted_at IS NULL ORDER BY seq LIMIT ? OFFSET ?`,
      ),
      verVersions: prepare(
        "SELECT version FROM versions WHERE scope = ? AND kind = ? AND name = ? AND deleted_at IS NULL ORDER BY seq",
      ),
      scopeDeleteContainers: prepare("DELETE FROM containers WHERE scope = ?"),
      scopeDeleteVersions: prepare("DELETE FROM versions WHERE scope = ?"),
      opGet: prepare(
        "SELECT id, owner, status, ready_at, error, result, started_at, ended_at FROM operations WHERE id = ?",
      ),
      opInsert: prepare(
        "INSERT INTO operations(id, owner, status, ready_at, error, result, started_at, ended_at) VALUES (?, ?, ?, ?, NULL, NULL, ?, NULL)",
      ),
      opFinish: prepare("UPDATE operations SET status = ?, error = ?, result = ?, ended_at = ? WHERE id = ?"),
      opAbandon: prepare(
        "UPDATE operations SET status = 'Failed', error = ?, ended_at = ? WHERE status = 'InProgress' AND ready_at = 0",
      ),
    };
    const row = this.db
      .prepare(
        "SELECT MAX(m) AS m FROM (SELECT MAX(seq) AS m FROM resources UNION ALL SELECT MAX(seq) FROM containers UNION ALL SELECT MAX(seq) FROM versions)",
      )
      .get() as { m: number | null };
    this.seq = row.m ?? 0;
  }

  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  /** Runs `work` in one IMMEDIATE transaction (synchronous: no other request can interleave). */
  transaction<T>(work: () => T): T {
    this.s.begin!.run();
    try {
      const result = work();
      this.s.commit!.run();
      return result;
    } catch (error) {
      this.s.rollback!.run();
      throw error;
    }
  }

  meta(key: string): string | undefined {
    return (this.s.metaGet!.get(key) as { value: string } | undefined)?.value;
  }
  setMeta(key: string, value: string): void {
    this.s.metaSet!.run(key, value);
  }

  // ---- generic resources (ids are lower-cased ARM ids)
  getResource(id: string): ResourceRow | undefined {
    return this.s.resGet!.get(id.toLowerCase()) as ResourceRow | undefined;
  }
  putResource(id: string, parent: string, type: string, body: string, secret: string | null = null): void {
    this.s.resPut!.run(
      id.toLowerCase(),
      parent.toLowerCase(),
      type.toLowerCase(),
      body,
      secret,
      this.nextSeq(),
    );
  }
  deleteResource(id: string): boolean {
    return Number(this.s.resDelete!.run(id.toLowerCase()).changes) > 0;
  }
  /** Deletes a resource and every resource below it (e.g. an endpoint and its deployments). */
  deleteResourceTree(id: string): void {
    const lower = id.toLowerCase();
    this.s.resDelete!.run(lower);
    this.s.resDeleteTree!.run(`${lower.replace(/[\\%_]/g, (c) => `\\${c}`)}/%`);
  }
  listResources(parent: string, type: string, limit = -1, offset = 0): ResourceRow[] {
    return this.s.resList!.all(
      parent.toLowerCase(),
      type.toLowerCase(),
      limit,
      offset,
    ) as unknown as ResourceRow[];
  }
  resourcesOfType(type: string): ResourceRow[] {
    return this.s.resByType!.all(type.toLowerCase()) as unknown as ResourceRow[];
  }

  // ---- asset containers and versions (scope = lower-cased workspace or registry id)
  getContainer(scope: string, kind: string, name: string): ContainerRow | undefined {
    return this.s.conGet!.get(scope, kind, name) as ContainerRow | undefined;
  }
  insertContainer(scope: string, kind: string, name: string, body: string): void {
    this.s.conInsert!.run(scope, kind, name, body, this.nextSeq());
  }
  updateContainerBody(scope: string, kind: string, name: string, body: string): void {
    this.s.conUpdateBody!.run(body, scope, kind, name);
  }
  setContainerLatest(
    scope: string,
    kind: string,
    name: string,
    latest: string | null,
    next: string | null,
  ): void {
    this.s.conUpdateLatest!.run(latest, next, scope, kind, name);
  }
  deleteContainer(scope: string, kind: string, name: string): void {
    this.s.conDelete!.run(scope, kind, name);
  }
  listContainers(scope: string, kind: string, limit: number, offset: number): ContainerRow[] {
    return this.s.conList!.all(scope, kind, limit, offset) as unknown as ContainerRow[];
  }
  getVersion(scope: string, kind: string, name: string, version: string): VersionRow | undefined {
    return this.s.verGet!.get(scope, kind, name, version) as VersionRow | undefined;
  }
  insertVersion(
    scope: string,
    kind: string,
    name: string,
    version: string,
    body: string,
    spec: string,
    readyAt: number,
  ): void {
    this.s.verInsert!.run(scope, kind, name, version, body, spec, readyAt, this.nextSeq());
  }
  updateVersionBody(scope: string, kind: string, name: string, version: string, body: string): void {
    this.s.verUpdateBody!.run(body, scope, kind, name, version);
  }
  tombstoneVersion(scope: string, kind: string, name: string, version: string, at: string): void {
    this.s.verTombstone!.run(at, scope, kind, name, version);
  }
  tombstoneAllVersions(scope: string, kind: string, name: string, at: string): void {
    this.s.verTombstoneAll!.run(at, scope, kind, name);
  }
  deleteVersion(scope: string, kind: string, name: string, version: string): void {
    this.s.verDelete!.run(scope, kind, name, version);
  }
  deleteAllVersions(scope: string, kind: string, name: string): void {
    this.s.verDeleteAll!.run(scope, kind, name);
  }
  listVersions(scope: string, kind: string, name: string, limit: number, offset: number): VersionRow[] {
    return this.s.verList!.all(scope, kind, name, limit, offset) as unknown as VersionRow[];
  }
  liveVersions(scope: string, kind: string, name: string): string[] {
    return (this.s.verVersions!.all(scope, kind, name) as Array<{ version: string }>).map((r) => r.version);
  }
  deleteScope(scope: string): void {
    this.s.scopeDeleteContainers!.run(scope);
    this.s.scopeDeleteVersions!.run(scope);
  }

  // ---- long-running operations
  getOperation(id: string): OperationRow | undefined {
    return this.s.opGet!.get(id) as OperationRow | undefined;
  }
  insertOperation(id: string, owner: string, readyAt: number): void {
    this.s.opInsert!.run(id, owner, "InProgress", readyAt, new Date().toISOString());
  }
  finishOperation(id: string, status: string, error: string | null, result: string | null): void {
    this.s.opFinish!.run(status, error, result, new Date().toISOString(), id);
  }
  /** Operations whose work died with a previous process can never finish: fail them. */
  abandonUnfinishedOperations(): void {
    this.s.opAbandon!.run(
      JSON.stringify({
        status: 500,
        code: "OperationAbandoned",
        message: "The twin restarted while the operation ran.",
      }),
      new Date().toISOString(),
    );
  }

  close(): void {
    this.db.close();
  }
}
