/** @module cli/commands/session — `airlock whoami` and `airlock configure`. */
import { twinIdentity, twinStateDir } from "../../connect/connection.ts";
import { findPrincipal } from "../../emulator/principals.ts";
import type { Purpose } from "../../platform/index.ts";
import { loadProjectConfig, writeDefaults } from "../config.ts";
import { printResult } from "../output.ts";
import { connectFrom, type TargetOptions } from "./target.ts";

/** One side's identity: who, what chose it, and its kind and object id as the twin (or the token) says. */
export interface SideIdentity {
  /** null when nothing chose one (then `from` says how to). */
  principal: string | null;
  from: string;
  kind: string | null;
  objectId: string | null;
}

export async function whoamiCommand(options: TargetOptions) {
  if (options.azure) {
    const connection = await connectFrom(options);
    const { identityFromCredential } = await import("../../governance/identity.ts");
    const side = async (purpose: Purpose): Promise<SideIdentity> => {
      const id = await identityFromCredential(connection.credential(purpose));
      return {
        principal: id.name,
        from: process.env[`AIRLOCK_${purpose.toUpperCase()}_AZURE_CLIENT_ID`]
          ? `AIRLOCK_${purpose.toUpperCase()}_AZURE_CLIENT_ID`
          : "DefaultAzureCredential",
        kind: id.kind,
        objectId: id.objectId,
      };
    };
    return print(options, {
      mode: "azure",
      stateDir: null,
      dev: await side("dev"),
      prod: await side("prod"),
    });
  }
  const stateDir = twinStateDir(options.stateDir);
  const side = async (purpose: Purpose): Promise<SideIdentity> => {
    const chosen = await twinIdentity(stateDir, purpose).catch(() => undefined);
    if (!chosen)
      return {
        principal: null,
        from: "nobody: run airlock local login --as <principal>",
        kind: null,
        objectId: null,
      };
    const known = findPrincipal(chosen.principal);
    return { ...chosen, kind: known?.kind ?? null, objectId: known?.objectId ?? null };
  };
  return print(options, { mode: "twin", stateDir, dev: await side("dev"), prod: await side("prod") });
}

function print(
  options: TargetOptions,
  view: { mode: string; stateDir: string | null; dev: SideIdentity; prod: SideIdentity },
) {
  const line = (label: string, s: SideIdentity) =>
    s.principal === null
      ? `${label} ${s.from}`
      : `${label} ${s.principal}${s.kind ? ` (${s.kind})` : ""}  — ${s.from.startsWith("AIRLOCK_") ? `set by ${s.from}, which overrides \`airlock local login\`` : `from ${s.from}`}`;
  printResult(options, view, () =>
    [
      line("dev side acts as ", view.dev),
      line("prod side acts as", view.prod),
      ...(view.stateDir ? [`twin state dir    ${view.stateDir}`] : []),
    ].join("\n"),
  );
}

export async function configureCommand(options: {
  defaults?: string[];
  listDefaults?: boolean;
  json?: boolean;
  output?: string;
  query?: string;
}) {
  let loaded = loadProjectConfig();
  if (options.defaults?.length) loaded = writeDefaults(loaded, options.defaults);
  const view = { root: loaded.root, file: loaded.file ?? null, defaults: loaded.config.defaults ?? {} };
  printResult(options, view, () => {
    const entries = Object.entries(view.defaults);
    const where =
      view.file ??
      `(no config file; \`airlock configure --defaults env=dev\` writes ${loaded.root}/.airlock/config.yml)`;
    return [
      `project root  ${view.root}`,
      `config        ${where}`,
      ...(entries.length ? entries.map(([k, v]) => `  ${k} = ${v}`) : ["  (no defaults)"]),
    ].join("\n");
  });
}
