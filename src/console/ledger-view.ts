/**
 * @module console/ledger-view
 * The ledger as the console shows it. The chain is verified in full once per console process (the strict walk of
 * `audit verify`, with the anchors found on prod versions, and its reconciliation with prod), and afterwards only extended: the ledger instance's
 * verified snapshot takes each newly appended record only if it carries the next seq and links to the verified
 * tip (Ledger.scanVerified), so a page view costs the new records, not the whole chain (WORM storage: records
 * already verified cannot change). A line appended since that does not extend the chain is reported, as
 * `audit verify` would.
 */
import type { Connection } from "../connect/connection.ts";
import type { ForeignLine, LedgerHead, LedgerRecord, VerifyResult } from "../governance/ledger.ts";
import { auditLedger, type LedgerAudit, type ReconciliationProblem } from "../verify/ledger-audit.ts";

export const PAGE_SIZE = 50;

export interface LedgerState {
  records: readonly LedgerRecord[];
  /** The full verification done once, at the first view. */
  verification: VerifyResult;
  /** Anchors checked by that verification (found on prod versions). */
  anchors: ReadonlyArray<LedgerHead & { source: string }>;
  /** When the full verification ran. */
  verifiedAt: string;
  /** Lines found since that verification that do not extend the chain. */
  foreignSince: readonly ForeignLine[];
  head: LedgerHead;
  /** Reconciliation with prod at the first view (undefined when prod could not be read). */
  problems?: readonly ReconciliationProblem[];
}

export class LedgerView {
  readonly #connection: Connection;
  #initial:
    | Promise<{
        verification: VerifyResult;
        anchors: LedgerState["anchors"];
        problems?: ReconciliationProblem[];
        at: string;
        foreign: number;
      }>
    | undefined;

  constructor(connection: Connection) {
    this.#connection = connection;
  }

  /** Verifies in full on the first call (and after a failed one); then extends the verified snapshot. */
  async state(): Promise<LedgerState> {
    this.#initial ??= (async () => {
      const audit: Pick<LedgerAudit, "verification" | "anchors"> & { problems?: ReconciliationProblem[] } =
        await auditLedger(this.#connection).then(
          (a) => ({ ...a, problems: a.reconciliation.problems }),
          // Reading the anchors on prod versions needs prod read; without it, the chain alone.
          async () => ({ verification: await (await this.#connection.ledger()).verify(), anchors: [] }),
        );
      const ledger = await this.#connection.ledger();
      const { foreign } = await ledger.scanVerified();
      return {
        verification: audit.verification,
        anchors: audit.anchors,
        ...(audit.problems ? { problems: audit.problems } : {}),
        at: new Date().toISOString(),
        foreign: foreign.length,
      };
    })().catch((error: unknown) => {
      this.#initial = undefined;
      throw error;
    });
    const initial = await this.#initial;
    const ledger = await this.#connection.ledger();
    const { records, foreign } = await ledger.scanVerified();
    const last = records.at(-1);
    return {
      records,
      verification: initial.verification,
      anchors: initial.anchors,
      verifiedAt: initial.at,
      foreignSince: foreign.slice(initial.foreign),
      ...(initial.problems ? { problems: initial.problems } : {}),
      head: { seq: last?.seq ?? 0, hash: last?.hash ?? initial.verification.headHash },
    };
  }
}

/** Page `page` (1-based) of the records, newest first. */
export function ledgerPage(records: readonly LedgerRecord[], page: number): LedgerRecord[] {
  const end = records.length - (page - 1) * PAGE_SIZE;
  const start = Math.max(0, end - PAGE_SIZE);
  return end <= 0 ? [] : records.slice(start, end).reverse();
}
