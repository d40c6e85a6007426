/**
 * @module governance/policy
 * The governance policy as code: who may approve, how long an approval lasts, how many are needed, which data
 * classes may leave dev, how environments reach prod, and whether breakglass exists. Read from YAML
 * (default: `governance/policy.yml` at the repository root), validated with ajv, defaults filled in.
 *
 * Separation of duties (requester ≠ approver) is always on: the field exists only so that a policy that tries
 * to turn it off is refused with a clear message rather than silently ignored.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { GateError, InputError, NotFoundError } from "../errors.ts";
import { frozenMemo } from "../freeze.ts";
import { REPO_ROOT } from "../platform/index.ts";
import { compileSchema, describeSchemaErrors } from "../platform/schema.ts";
import {
  EVIDENCE_SCHEMA,
  type EvidenceSection,
  type EvidenceSettings,
  evidenceSettings,
} from "./evidence/settings.ts";
import type { Identity } from "./identity.ts";

export const DEFAULT_POLICY_FILE = path.join(REPO_ROOT, "governance", "policy.yml");

export const ENVIRONMENT_STRATEGIES = [
  "rebuild-from-context",
  "recreate-from-image",
  "reference-dev-registry",
] as const;
export type EnvironmentStrategy = (typeof ENVIRONMENT_STRATEGIES)[number];
export const PROMOTABLE_DATA_CLASSES = ["validation", "reference"] as const;
export type PromotableDataClass = (typeof PROMOTABLE_DATA_CLASSES)[number];

/** Who a rule admits. A user matches `principals` by UPN, a service principal by app id (case-insensitive). */
export interface PrincipalSet {
  principals: string[];
  objectIds: string[];
  /** Group object ids, matched against the token's `groups` claim. */
  groups: string[];
}

export interface GovernancePolicy {
  /** Where the policy came from (a file path or "(built-in defaults)"). */
  source: string;
  approvers: PrincipalSet;
  /** e.g. "24h"; approvalTtlMs is the same in milliseconds. */
  approvalTtl: string;
  approvalTtlMs: number;
  minApprovals: number;
  separationOfDuties: true;
  promotableDataClasses: PromotableDataClass[];
  environmentStrategy: EnvironmentStrategy;
  allowedEnvironmentStrategies: EnvironmentStrategy[];
  breakglass: { allowed: boolean; principals: PrincipalSet; ttl: string; ttlMs: number };
  /** CI issuers whose OIDC tokens name the person behind a CI-filed request (ci-identity.ts). */
  ci: { trustedIssuers: TrustedCiIssuer[] };
  /** Rules over evidence (metrics, model card, file scan, license, pinned images, champion/challenger). */
  evidence: EvidenceSettings;
}

/** An OIDC issuer of CI tokens and where its signing keys are published. */
export interface TrustedCiIssuer {
  issuer: string;
  jwksUri: string;
}

/** GitHub Actions, from https://token.actions.githubusercontent.com/.well-known/openid-configuration. */
export const GITHUB_ACTIONS_ISSUER: TrustedCiIssuer = {
  issuer: "https://token.actions.githubusercontent.com",
  jwksUri: "https://token.actions.githubusercontent.com/.well-known/jwks",
};

/** The policy file's shape (what a person writes). */
interface PolicyFile {
  version: 1;
  approvals?: {
    approvers?: Partial<PrincipalSet>;
    ttl?: string;
    minApprovals?: number;
    separationOfDuties?: boolean;
  };
  promotion?: {
    promotableDataClasses?: PromotableDataClass[];
    environmentStrategy?: EnvironmentStrategy;
    allowedEnvironmentStrategies?: EnvironmentStrategy[];
  };
  breakglass?: { allowed?: boolean; principals?: Partial<PrincipalSet>; ttl?: string };
  ci?: { trustedIssuers?: TrustedCiIssuer[] };
  evidence?: EvidenceSection;
}

const DURATION = "^[1-9][0-9]*(m|h|d)$";
const stringList = { type: "array", items: { type: "string", minLength: 1 }, uniqueItems: true };
const principalSet = {
  type: "object",
  additionalProperties: false,
  properties: { principals: stringList, objectIds: stringList, groups: stringList },
};
const schema = {
  type: "object",
  additionalProperties: false,
  required: ["version"],
  properties: {
    version: { const: 1 },
    approvals: {
      type: "object",
      additionalProperties: false,
      properties: {
        approvers: principalSet,
        ttl: { type: "string", pattern: DURATION },
        minApprovals: { type: "integer", minimum: 1, maximum: 10 },
        separationOfDuties: { type: "boolean" },
      },
    },
    promotion: {
      type: "object",
      additionalProperties: false,
      properties: {
        promotableDataClasses: {
          type: "array",
          items: { enum: [...PROMOTABLE_DATA_CLASSES] },
          uniqueItems: true,
        },
        environmentStrategy: { enum: [...ENVIRONMENT_STRATEGIES] },
        allowedEnvironmentStrategies: {
          type: "array",
          items: { enum: [...ENVIRONMENT_STRATEGIES] },
          uniqueItems: true,
          minItems: 1,
        },
      },
    },
    breakglass: {
      type: "object",
      additionalProperties: false,
      properties: {
        allowed: { type: "boolean" },
        principals: principalSet,
        ttl: { type: "string", pattern: DURATION },
      },
    },
    ci: {
      type: "object",
      additionalProperties: false,
      properties: {
        trustedIssuers: {
          type: "array",
          items: {
            type: "object",
            additionalProperties: false,
            required: ["issuer", "jwksUri"],
            // https only: a key set fetched in clear could be swapped on the way.
            properties: {
              issuer: { type: "string", format: "uri", pattern: "^https://" },
              jwksUri: { type: "string", format: "uri", pattern: "^https://" },
            },
          },
        },
      },
    },
    evidence: EVIDENCE_SCHEMA,
  },
};
const validate = compileSchema<PolicyFile>(schema);

/** Loads and validates a policy file (default: AIRLOCK_POLICY, else governance/policy.yml). */
export async function loadPolicy(
  file: string = process.env.AIRLOCK_POLICY ?? DEFAULT_POLICY_FILE,
): Promise<GovernancePolicy> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new NotFoundError("POLICY_NOT_FOUND", `governance policy file not found: ${file}`, { file });
    }
    throw new InputError(
      "POLICY_INVALID",
      `cannot read the governance policy ${file}: ${(error as Error).message}`,
    );
  }
  return parsePolicy(text, file);
}

/**
 * Policies parsed before: a process that runs many commands (the console, a test run) reads the file every
 * time but parses a given text once.
 */
const parsedPolicies = frozenMemo<GovernancePolicy>(16);

/** Parses policy YAML; `source` names the file in error messages. */
export function parsePolicy(text: string, source = "policy"): GovernancePolicy {
  return parsedPolicies(`${source}\0${text}`, () => parseNewPolicy(text, source));
}

function parseNewPolicy(text: string, source: string): GovernancePolicy {
  let document: unknown;
  try {
    document = parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    throw new InputError(
      "POLICY_INVALID",
      `${source}: not valid YAML: ${(error as Error).message.split("\n")[0]}`,
      {
        file: source,
      },
    );
  }
  return policyFromDocument(document, source);
}

/** Validates an already parsed policy document and fills in defaults. */
export function policyFromDocument(document: unknown, source = "policy"): GovernancePolicy {
  const problems: string[] = [];
  const approvals = (document as PolicyFile | null)?.approvals;
  if (approvals?.separationOfDuties === false) {
    problems.push("approvals.separationOfDuties: separation of duties is always on and cannot be turned off");
  }
  if (!validate(document)) problems.push(...describeSchemaErrors(validate.errors));
  if (problems.length === 0) {
    const file = document as PolicyFile;
    const strategy = file.promotion?.environmentStrategy;
    const allowed = file.promotion?.allowedEnvironmentStrategies;
    if (strategy && allowed && !allowed.includes(strategy)) {
      problems.push(
        `promotion.environmentStrategy: "${strategy}" is not in promotion.allowedEnvironmentStrategies (${allowed.join(", ")})`,
      );
    }
    const issuers = (file.ci?.trustedIssuers ?? []).map((entry) => entry.issuer);
    const repeated = issuers.find((issuer, i) => issuers.indexOf(issuer) !== i);
    if (repeated) problems.push(`ci.trustedIssuers: issuer "${repeated}" is listed twice`);
  }
  if (problems.length > 0) {
    throw new InputError("POLICY_INVALID", `${source}: ${problems.join("; ")}`, { file: source, problems });
  }
  const file = document as PolicyFile;
  const ttl = file.approvals?.ttl ?? "24h";
  const breakglassTtl = file.breakglass?.ttl ?? "4h";
  return {
    source,
    approvers: principalSetOf(file.approvals?.approvers),
    approvalTtl: ttl,
    approvalTtlMs: durationMs(ttl),
    minApprovals: file.approvals?.minApprovals ?? 1,
    separationOfDuties: true,
    promotableDataClasses: file.promotion?.promotableDataClasses ?? [...PROMOTABLE_DATA_CLASSES],
    environmentStrategy: file.promotion?.environmentStrategy ?? "rebuild-from-context",
    allowedEnvironmentStrategies: file.promotion?.allowedEnvironmentStrategies ?? [...ENVIRONMENT_STRATEGIES],
    breakglass: {
      allowed: file.breakglass?.allowed ?? false,
      principals: principalSetOf(file.breakglass?.principals),
      ttl: breakglassTtl,
      ttlMs: durationMs(breakglassTtl),
    },
    ci: { trustedIssuers: file.ci?.trustedIssuers ?? [{ ...GITHUB_ACTIONS_ISSUER }] },
    evidence: evidenceOf(file.evidence, source),
  };
}

/** The built-in defaults: nobody may approve until a policy names approvers (fail closed). */
export function defaultPolicy(): GovernancePolicy {
  return policyFromDocument({ version: 1 }, "(built-in defaults)");
}

/** The subset of an identity a rule can look at; ledger actors carry the groups recorded at approval time. */
export interface PrincipalFacts {
  objectId: string;
  name: string;
  kind: "user" | "servicePrincipal";
  upn?: string;
  appId?: string;
  groups?: readonly string[];
}

/** Which entry of `set` admits `who`, or undefined. */
export function matchPrincipal(set: PrincipalSet, who: PrincipalFacts): string | undefined {
  const oid = who.objectId.toLowerCase();
  if (set.objectIds.some((id) => id.toLowerCase() === oid)) return `objectId ${who.objectId}`;
  const names = (who.kind === "user" ? [who.upn ?? who.name] : [who.appId]).filter(
    (name): name is string => typeof name === "string",
  );
  for (const entry of set.principals) {
    if (names.some((name) => name.toLowerCase() === entry.toLowerCase())) return `principal ${entry}`;
  }
  const groups = new Set((who.groups ?? []).map((group) => group.toLowerCase()));
  const group = set.groups.find((id) => groups.has(id.toLowerCase()));
  return group ? `group ${group}` : undefined;
}

/** Group ids of `who` that the policy's approver or breakglass rules mention (kept as approval evidence). */
export function relevantGroups(policy: GovernancePolicy, who: Pick<Identity, "groups">): string[] {
  const named = new Set(
    [...policy.approvers.groups, ...policy.breakglass.principals.groups].map((g) => g.toLowerCase()),
  );
  return who.groups.filter((group) => named.has(group.toLowerCase()));
}

/** Throws GateError (DATA_CLASS_NOT_PROMOTABLE) unless the policy lets this data class leave dev. */
export function assertDataClassPromotable(policy: GovernancePolicy, dataClass: string | undefined): void {
  if (dataClass && (policy.promotableDataClasses as string[]).includes(dataClass)) return;
  throw new GateError(
    "DATA_CLASS_NOT_PROMOTABLE",
    `data of class "${dataClass ?? "untagged"}" may not leave dev; the policy (${policy.source}) promotes only ${policy.promotableDataClasses.join(", ")} data`,
    { dataClass: dataClass ?? "untagged", promotable: policy.promotableDataClasses },
  );
}

export interface EnvironmentStrategyChoice {
  strategy: EnvironmentStrategy;
  /** True when the caller asked for it; false when it is the policy default. */
  explicit: boolean;
  /** True when prod will depend on something in dev (the dev registry or its container registry). */
  crossEnvironmentDependency: boolean;
  note: string;
}

/**
 * Picks the environment strategy: the caller's explicit choice if the policy allows it, else the policy's
 * default. Referencing the dev registry is a cross-environment dependency (errata 7) and must be explicit.
 */
export function chooseEnvironmentStrategy(
  policy: GovernancePolicy,
  requested?: string,
): EnvironmentStrategyChoice {
  if (requested !== undefined && !(ENVIRONMENT_STRATEGIES as readonly string[]).includes(requested)) {
    throw new InputError(
      "ENVIRONMENT_STRATEGY_UNKNOWN",
      `unknown environment strategy "${requested}" (expected one of ${ENVIRONMENT_STRATEGIES.join(", ")})`,
    );
  }
  const strategy = (requested ?? policy.environmentStrategy) as EnvironmentStrategy;
  if (!policy.allowedEnvironmentStrategies.includes(strategy)) {
    throw new GateError(
      "ENVIRONMENT_STRATEGY_NOT_ALLOWED",
      `environment strategy "${strategy}" is not allowed by the policy (${policy.source}); allowed: ${policy.allowedEnvironmentStrategies.join(", ")}`,
    );
  }
  const notes: Record<EnvironmentStrategy, string> = {
    "rebuild-from-context":
      "rebuilt in prod from the version-controlled definition (conda file or Docker build context): no dev dependency",
    "recreate-from-image":
      "recreated in the prod workspace from the built image reference: prod pulls that image, so an image built in the dev container registry is a dev dependency",
    "reference-dev-registry":
      "prod references the dev registry's environment: a cross-environment dependency on the dev registry and its container registry",
  };
  return {
    strategy,
    explicit: requested !== undefined,
    crossEnvironmentDependency: strategy === "reference-dev-registry",
    note: notes[strategy],
  };
}

/** "90m" | "24h" | "7d" → milliseconds. */
export function durationMs(text: string): number {
  const match = /^([1-9][0-9]*)(m|h|d)$/.exec(text);
  if (!match) throw new InputError("DURATION_INVALID", `"${text}" is not a duration like 90m, 24h or 7d`);
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as "m" | "h" | "d"];
  return Number(match[1]) * unit;
}

/** The evidence section's settings; a malformed metric rule is named with the policy file. */
function evidenceOf(section: EvidenceSection | undefined, source: string): EvidenceSettings {
  try {
    return evidenceSettings(section);
  } catch (error) {
    if (error instanceof InputError) {
      throw new InputError("POLICY_INVALID", `${source}: ${error.message}`, { file: source });
    }
    throw error;
  }
}

function principalSetOf(set: Partial<PrincipalSet> | undefined): PrincipalSet {
  return { principals: set?.principals ?? [], objectIds: set?.objectIds ?? [], groups: set?.groups ?? [] };
}
