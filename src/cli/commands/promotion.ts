/** @module cli/commands/promotion — register, share, request, approve, reject, status, promote. */
import { createProgressReporter, type UploadProgress } from "../../assets/index.ts";
import { InputError } from "../../errors.ts";
import type { ApprovalRequest } from "../../governance/approvals.ts";
import { loadPolicy } from "../../governance/policy.ts";
import type { AssetSpec } from "../../promotion/asset-spec.ts";
import type { StepDescription, StepResult } from "../../promotion/workflow.ts";
import { type AssetRefOptions, atVersion, parseAssetRef, refText, resolveAssetRef } from "../asset-ref.ts";
import { readDeploymentFiles } from "../deployment-file.ts";
import { printResult, progress } from "../output.ts";
import { requestView, targetView } from "../views.ts";
import { connectFrom, type TargetOptions } from "./target.ts";

// The promotion library, loaded once a command has connected: a command that cannot (no twin, bad input)
// never loads it, nor the Azure storage library it brings — most of such a command's start-up.
const gate = () => import("../../promotion/gate.ts");
const promotion = () => import("../../promotion/promote.ts");

/** The asset a command names, as a concrete version (a label resolved), and a connection acting as the caller. */
async function assetAndConnection(
  kind: string,
  text: string | undefined,
  options: TargetOptions & AssetRefOptions,
  how: { writes: boolean },
): Promise<{ asset: AssetSpec; connection: Awaited<ReturnType<typeof connectFrom>> }> {
  const ref = parseAssetRef(kind, text, options);
  const connection = await connectFrom(options, how);
  return { asset: await resolveAssetRef(connection, ref), connection };
}

function assertTargetEnv(to: string | undefined): void {
  if (to !== undefined && to !== "prod") {
    throw new InputError("TARGET_INVALID", `--to must be prod (promotion goes dev → prod only), not "${to}"`);
  }
}

export async function registerCommand(
  argument: string | undefined,
  options: TargetOptions & { env: string; root?: string; file?: string },
) {
  if (argument !== undefined && options.file !== undefined && argument !== options.file)
    throw new InputError("ARG_CONFLICT", `give the asset file once: "${argument}" or -f ${options.file}`);
  const file = argument ?? options.file;
  if (!file)
    throw new InputError("ARG_REQUIRED", "which asset file? airlock register -f <file.yml> --env dev");
  if (options.env !== "dev" && options.env !== "prod") {
    throw new InputError("ARG_INVALID", `--env must be dev or prod, not "${options.env}"`);
  }
  const connection = await connectFrom(options, { writes: true });
  // Created on the first progress event, once the upload knows its size (nothing is drawn when nothing uploads).
  let reporter: ReturnType<typeof createProgressReporter> | undefined;
  const { registerAssetFile } = await import("../../promotion/register.ts");
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
  const view = {
    asset: { kind: result.kind, name: result.name, version: result.version },
    scope: { type: "workspace", name: connection.env(result.env).names.workspace, env: result.env },
    digest: result.binding === "reference" ? null : result.digest,
    binding: result.binding,
    status: result.status,
    uploadedBytes: result.uploadedBytes,
    assetId: result.assetId,
  };
  printResult(options, view, () =>
    result.binding === "reference"
      ? `${result.status === "created" ? "registered" : "already registered:"} ${result.kind} ${refText(result)} in the ${result.env} workspace by reference to its remote path, as az ml does\n  no digest binds bytes Airlock did not read, so it cannot be requested for prod; register a local copy to promote it`
      : result.status === "created"
        ? `registered ${result.kind} ${refText(result)} in the ${result.env} workspace (${result.uploadedBytes} bytes uploaded)\n  digest ${result.digest}`
        : `${result.kind} ${refText(result)} is already registered with the same content (${result.digest}); reused`,
  );
}

export async function shareCommand(
  kind: string,
  text: string | undefined,
  options: TargetOptions & AssetRefOptions,
) {
  const { asset, connection } = await assetAndConnection(kind, text, options, { writes: true });
  const { shareToDevRegistry } = await promotion();
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
  text: string | undefined,
  options: TargetOptions &
    AssetRefOptions &
    DeploymentRequestOptions & { to?: string; justification?: string; file?: string; signingKey?: string },
) {
  assertTargetEnv(options.to);
  const signing = options.signingKey ? { signingKey: options.signingKey } : {};
  const justification = options.justification ? { justification: options.justification } : {};
  if (kind === "deployment") {
    // -f deployment.yml (az ml's managedOnlineDeployment) fills what the flags leave out; flags win.
    const file = options.file ? await readDeploymentFiles([options.file]) : {};
    const model = atVersion(options.model ?? file.model);
    const code = options.code ?? file.code;
    if (!model || !code) {
      throw new InputError(
        "ARG_REQUIRED",
        "a deployment request needs --model <name:version> and --code <folder> (or -f deployment.yml)",
      );
    }
    const endpoint = text ?? options.name ?? file.endpoint;
    if (!endpoint)
      throw new InputError("ARG_REQUIRED", "which endpoint? airlock request deployment <endpoint> …");
    const scoringScript = options.scoringScript ?? file.scoringScript;
    const environment = atVersion(options.environment ?? file.environment);
    const instanceType = options.instanceType ?? file.instanceType;
    const instanceCount = options.instanceCount ?? file.instanceCount;
    const connection = await connectFrom(options, { writes: true });
    const { requestDeployment } = await gate();
    const request = await requestDeployment(connection, await loadPolicy(), {
      endpoint,
      model,
      code,
      ...(scoringScript ? { scoringScript } : {}),
      ...(environment ? { environment } : {}),
      ...(instanceType ? { instanceType } : {}),
      ...(instanceCount !== undefined ? { instanceCount } : {}),
      environmentVariables: {
        ...(file.environmentVariables ?? {}),
        ...parseEnvironmentVariables(options.env ?? []),
      },
      ...justification,
      ...signing,
    });
    await printRequest(connection, options, request);
    return;
  }
  const { asset, connection } = await assetAndConnection(kind, text, options, { writes: true });
  const { requestPromotion } = await gate();
  const request = await requestPromotion(connection, asset, await loadPolicy(), {
    ...justification,
    ...(options.file ? { file: options.file } : {}),
    ...signing,
  });
  await printRequest(connection, options, request);
}

/** A new request prints as `status` shows it (the same shape as approve and reject), plus `recorded`. */
async function printRequest(
  connection: Awaited<ReturnType<typeof connectFrom>>,
  options: TargetOptions,
  request: ApprovalRequest,
) {
  const { requestStatuses } = await gate();
  const { requests } = await requestStatuses(connection, await loadPolicy(), {
    requestId: request.requestId,
  });
  const status = requests[0];
  printResult(options, { recorded: true, ...(status ? requestView(status) : {}) }, () =>
    requestLines(request),
  );
}

function requestLines(request: ApprovalRequest): string {
  const asset = request.asset;
  return [
    `requested approval ${request.requestId} (signed)`,
    `  ${asset.kind} ${refText(asset)} → ${request.target}`,
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
  const connection = await connectFrom(options, { writes: true });
  const { approveRequest } = await gate();
  const { status, recorded } = await approveRequest(connection, requestId, await loadPolicy(), {
    ...(options.comment ? { comment: options.comment } : {}),
    ...(options.signingKey ? { signingKey: options.signingKey } : {}),
  });
  printResult(
    options,
    { recorded, ...requestView(status) },
    () =>
      `${recorded ? "approved (signed)" : "already approved by you:"} ${status.request.requestId} (${status.request.asset.kind} ${refText(status.request.asset)} → ${status.request.target}, ${status.state})`,
  );
}

export async function rejectCommand(
  requestId: string,
  options: TargetOptions & { reason: string; signingKey?: string },
) {
  const connection = await connectFrom(options, { writes: true });
  const { rejectRequest } = await gate();
  const { status, recorded } = await rejectRequest(
    connection,
    requestId,
    await loadPolicy(),
    options.reason,
    options.signingKey ? { signingKey: options.signingKey } : {},
  );
  printResult(
    options,
    { recorded, ...requestView(status) },
    () => `${recorded ? "rejected (signed)" : "already rejected:"} ${status.request.requestId}`,
  );
}

export async function statusCommand(
  requestId: string | undefined,
  options: TargetOptions & { state?: string; asset?: string },
) {
  const connection = await connectFrom(options);
  const { requestStatuses } = await gate();
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
  printResult(options, { requests: statuses.map(requestView), ignored }, () => {
    const lines =
      statuses.length === 0
        ? ["no approval requests"]
        : statuses.map((s) => {
            const a = s.request.asset;
            const by = s.validApprovals.map((v) => v.person).join(", ");
            return `${s.request.requestId}  ${s.state.padEnd(10)} ${a.kind} ${refText(a)} → ${s.request.target}  requested by ${s.requesterPerson}${by ? `; approved by ${by}` : ""}`;
          });
    for (const i of ignored) {
      lines.push(
        `  not counted: ledger #${i.seq} ${i.type}${i.requestId ? ` (${i.requestId})` : ""}: ${i.code} — ${i.reason}`,
      );
    }
    return lines.join("\n");
  });
}

export async function promoteCommand(
  kind: string,
  text: string | undefined,
  options: TargetOptions &
    AssetRefOptions & { to?: string; plan?: boolean; strategy?: string; file?: string; runUrl?: string },
) {
  assertTargetEnv(options.to);
  const { asset, connection } = await assetAndConnection(kind, text, options, { writes: !options.plan });
  const runUrl = connection.runUrl;
  const { promote } = await promotion();
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
  const changes = result.dryRun
    ? result.alreadyComplete
      ? "none"
      : result.gate?.open
        ? "would-promote"
        : "blocked"
    : result.alreadyComplete
      ? "none"
      : "promoted";
  const bytes = result.steps.reduce((sum, step) => sum + (step.bytes ?? 0), 0);
  const view = {
    promotionId: result.promotionId,
    asset: result.asset,
    target: targetView(result.target),
    digest: result.digest,
    dryRun: result.dryRun,
    alreadyComplete: result.alreadyComplete,
    changes,
    bytes,
    ...(result.gate ? { gate: result.gate } : {}),
    steps: result.steps.map((step) => ({
      id: step.id,
      title: step.title,
      ...(step.target ? { target: step.target } : {}),
      ...(step.bytes !== undefined ? { bytes: step.bytes } : {}),
      status: step.status,
      ...(step.detail ? { detail: step.detail } : {}),
      ...(step.notes?.length ? { notes: step.notes } : {}),
    })),
    ...(result.strategy ? { strategy: result.strategy } : {}),
    ...(result.targetReference ? { targetReference: result.targetReference } : {}),
    ...(result.crossEnvironmentDependency
      ? { crossEnvironmentDependency: result.crossEnvironmentDependency }
      : {}),
  };
  printResult(options, view, () => {
    const gate = result.gate
      ? result.gate.open
        ? `  gate: open — ${result.gate.kind} ${result.gate.requestId} approved by ${result.gate.approvedBy.join(", ")}`
        : `  gate: closed — ${result.gate.code}: ${result.gate.message}`
      : undefined;
    if (result.dryRun && result.alreadyComplete) {
      return [
        `No changes: ${asset.kind} ${refText(asset)} is already promoted to ${result.target}${result.targetReference ? ` (${result.targetReference})` : ""}`,
        ...(gate ? [gate] : []),
      ].join("\n");
    }
    const lines = [
      `${result.dryRun ? "plan for" : result.alreadyComplete ? "already promoted:" : "promoted"} ${asset.kind} ${refText(asset)} → ${result.target}`,
      `  digest ${result.digest}   promotion ${result.promotionId}`,
    ];
    if (gate) lines.push(gate);
    if (result.strategy)
      lines.push(
        `  environment strategy ${result.strategy.strategy}${result.strategy.explicit ? "" : " (policy default)"}: ${result.strategy.note}`,
      );
    if (result.dryRun) {
      for (const [i, step] of result.steps.entries()) {
        const stepBytes = step.bytes ? `  (${step.bytes} bytes)` : "";
        lines.push(`  ${i + 1}. ${step.title}${step.target ? `  [${step.target}]` : ""}${stepBytes}`);
        for (const note of step.notes ?? []) lines.push(`       ${note}`);
      }
      lines.push(
        result.gate?.open
          ? `  would copy ${bytes} bytes to prod; nothing changed (run without --plan to promote)`
          : "  the gate is closed: a promotion now would stop at the gate; nothing changed",
      );
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
  text: string | undefined,
  options: TargetOptions & AssetRefOptions & { reason: string; file?: string; signingKey?: string },
) {
  const { asset, connection } = await assetAndConnection(kind, text, options, { writes: true });
  const { breakglassPromotion } = await gate();
  const grant = await breakglassPromotion(connection, asset, await loadPolicy(), options.reason, {
    ...(options.file ? { file: options.file } : {}),
    ...(options.signingKey ? { signingKey: options.signingKey } : {}),
  });
  printResult(options, { ...grant, target: targetView(grant.target) }, () =>
    [
      `BREAKGLASS ${grant.breakglassId} recorded in the ledger (#${grant.seq})`,
      `  ${asset.kind} ${refText(asset)} → ${grant.target}, digest ${grant.digest}`,
      `  by ${grant.person} (signed); valid until ${grant.expiresAt}; reason: ${grant.reason}`,
      `  now: airlock promote ${asset.kind} ${refText(asset)} --to prod`,
    ].join("\n"),
  );
}
