/**
 * @module assets/reference
 * Parses and formats the `azureml:` references Azure ML accepts, segment by segment (errata 2 and 4: never
 * split `azureml:<name>:<version>` on every ':' and never accept `.../environments/<name>:<version>`).
 * `formatAssetReference(parseAssetReference(text)) === text` for every canonical form.
 */
import { InputError } from "../errors.ts";
import {
  assetNameProblem,
  assetVersionProblem,
  GUID_PATTERN,
  LABEL_PATTERN,
  REGISTRY_NAME_PATTERN,
  referencedNameProblem,
} from "./names.ts";

export const ASSET_TYPE_SEGMENTS = ["models", "data", "environments", "components", "codes"] as const;
export type AssetTypeSegment = (typeof ASSET_TYPE_SEGMENTS)[number];

/** `azureml:<name>:<version>` or `azureml:<name>@<label>` (e.g. `@latest`): an asset in the current workspace. */
export interface WorkspaceShortReference {
  form: "workspace";
  name: string;
  version?: string;
  label?: string;
}
/** `azureml://registries/<reg>/<type>/<name>/versions/<ver>` or `.../labels/<label>`. */
export interface RegistryReference {
  form: "registry";
  registry: string;
  assetType: AssetTypeSegment;
  name: string;
  version?: string;
  label?: string;
}
/** `azureml://subscriptions/<sub>/resourcegroups/<rg>/workspaces/<ws>/<type>/<name>/versions/<ver>`. */
export interface WorkspaceLongReference {
  form: "workspace-long";
  subscriptionId: string;
  resourceGroup: string;
  workspace: string;
  assetType: AssetTypeSegment;
  name: string;
  version: string;
}
/** `azureml://locations/<loc>/workspaces/<workspace guid>/<type>/<name>/versions/<ver>` (share source ids). */
export interface WorkspaceLocationReference {
  form: "workspace-location";
  location: string;
  workspaceId: string;
  assetType: AssetTypeSegment;
  name: string;
  version: string;
}
/** `azureml://datastores/<ds>/paths/<path>`, or the long form with subscription, resource group, workspace. */
export interface DatastorePathReference {
  form: "datastore";
  datastore: string;
  path: string;
  workspace?: { subscriptionId: string; resourceGroup: string; workspace: string };
}
/** `azureml://jobs/<job>/outputs/<output>` optionally followed by `/paths/<path>`. */
export interface JobOutputReference {
  form: "job-output";
  job: string;
  output: string;
  path?: string;
}

export type AssetReference =
  | WorkspaceShortReference
  | RegistryReference
  | WorkspaceLongReference
  | WorkspaceLocationReference
  | DatastorePathReference
  | JobOutputReference;

export const VALID_REFERENCE_FORMS: readonly string[] = [
  "azureml:<name>:<version>",
  "azureml:<name>@latest",
  "azureml://registries/<registry>/<type>/<name>/versions/<version>",
  "azureml://registries/<registry>/<type>/<name>/labels/<label>",
  "azureml://subscriptions/<subscription>/resourcegroups/<group>/workspaces/<workspace>/<type>/<name>/versions/<version>",
  "azureml://locations/<location>/workspaces/<workspace guid>/<type>/<name>/versions/<version>",
  "azureml://datastores/<datastore>/paths/<path>",
  "azureml://subscriptions/<subscription>/resourcegroups/<group>/workspaces/<workspace>/datastores/<datastore>/paths/<path>",
  "azureml://jobs/<job>/outputs/<output>[/paths/<path>]",
];

export type ReferenceAnalysis = { ok: true; reference: AssetReference } | { ok: false; problem: string };

/** Parses a reference; throws InputError (ASSET_REFERENCE_INVALID) naming the reference and the valid forms. */
export function parseAssetReference(text: string): AssetReference {
  const analysis = analyzeAssetReference(text);
  if (analysis.ok) return analysis.reference;
  throw new InputError("ASSET_REFERENCE_INVALID", describeReferenceProblem(text, analysis.problem), {
    reference: text,
    validForms: VALID_REFERENCE_FORMS,
  });
}

/** The full human message for a bad reference: what is wrong, then every valid form. */
export function describeReferenceProblem(text: string, problem: string): string {
  return (
    `${JSON.stringify(text)} is not a valid Azure ML reference: ${problem}. Valid forms:\n` +
    VALID_REFERENCE_FORMS.map((form) => `    ${form}`).join("\n")
  );
}

/** Non-throwing parse: the reference, or a one-line reason it is malformed. */
export function analyzeAssetReference(text: string): ReferenceAnalysis {
  if (typeof text !== "string" || text === "") return fail("the reference is empty");
  if (/\s/.test(text)) return fail("it contains whitespace");
  if (text.startsWith("azureml://")) return analyzeLongForm(text.slice("azureml://".length));
  if (text.startsWith("azureml:")) return analyzeShortForm(text.slice("azureml:".length));
  return fail("it does not start with 'azureml:' or 'azureml://'");
}

function analyzeShortForm(body: string): ReferenceAnalysis {
  if (body.startsWith("/"))
    return fail("use 'azureml://' (two slashes) for a URI, or 'azureml:<name>:<version>'");
  const at = body.indexOf("@");
  const colon = body.indexOf(":");
  if (at >= 0 && (colon < 0 || at < colon)) {
    const name = body.slice(0, at);
    const label = body.slice(at + 1);
    const nameProblem = assetNameProblem(name);
    if (nameProblem) return fail(`the name ${nameProblem}`);
    if (!LABEL_PATTERN.test(label))
      return fail(`the label ${JSON.stringify(label)} is not a valid label (e.g. 'latest')`);
    return ok({ form: "workspace", name, label });
  }
  if (colon < 0) {
    const nameProblem = assetNameProblem(body);
    if (nameProblem) return fail(`the name ${nameProblem}`);
    return fail(`it names ${JSON.stringify(body)} without a version: add ':<version>' or '@latest'`);
  }
  const name = body.slice(0, colon);
  const version = body.slice(colon + 1);
  // Curated environments (`azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:1`) carry dots; az ml passes them on.
  const nameProblem = name.startsWith("AzureML-") ? referencedNameProblem(name) : assetNameProblem(name);
  if (nameProblem) return fail(`the name ${nameProblem}`);
  const versionProblem = assetVersionProblem(version);
  if (versionProblem) return fail(`the version ${versionProblem}`);
  return ok({ form: "workspace", name, version });
}

function analyzeLongForm(body: string): ReferenceAnalysis {
  const segments = body.split("/");
  // Everything before a `/paths/` marker is structure and must be non-empty; the path after it is free.
  const pathsAt = segments.indexOf("paths");
  const structure = pathsAt >= 0 ? segments.slice(0, pathsAt) : segments;
  if (structure.some((segment) => segment === "")) {
    return fail(body.endsWith("/") ? "it ends with '/'" : "it contains an empty segment ('//')");
  }
  switch (segments[0]?.toLowerCase()) {
    case "registries":
      return analyzeRegistry(segments);
    case "subscriptions":
      return analyzeSubscriptionForm(segments);
    case "locations":
      return analyzeLocationForm(segments);
    case "datastores":
      return analyzeDatastore(segments, 0, undefined);
    case "jobs":
      return analyzeJobOutput(segments);
    default:
      return fail(
        `'azureml://${segments[0] ?? ""}/...' is not a known form (expected registries, subscriptions, locations, datastores or jobs)`,
      );
  }
}

function analyzeRegistry(segments: string[]): ReferenceAnalysis {
  // registries/<reg>/<type>/<name>/(versions|labels)/<x>
  const [, registry, assetType, name, kind, value, ...rest] = segments;
  if (!registry) return fail("the registry name is missing");
  if (!REGISTRY_NAME_PATTERN.test(registry))
    return fail(`the registry name ${JSON.stringify(registry)} is not valid`);
  const typeProblem = assetTypeProblem(assetType);
  if (typeProblem) return fail(typeProblem);
  if (!name) return fail("the asset name is missing");
  const colon = name.indexOf(":");
  if (colon >= 0 && kind === undefined) {
    const suggestion = `azureml://registries/${registry}/${assetType}/${name.slice(0, colon)}/versions/${name.slice(colon + 1)}`;
    return fail(
      `a registry reference puts the version in '/versions/<version>', not after ':' (did you mean ${suggestion}?)`,
    );
  }
  const nameProblem = referencedNameProblem(name);
  if (nameProblem) return fail(`the asset name ${nameProblem}`);
  return versionOrLabel(kind, value, rest, (selector) =>
    ok({ form: "registry", registry, assetType: assetType as AssetTypeSegment, name, ...selector }),
  );
}

function versionOrLabel(
  kind: string | undefined,
  value: string | undefined,
  rest: string[],
  build: (selector: { version: string } | { label: string }) => ReferenceAnalysis,
): ReferenceAnalysis {
  if (kind === undefined) return fail("'/versions/<version>' or '/labels/<label>' is missing after the name");
  if (rest.length > 0)
    return fail(`unexpected segments after the ${kind === "labels" ? "label" : "version"}`);
  if (kind === "versions") {
    if (value === undefined) return fail("the version is missing after '/versions/'");
    const problem = assetVersionProblem(value);
    return problem ? fail(`the version ${problem}`) : build({ version: value });
  }
  if (kind === "labels") {
    if (!value || !LABEL_PATTERN.test(value))
      return fail(`the label ${JSON.stringify(value ?? "")} is not valid`);
    return build({ label: value });
  }
  return fail(`expected '/versions/<version>' or '/labels/<label>' after the name, found '/${kind}'`);
}

function analyzeSubscriptionForm(segments: string[]): ReferenceAnalysis {
  // subscriptions/<sub>/resourcegroups/<rg>/workspaces/<ws>/...
  const [, subscriptionId, rgKeyword, resourceGroup, wsKeyword, workspace] = segments;
  if (!subscriptionId || !GUID_PATTERN.test(subscriptionId)) {
    return fail(`the subscription id ${JSON.stringify(subscriptionId ?? "")} is not a GUID`);
  }
  if (rgKeyword?.toLowerCase() !== "resourcegroups" || !resourceGroup) {
    return fail("'/resourcegroups/<group>' must follow the subscription");
  }
  if (!/^[-\w._()]{1,90}$/.test(resourceGroup))
    return fail(`the resource group ${JSON.stringify(resourceGroup)} is not valid`);
  if (wsKeyword !== "workspaces" || !workspace)
    return fail("'/workspaces/<workspace>' must follow the resource group");
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$/.test(workspace))
    return fail(`the workspace name ${JSON.stringify(workspace)} is not valid`);
  const scope = { subscriptionId, resourceGroup, workspace };
  if (segments[6] === "datastores") return analyzeDatastore(segments, 6, scope);
  return analyzeAssetTail(segments.slice(6), (asset) => ok({ form: "workspace-long", ...scope, ...asset }));
}

function analyzeLocationForm(segments: string[]): ReferenceAnalysis {
  const [, location, wsKeyword, workspaceId] = segments;
  if (!location || !/^[a-z0-9]+$/.test(location))
    return fail(`the location ${JSON.stringify(location ?? "")} is not valid`);
  if (wsKeyword !== "workspaces") return fail("'/workspaces/<workspace guid>' must follow the location");
  if (!workspaceId || !GUID_PATTERN.test(workspaceId)) {
    return fail(`the workspace id ${JSON.stringify(workspaceId ?? "")} is not a GUID`);
  }
  return analyzeAssetTail(segments.slice(4), (asset) =>
    ok({ form: "workspace-location", location, workspaceId, ...asset }),
  );
}

/** `<type>/<name>/versions/<version>` (workspace forms have no labels). */
function analyzeAssetTail(
  tail: string[],
  build: (asset: { assetType: AssetTypeSegment; name: string; version: string }) => ReferenceAnalysis,
): ReferenceAnalysis {
  const [assetType, name, kind, version, ...rest] = tail;
  const typeProblem = assetTypeProblem(assetType);
  if (typeProblem) return fail(typeProblem);
  if (!name) return fail("the asset name is missing");
  if (name.includes(":") && kind === undefined) {
    return fail("the version goes in '/versions/<version>', not after ':'");
  }
  const nameProblem = assetNameProblem(name);
  if (nameProblem) return fail(`the asset name ${nameProblem}`);
  if (kind !== "versions") return fail("'/versions/<version>' is missing after the name");
  if (rest.length > 0) return fail("unexpected segments after the version");
  if (version === undefined) return fail("the version is missing after '/versions/'");
  const versionProblem = assetVersionProblem(version);
  if (versionProblem) return fail(`the version ${versionProblem}`);
  return build({ assetType: assetType as AssetTypeSegment, name, version });
}

function analyzeDatastore(
  segments: string[],
  at: number,
  workspace: DatastorePathReference["workspace"],
): ReferenceAnalysis {
  const datastore = segments[at + 1];
  if (!datastore || !/^[a-zA-Z0-9_]{1,255}$/.test(datastore)) {
    return fail(`the datastore name ${JSON.stringify(datastore ?? "")} is not valid`);
  }
  if (segments[at + 2] !== "paths") return fail("'/paths/<path>' must follow the datastore name");
  const path = segments.slice(at + 3).join("/");
  if (path === "") return fail("the path after '/paths/' is empty");
  if (segments.slice(at + 3).includes("..")) return fail("the path must not contain '..'");
  return ok(
    workspace ? { form: "datastore", datastore, path, workspace } : { form: "datastore", datastore, path },
  );
}

function analyzeJobOutput(segments: string[]): ReferenceAnalysis {
  const [, job, outputsKeyword, output, pathsKeyword] = segments;
  if (!job || !/^[a-zA-Z0-9][a-zA-Z0-9_-]{0,254}$/.test(job))
    return fail(`the job name ${JSON.stringify(job ?? "")} is not valid`);
  if (outputsKeyword !== "outputs") return fail("'/outputs/<output>' must follow the job name");
  if (!output || !/^[a-zA-Z_][a-zA-Z0-9_]{0,254}$/.test(output)) {
    return fail(`the output name ${JSON.stringify(output ?? "")} is not valid`);
  }
  if (pathsKeyword === undefined) return ok({ form: "job-output", job, output });
  if (pathsKeyword !== "paths")
    return fail(`expected '/paths/<path>' after the output name, found '/${pathsKeyword}'`);
  const path = segments.slice(5).join("/");
  if (path === "") return fail("the path after '/paths/' is empty");
  if (segments.slice(5).includes("..")) return fail("the path must not contain '..'");
  return ok({ form: "job-output", job, output, path });
}

function assetTypeProblem(assetType: string | undefined): string | undefined {
  if (!assetType) return "the asset type is missing (models, data, environments, components or codes)";
  if (!(ASSET_TYPE_SEGMENTS as readonly string[]).includes(assetType)) {
    return `${JSON.stringify(assetType)} is not an asset type (expected ${ASSET_TYPE_SEGMENTS.join(", ")})`;
  }
  return undefined;
}

/** The canonical text of a reference. */
export function formatAssetReference(ref: AssetReference): string {
  switch (ref.form) {
    case "workspace":
      return ref.label !== undefined
        ? `azureml:${ref.name}@${ref.label}`
        : `azureml:${ref.name}:${ref.version}`;
    case "registry":
      return `azureml://registries/${ref.registry}/${ref.assetType}/${ref.name}/${ref.label !== undefined ? `labels/${ref.label}` : `versions/${ref.version}`}`;
    case "workspace-long":
      return `azureml://subscriptions/${ref.subscriptionId}/resourcegroups/${ref.resourceGroup}/workspaces/${ref.workspace}/${ref.assetType}/${ref.name}/versions/${ref.version}`;
    case "workspace-location":
      return `azureml://locations/${ref.location}/workspaces/${ref.workspaceId}/${ref.assetType}/${ref.name}/versions/${ref.version}`;
    case "datastore": {
      const scope = ref.workspace
        ? `subscriptions/${ref.workspace.subscriptionId}/resourcegroups/${ref.workspace.resourceGroup}/workspaces/${ref.workspace.workspace}/`
        : "";
      return `azureml://${scope}datastores/${ref.datastore}/paths/${ref.path}`;
    }
    case "job-output":
      return `azureml://jobs/${ref.job}/outputs/${ref.output}${ref.path !== undefined ? `/paths/${ref.path}` : ""}`;
  }
}

/** The asset type segment a reference points at, when it points at an asset (not a datastore or job path). */
export function referencedAssetType(ref: AssetReference): AssetTypeSegment | undefined {
  return ref.form === "registry" || ref.form === "workspace-long" || ref.form === "workspace-location"
    ? ref.assetType
    : undefined;
}

function ok(reference: AssetReference): ReferenceAnalysis {
  return { ok: true, reference };
}

function fail(problem: string): ReferenceAnalysis {
  return { ok: false, problem };
}
