/**
 * @module governance/evidence/settings
 * The `evidence:` section of governance/policy.yml: its JSON schema (policy.ts validates it with the rest of
 * the file) and the settings with defaults filled in. No rule runs unless the section names it.
 */
import { InputError } from "../../errors.ts";
import type { EvidenceEnforcement } from "./types.ts";

export const METRIC_OPERATORS = ["<=", "<", ">=", ">", "=="] as const;
export type MetricOperator = (typeof METRIC_OPERATORS)[number];

export interface MetricThreshold {
  metric: string;
  op: MetricOperator;
  value: number;
  /** The rule as written, e.g. "holdout_rmse <= 1.5". */
  text: string;
}

export interface EvidenceSettings {
  enforcement: EvidenceEnforcement;
  metrics: MetricThreshold[];
  modelCard?: { file: string; fields: string[] };
  scan?: {
    extensions: string[];
    allowedGlobals: string[];
    deniedGlobals: string[];
    /** A global neither denied nor allowed: refused (default) or let through. */
    unknownGlobals: "refuse" | "allow";
  };
  license?: { tag: string; allowed: string[] };
  environmentPinned?: { property: string };
  championChallenger?: { margin: number; relativeMargin: number };
}

/** The file's shape. */
export interface EvidenceSection {
  enforcement?: EvidenceEnforcement;
  metrics?: string[];
  modelCard?: { required?: boolean; file?: string; fields?: string[] };
  scan?: {
    enabled?: boolean;
    extensions?: string[];
    allowedGlobals?: string[];
    deniedGlobals?: string[];
    unknownGlobals?: "refuse" | "allow";
  };
  license?: { tag?: string; allowed: string[] };
  environments?: { pinnedByDigest?: boolean; builtImageDigestProperty?: string };
  championChallenger?: { margin?: number; relativeMargin?: number };
}

const strings = { type: "array", items: { type: "string", minLength: 1 }, uniqueItems: true };
export const EVIDENCE_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    enforcement: { enum: ["enforce", "audit"] },
    metrics: strings,
    modelCard: {
      type: "object",
      additionalProperties: false,
      properties: { required: { type: "boolean" }, file: { type: "string", minLength: 1 }, fields: strings },
    },
    scan: {
      type: "object",
      additionalProperties: false,
      properties: {
        enabled: { type: "boolean" },
        extensions: strings,
        allowedGlobals: strings,
        deniedGlobals: strings,
        unknownGlobals: { enum: ["refuse", "allow"] },
      },
    },
    license: {
      type: "object",
      additionalProperties: false,
      required: ["allowed"],
      properties: { tag: { type: "string", minLength: 1 }, allowed: { ...strings, minItems: 1 } },
    },
    environments: {
      type: "object",
      additionalProperties: false,
      properties: {
        pinnedByDigest: { type: "boolean" },
        builtImageDigestProperty: { type: "string", minLength: 1 },
      },
    },
    championChallenger: {
      type: "object",
      additionalProperties: false,
      properties: {
        margin: { type: "number", minimum: 0 },
        relativeMargin: { type: "number", minimum: 0 },
      },
    },
  },
} as const;

export const DEFAULT_CARD_FIELDS = ["intended_use", "limitations", "metrics", "training_data"];
export const DEFAULT_SCAN_EXTENSIONS = [".pkl", ".pickle", ".joblib", ".pt", ".pth"];
/** Where a rebuilt environment's built image digest is recorded on its prod version. */
export const BUILT_IMAGE_DIGEST_PROPERTY = "airlock.built_image_digest";

/** "holdout_rmse <= 1.5" → a threshold; anything else is a policy error naming the rule. */
export function parseMetricThreshold(text: string): MetricThreshold {
  const match = /^\s*([A-Za-z_][\w.-]*)\s*(<=|>=|==|<|>)\s*(-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*$/.exec(
    text,
  );
  if (!match) {
    throw new InputError(
      "POLICY_INVALID",
      `evidence.metrics: "${text}" is not <metric> <op> <number> (e.g. "holdout_rmse <= 1.5"; op one of ${METRIC_OPERATORS.join(" ")})`,
    );
  }
  return { metric: match[1]!, op: match[2] as MetricOperator, value: Number(match[3]), text: text.trim() };
}

/** The section (already schema-validated) with defaults filled in. */
export function evidenceSettings(section: EvidenceSection | undefined): EvidenceSettings {
  const settings: EvidenceSettings = {
    enforcement: section?.enforcement ?? "enforce",
    metrics: (section?.metrics ?? []).map(parseMetricThreshold),
  };
  if (section?.modelCard && section.modelCard.required !== false) {
    settings.modelCard = {
      file: section.modelCard.file ?? "model-card.yml",
      fields: section.modelCard.fields ?? [...DEFAULT_CARD_FIELDS],
    };
  }
  if (section?.scan && section.scan.enabled !== false) {
    settings.scan = {
      extensions: (section.scan.extensions ?? DEFAULT_SCAN_EXTENSIONS).map((e) => e.toLowerCase()),
      allowedGlobals: section.scan.allowedGlobals ?? [],
      deniedGlobals: section.scan.deniedGlobals ?? [],
      unknownGlobals: section.scan.unknownGlobals ?? "refuse",
    };
  }
  if (section?.license) {
    settings.license = { tag: section.license.tag ?? "license", allowed: section.license.allowed };
  }
  if (section?.environments?.pinnedByDigest) {
    settings.environmentPinned = {
      property: section.environments.builtImageDigestProperty ?? BUILT_IMAGE_DIGEST_PROPERTY,
    };
  }
  if (section?.championChallenger) {
    settings.championChallenger = {
      margin: section.championChallenger.margin ?? 0,
      relativeMargin: section.championChallenger.relativeMargin ?? 0,
    };
  }
  return settings;
}

/** True when the section names at least one rule. */
export function hasEvidenceRules(settings: EvidenceSettings): boolean {
  return (
    settings.metrics.length > 0 ||
    settings.modelCard !== undefined ||
    settings.scan !== undefined ||
    settings.license !== undefined ||
    settings.environmentPinned !== undefined ||
    settings.championChallenger !== undefined
  );
}
