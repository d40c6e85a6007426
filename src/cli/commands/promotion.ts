/** @module cli/commands/promotion — register, share, request, approve, reject, status, promote. */
import { createProgressReporter, type UploadProgress } from "../../assets/index.ts";
import { InputError } from "../../errors.ts";
import type { ApprovalRequest, RequestStatus } from "../../governance/approvals.ts";
import { loadPolicy } from "../../governance/policy.ts";
import {
  approveRequest,
  breakglassPromotion,
  rejectRequest,
  requestDeployment,
  requestPromotion,
  requestStatuses,
} from "../../promotion/gate.ts";
import { parseAssetSpec, promote, shareToDevRegistry } from "../../promotion/promote.ts";
import { registerAssetFile } from "../../promotion/register.ts";
import type { StepDescription, StepResult } from "../../promotion/workflow.ts";
import { printResult, progress } from "../output.ts";
import { connectFrom, type TargetOptions } from "./target.ts";

function assertTargetEnv(to: string | undefined): void {
  if (to !== undefined && to !== "prod") {
    throw new InputError("TARGET_INVALID", `--to must be prod (promotion goes dev → prod only), not "${to}"`);
  }
}

export async function registerCommand(file: string, options: TargetOptions & { env: string; root?: string }) {
  if (options.env !== "dev" && options.env !== "prod") {
    throw new InputError("ARG_INVALID", `--env must be dev or prod, not "${options.env}"`);
  }
  const connection = await connectFrom(options);
  // Created on the first progress event, once the upload knows its size (nothing is drawn when nothing uploads).
  let reporter: ReturnType<typeof createProgressReporter> | undefined;
  const result = await registerAssetFile(connection, file, {
    env: options.env,
    ...(options.root ? { root: options.root } : {}),
    ...(options.json
      ? {}
      : {
          onProgress: (p: UploadProgress) => {
            reporter ??= createProgressReporter({ label: `upload ${file}`, totalBytes: p.totalBytes });
            reporter.update(p.loadedBytes, p.totalBytes);
          },
        }),
  });
  reporter?.done();
  printResult(options, result, () =>
    result.status === "created"
      ? `registered ${result.kind} ${result.name}@${result.version} in the ${result.env} workspace (${result.uploadedBytes} bytes uploaded)\n  digest ${result.digest}`
      : `${result.kind} ${result.name}@${result.version} is already registered with the same content (${result.digest}); reused`,
  );
}

export async function shareCommand(kind: string, text: string, options: TargetOptions) {
  const asset = parseAssetSpec(kind, text);
  const connection = await connectFrom(options);
  const shared = await shareToDevRegistry(connection, asset);
  printResult(options, { asset, ...shared }, () =>
    shared.status === "shared"
      ? `shared to ${shared.reference}`
      : `${shared.reference}: ${shared.detail}; nothing to share`,
  );
}

interface DeploymentRequestOptions {
  model?: string;
  code?: string;
  scoringScript?: string;
  environment?: string;
  instanceType?: string;
  instanceCount?: number;
  env?: string[];
}

export async function requestCommand(
  kind: string,
  text: string,
  options: TargetOptions &
    DeploymentRequestOptions & { to?: string; justification?: string; file?: string; signingKey?: string },
) {
  assertTargetEnv(options.to);
  const signing = options.signingKey ? { signingKey: options.signingKey } : {};
  const justification = options.justification ? { justification: options.justification } : {};
  if (kind === "deployment") {
    if (!options.model || !options.code) {
      throw new InputError(
        "ARG_REQUIRED",
        "a deployment request needs --model <name@version> and --code <folder>",
      );
    }
    const connection = await connectFrom(options);
    const request = await requestDeployment(connection, await loadPolicy(), {
      endpoint: text,
      model: options.model,
      code: options.code,
      ...(options.scoringScript ? { scoringScript: options.scoringScript } : {}),
      ...(options.environment ? { environment: options.environment } : {}),
      ...(options.instanceType ? { instanceType: options.instanceType } : {}),
      ...(options.instanceCount !== undefined ? { instanceCount: options.instanceCount } : {}),
      environmentVariables: parseEnvironmentVariables(options.env ?? []),
      ...justification,
      ...signing,
    });
    printResult(options, request, () => requestLines(request));
    return;
  }
  const asset = parseAssetSpec(kind, text);
  const connection = await connectFrom(options);
  const request = await requestPromotion(connection, asset, await loadPolicy(), {
    ...justification,
    ...(options.file ? { file: options.file } : {}),
    ...signing,
  });
  printResult(options, request, () => requestLines(request));
}

function requestLines(request: ApprovalRequest): string {
  const asset = request.asset;
  return [
    `requested approval ${request.requestId} (signed)`,
    `  ${asset.kind} ${asset.name}@${asset.version} → ${request.target}`,
    `  digest ${request.digest}`,
    ...(request.deployment ? [`  deployment bundle ${request.manifestDigest}`] : []),
    `  requested by ${request.requester.name}; expires ${request.expiresAt}`,
    `  another approver runs: airlock approve ${request.requestId}`,
  ].join("\n");
}

/** `--env KEY=VALUE` values as a map; a malformed one is refused. */
export function parseEnvironmentVariables(values: readonly string[]): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const value of values) {
    const at = value.indexOf("=");
    if (at <= 0) throw new InputError("ENVIRONMENT_VARIABLE_INVALID", `--env ${value}: expected KEY=VALUE`);
    variables[value.slice(0, at)] = value.slice(at + 1);
  }
  return variables;
}

export async function approveCommand(
  requestId: string,
  options: TargetOptions & { comment?: string; signingKey?: string },
) {
  const connection = await connectFrom(options);
  const { status, recorded } = await approveRequest(connection, requestId, await loadPolicy(), {
    ...(options.comment ? { comment: options.comment } : {}),
    ...(options.signingKey ? { signingKey: options.signingKey } : {}),
  });
  printResult(
    options,
    { recorded, ...summarize(status) },
    () =>
      `${recorded ? "approved (signed)" : "already approved by you:"} ${status.request.requestId} (${status.request.asset.kind} ${status.request.asset.name}@${status.request.asset.version} → ${status.request.target}, ${status.state})`,
  );
}

export async function rejectCommand(
  requestId: string,
  options: TargetOptions & { reason: string; signingKey?: string },
) {
  const connection = await connectFrom(options);
  const { status, recorded } = await rejectRequest(
    connection,
    requestId,
    await loadPolicy(),
    options.reason,
    options.signingKey ? { signingKey: options.signingKey } : {},
  );
  printResult(
    options,
    { recorded, ...summarize(status) },
    () => `${recorded ? "rejected (signed)" : "already rejected:"} ${status.request.requestId}`,
  );
}

export async function statusCommand(
  requestId: string | undefined,
  options: TargetOptions & { state?: string; asset?: string },
) {
  const connection = await connectFrom(options);
  const { requests: statuses, ignored } = await requestStatuses(connection, await loadPolicy(), {
    ...(requestId ? { requestId } : {}),
    ...(options.state ? { state: options.state } : {}),
    ...(options.asset ? { asset: options.asset } : {}),
  });
  if (requestId && statuses.length === 0) {
    const { NotFoundError } = await import("../../errors.ts");
    const why = ignored.find((i) => i.requestId?.startsWith(requestId));
    throw new NotFoundError(
      "REQUEST_NOT_FOUND",
      why
        ? `Approval request ${requestId} does not count: ${why.reason} (${why.code}).`
        : `No approval request ${requestId} in the ledger.`,
    );
  }
  printResult(options, { requests: statuses.map(summarize), ignored }, () => {
    const lines =
      statuses.length === 0
        ? ["no approval requests"]
        : statuses.map((s) => {
            const a = s.request.asset;
            const by = s.validApprovals.map((v) => v.person).join(", ");
            return `${s.request.requestId}  ${s.state.padEnd(10)} ${a.kind} ${a.name}@${a.version} → ${s.request.target}  requested by ${s.requesterPerson}${by ? `; approved by ${by}` : ""}`;
          });
    for (const i of ignored) {
      lines.push(
        `  not counted: ledger #${i.seq} ${i.type}${i.requestId ? ` (${i.requestId})` : ""}: ${i.code} — ${i.reason}`,
      );
    }
    return lines.join("\n");
  });
}

function summarize(status: RequestStatus) {
  return {
    requestId: status.request.requestId,
    state: status.state,
    asset: status.request.asset,
    target: status.request.target,
    digest: status.request.digest,
    requestedBy: status.requesterPerson,
    requestedAt: status.requestedAt,
    expiresAt: status.effectiveExpiresAt,
    approvedBy: status.validApprovals.map((a) => ({ name: a.person, at: a.at })),
    ...(status.rejection ? { rejectedBy: status.rejection.person, reason: status.rejection.reason } : {}),
    ...(status.request.deployment ? { deployment: status.request.deployment } : {}),
    ...(status.supersededBy ? { supersededBy: status.supersededBy } : {}),
  };
}

export async function promoteCommand(
  kind: string,
  text: string,
  options: TargetOptions & { to?: string; plan?: boolean; strategy?: string; file?: string; runUrl?: string },
) {
  assertTargetEnv(options.to);
  const asset = parseAssetSpec(kind, text);
  const connection = await connectFrom(options);
  const runUrl = connection.runUrl;
  const result = await promote(connection, asset, await loadPolicy(), {
    ...(options.plan ? { dryRun: true } : {}),
    ...(options.strategy ? { strategy: options.strategy } : {}),
    ...(options.file ? { file: options.file } : {}),
    ...(runUrl ? { runUrl } : {}),
    events: {
      stepStarted: (d: StepDescription, index: number, total: number) =>
        progress(options, `[${index + 1}/${total}] ${d.title} …`),
      stepFinished: (_d: StepDescription, r: StepResult & { resumed: boolean }) =>
        progress(
          options,
          `      ${r.resumed ? "resumed (done earlier)" : r.status}${r.detail ? `: ${r.detail}` : ""}`,
        ),
    },
  });
  printResult(options, result, () => {
    const lines = [
      `${result.dryRun ? "plan for" : result.alreadyComplete ? "already promoted:" : "promoted"} ${asset.kind} ${asset.name}@${asset.version} → ${result.target}`,
      `  digest ${result.digest}   promotion ${result.promotionId}`,
    ];
    if (result.strategy)
      lines.push(
        `  environment strategy ${result.strategy.strategy}${result.strategy.explicit ? "" : " (policy default)"}: ${result.strategy.note}`,
      );
    if (result.dryRun) {
      for (const [i, step] of result.steps.entries()) {
        const bytes = step.bytes ? `  (${step.bytes} bytes)` : "";
        lines.push(`  ${i + 1}. ${step.title}${step.target ? `  [${step.target}]` : ""}${bytes}`);
        for (const note of step.notes ?? []) lines.push(`       ${note}`);
      }
      lines.push("  (nothing changed)");
    }
    if (result.targetReference) lines.push(`  prod reference ${result.targetReference}`);
    if (result.crossEnvironmentDependency)
      lines.push(
        `  WARNING cross-environment dependency: prod depends on ${result.crossEnvironmentDependency}`,
      );
    return lines.join("\n");
  });
}

export async function breakglassCommand(
  kind: string,
  text: string,
  options: TargetOptions & { reason: string; file?: string; signingKey?: string },
) {
  const asset = parseAssetSpec(kind, text);
  const connection = await connectFrom(options);
  const grant = await breakglassPromotion(connection, asset, await loadPolicy(), options.reason, {
    ...(options.file ? { file: options.file } : {}),
    ...(options.signingKey ? { signingKey: options.signingKey } : {}),
  });
  printResult(options, grant, () =>
    [
      `BREAKGLASS ${grant.breakglassId} recorded in the ledger (#${grant.seq})`,
      `  ${asset.kind} ${asset.name}@${asset.version} → ${grant.target}, digest ${grant.digest}`,
      `  by ${grant.person} (signed); valid until ${grant.expiresAt}; reason: ${grant.reason}`,
      `  now: airlock promote ${asset.kind} ${asset.name}@${asset.version} --to prod`,
    ].join("\n"),
  );
}
