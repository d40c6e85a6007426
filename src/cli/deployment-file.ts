/**
 * @module cli/deployment-file
 * `airlock deploy -f deployment.yml -f endpoint.yml` (and `request deployment -f deployment.yml`): az ml's
 * managedOnlineDeployment and managedOnlineEndpoint YAML, read into the values the flags carry; a flag given on
 * the command line wins over the file. Keys are those of the az ml CLI v2 schemas
 * (https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json and
 * managedOnlineEndpoint.schema.json; reference: learn.microsoft.com "CLI (v2) managed online deployment YAML
 * schema"). What Airlock decides itself is refused with the reason, never silently dropped: the deployment's
 * name and the endpoint's traffic (the safe rollout names deployments and moves traffic), inline models and
 * environments (prod serves only promoted ones), key-less auth modes (Airlock endpoints use keys), and settings
 * the rollout does not apply (probes, scale, request settings, identity, network, data collection).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "yaml";
import { InputError } from "../errors.ts";

/** What a deployment/endpoint file contributes, in the flags' terms. */
export interface DeploymentFileValues {
  endpoint?: string;
  model?: string;
  code?: string;
  scoringScript?: string;
  environment?: string;
  instanceType?: string;
  instanceCount?: number;
  environmentVariables?: Record<string, string>;
}

/** Keys read into flags; keys kept only as documentation (ignored); everything else is refused. */
const DEPLOYMENT_KEYS = new Set([
  "endpoint_name",
  "model",
  "code_configuration",
  "environment",
  "instance_type",
  "instance_count",
  "environment_variables",
]);
const ENDPOINT_KEYS = new Set(["name", "auth_mode"]);
const DOCUMENTATION_KEYS = new Set(["$schema", "description", "tags"]);
const WHY: Record<string, string> = {
  name: "Airlock names each deployment of a rollout itself (v<n>-…), so a rollback can find the one before",
  traffic: "Airlock's safe rollout moves traffic in steps with health checks (--traffic)",
  mirror_traffic: "Airlock's safe rollout moves traffic in steps with health checks (--traffic)",
};

const fail = (file: string, message: string) =>
  new InputError("DEPLOYMENT_FILE_INVALID", `${file}: ${message}`);

/** `azureml:name:version` (az's workspace form) as the flags write it (`name:version`); registry URIs as they are. */
function reference(file: string, key: string, value: unknown): string {
  if (typeof value !== "string" || value === "")
    throw fail(
      file,
      `${key} must be a reference to a promoted asset (azureml:<name>:<version> or azureml://registries/…); an inline ${key} is not accepted: prod serves only what was promoted through the gate`,
    );
  if (value.startsWith("azureml://")) return value;
  if (value.startsWith("azureml:")) {
    const rest = value.slice("azureml:".length);
    const colon = rest.lastIndexOf(":");
    return colon > 0 ? `${rest.slice(0, colon)}@${rest.slice(colon + 1)}` : rest;
  }
  return value;
}

function refuseUnknown(file: string, document: Record<string, unknown>, known: Set<string>): void {
  const refused = Object.keys(document).filter((k) => !known.has(k) && !DOCUMENTATION_KEYS.has(k));
  if (refused.length)
    throw fail(
      file,
      `${refused.map((k) => (WHY[k] ? `${k} (${WHY[k]})` : k)).join(", ")}: not applied by Airlock's rollout, so refused rather than ignored (docs/cli.md "Deployment files")`,
    );
}

export async function readDeploymentFiles(files: readonly string[]): Promise<DeploymentFileValues> {
  const values: DeploymentFileValues = {};
  for (const file of files) {
    let document: unknown;
    try {
      document = parse(await readFile(file, "utf8"));
    } catch (error) {
      throw fail(
        file,
        error instanceof Error && "code" in error && error.code === "ENOENT"
          ? "cannot be read"
          : `not YAML (${String(error)})`,
      );
    }
    if (!document || typeof document !== "object" || Array.isArray(document))
      throw fail(file, "expected a mapping");
    const doc = document as Record<string, unknown>;
    const schema = typeof doc.$schema === "string" ? doc.$schema : "";
    const isEndpoint =
      /managedOnlineEndpoint\.schema\.json$/.test(schema) ||
      (!schema && "auth_mode" in doc && !("endpoint_name" in doc));
    const isDeployment =
      /managedOnlineDeployment\.schema\.json$/.test(schema) || (!schema && "endpoint_name" in doc);
    if (isEndpoint) {
      refuseUnknown(file, doc, ENDPOINT_KEYS);
      if (typeof doc.name !== "string") throw fail(file, "name (the endpoint's) is required");
      if (doc.auth_mode !== undefined && doc.auth_mode !== "key")
        throw fail(
          file,
          `auth_mode ${String(doc.auth_mode)}: Airlock's endpoints use key auth (the smoke test and invoke fetch the key)`,
        );
      if (values.endpoint !== undefined && values.endpoint !== doc.name)
        throw fail(file, `names endpoint ${doc.name}, another file names ${values.endpoint}`);
      values.endpoint = doc.name;
    } else if (isDeployment) {
      refuseUnknown(file, doc, new Set([...DEPLOYMENT_KEYS, "name"]));
      // A deployment's own name is Airlock's to choose; accepted (az requires it) and not used.
      if (typeof doc.endpoint_name !== "string") throw fail(file, "endpoint_name is required");
      if (values.endpoint !== undefined && values.endpoint !== doc.endpoint_name)
        throw fail(
          file,
          `endpoint_name ${doc.endpoint_name} differs from the endpoint file's ${values.endpoint}`,
        );
      values.endpoint = doc.endpoint_name;
      if (doc.model !== undefined) values.model = reference(file, "model", doc.model);
      if (doc.environment !== undefined) values.environment = reference(file, "environment", doc.environment);
      const code = doc.code_configuration as { code?: unknown; scoring_script?: unknown } | undefined;
      if (code !== undefined) {
        if (typeof code !== "object" || typeof code.code !== "string")
          throw fail(file, "code_configuration.code must be a local folder");
        values.code = path.resolve(path.dirname(file), code.code);
        if (code.scoring_script !== undefined) values.scoringScript = String(code.scoring_script);
      }
      if (doc.instance_type !== undefined) values.instanceType = String(doc.instance_type);
      if (doc.instance_count !== undefined) {
        if (!Number.isInteger(doc.instance_count) || (doc.instance_count as number) < 1)
          throw fail(
            file,
            `instance_count must be a whole number ≥ 1, not ${JSON.stringify(doc.instance_count)}`,
          );
        values.instanceCount = doc.instance_count as number;
      }
      if (doc.environment_variables !== undefined) {
        const vars = doc.environment_variables;
        if (!vars || typeof vars !== "object" || Array.isArray(vars))
          throw fail(file, "environment_variables must be a mapping");
        values.environmentVariables = Object.fromEntries(
          Object.entries(vars).map(([k, v]) => [k, String(v)]),
        );
      }
    } else {
      throw fail(
        file,
        "neither a managedOnlineDeployment nor a managedOnlineEndpoint file ($schema …/managedOnlineDeployment.schema.json or …/managedOnlineEndpoint.schema.json)",
      );
    }
  }
  return values;
}
