/** @module cli/commands/local-ci — `airlock local ci-token`: a GitHub-shaped CI OIDC token from the twin's issuer. */
import { twinStateDir } from "../../connect/connection.ts";
import { mintCiToken } from "../../emulator/ci-oidc.ts";
import { InputError } from "../../errors.ts";
import { CI_AUDIENCE, TWIN_CI_ISSUER } from "../../governance/ci-identity.ts";
import { printResult } from "../output.ts";

export async function localCiToken(options: {
  stateDir?: string;
  json?: boolean;
  actor: string;
  actorId?: string;
  repository?: string;
  runId?: string;
  ttl?: string;
}): Promise<void> {
  const stateDir = twinStateDir(options.stateDir);
  const ttl = options.ttl === undefined ? undefined : Number(options.ttl);
  if (ttl !== undefined && !Number.isInteger(ttl)) {
    throw new InputError("ARG_INVALID", `--ttl must be a whole number of seconds, not "${options.ttl}"`);
  }
  const token = await mintCiToken(stateDir, {
    actor: options.actor,
    actorId: options.actorId,
    repository: options.repository,
    runId: options.runId,
    ttlSeconds: ttl,
  });
  printResult(
    options,
    { token, issuer: TWIN_CI_ISSUER, audience: CI_AUDIENCE, actor: options.actor },
    () => token,
  );
}
