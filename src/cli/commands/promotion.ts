/** @module cli/commands/promotion — register, share, request, approve, reject, status, promote. */
import { createProgressReporter, type UploadProgress } from "../../assets/index.ts";
import { InputError } from "../../errors.ts";
import type { RequestStatus } from "../../governance/approvals.ts";
import { loadPolicy } from "../../governance/policy.ts";
import {
  approveRequest,
  breakglassPromotion,
  rejectRequest,
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

export async function requestCommand(
  kind: string,
  text: string,
  options: TargetOptions & { to?: string; justification?: string; file?: string },
) {
  assertTargetEnv(options.to);
  const asset = parseAssetSpec(kind, text);
  const connection = await connectFrom(options);
  const request = await requestPromotion(connection, asset, await loadPolicy(), {
    ...(options.justification ? { justification: options.justification } : {}),
    ...(options.file ? { file: options.file } : {}),
  });
  printResult(options, request, () =>
    [
      `requested approval ${request.requestId}`,
      `  ${asset.kind} ${asset.name}@${asset.version} → ${request.target}`,
      `  digest ${request.digest}`,
      `  requested by ${request.requester.name}; expires ${request.expiresAt}`,
      `  another approver runs: airlock approve ${request.requestId}`,
    ].join("\n"),
  );
}

export async function approveCommand(requestId: string, options: TargetOptions & { comment?: string }) {
  const connection = await connectFrom(options);
  const { status, recorded } = await approveRequest(
    connection,
    requestId,
    await loadPolicy(),
    options.comment ?? "",
  );
  printResult(
    options,
    { recorded, ...summarize(status) },
    () =>
      `${recorded ? "approved" : "already approved by you:"} ${requestId} (${status.request.asset.kind} ${status.request.asset.name}@${status.request.asset.version}, ${status.state})`,
  );
}

export async function rejectCommand(requestId: string, options: TargetOptions & { reason: string }) {
  const connection = await connectFrom(options);
  const { status, recorded } = await rejectRequest(connection, requestId, await loadPolicy(), options.reason);
  printResult(
    options,
    { recorded, ...summarize(status) },
    () => `${recorded ? "rejected" : "already rejected:"} ${requestId}`,
  );
}

export async function statusCommand(
  requestId: string | undefined,
  options: TargetOptions & { state?: string; asset?: string },
) {
  const connection = await connectFrom(options);
  const statuses = await requestStatuses(connection, await loadPolicy(), {
    ...(requestId ? { requestId } : {}),
    ...(options.state ? { state: options.state } : {}),
    ...(options.asset ? { asset: options.asset } : {}),
  });
  if (requestId && statuses.length === 0) {
    const { NotFoundError } = await import("../../errors.ts");
    throw new NotFoundError("REQUEST_NOT_FOUND", `No approval request ${requestId} in the ledger.`);
  }
  printResult(options, statuses.map(summarize), () =>
    statuses.length === 0
      ? "no approval requests"
      : statuses
          .map((s) => {
            const a = s.request.asset;
            const by = s.validApprovals.map((v) => v.approver.name).join(", ");
            return `${s.request.requestId}  ${s.state.padEnd(10)} ${a.kind} ${a.name}@${a.version} → ${s.request.target}  requested by ${s.request.requester.name}${by ? `; approved by ${by}` : ""}`;
          })
          .join("\n"),
  );
}

function summarize(status: RequestStatus) {
  return {
    requestId: status.request.requestId,
    state: status.state,
    asset: status.request.asset,
    target: status.request.target,
    digest: status.request.digest,
    requestedBy: status.request.requester.name,
    requestedAt: status.request.requestedAt,
    expiresAt: status.request.expiresAt,
    approvedBy: status.validApprovals.map((a) => ({ name: a.approver.name, at: a.at })),
    ...(status.rejection ? { rejectedBy: status.rejection.by.name, reason: status.rejection.reason } : {}),
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
  options: TargetOptions & { reason: string; file?: string },
) {
  const asset = parseAssetSpec(kind, text);
  const connection = await connectFrom(options);
  const grant = await breakglassPromotion(connection, asset, await loadPolicy(), options.reason, {
    ...(options.file ? { file: options.file } : {}),
  });
  printResult(options, grant, () =>
    [
      `BREAKGLASS ${grant.breakglassId} recorded in the ledger (#${grant.seq})`,
      `  ${asset.kind} ${asset.name}@${asset.version} → ${grant.target}, digest ${grant.digest}`,
      `  by ${grant.by.name}; valid until ${grant.expiresAt}; reason: ${grant.reason}`,
      `  now: airlock promote ${asset.kind} ${asset.name}@${asset.version} --to prod`,
    ].join("\n"),
  );
}
