/**
 * @module infra/findings
 * The result type of every infra policy check (Terraform tree and plan JSON alike), in its own module so the
 * checks share it without importing each other.
 */
import type { Purpose } from "../platform/index.ts";

export type Severity = "error" | "warning";

export interface Finding {
  rule: string;
  severity: Severity;
  environment?: Purpose;
  where: string;
  message: string;
}
