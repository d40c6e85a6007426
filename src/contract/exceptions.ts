/**
 * @module contract/exceptions
 * The one place for spec exceptions: where Azure is known to accept or answer something its own REST spec
 * forbids, the spec check (./conformance.ts) lets exactly that through — each exception names the
 * operation and the problem it covers and carries its evidence. docs/twin.md points here.
 */
import type { Violation } from "./exchange.ts";

export interface SpecException {
  id: string;
  /** What Azure does that the spec does not allow. */
  summary: string;
  /** Where that is shown (official sources only). */
  evidence: string[];
  matches(violation: Violation): boolean;
}

export const SPEC_EXCEPTIONS: readonly SpecException[] = [
  {
    id: "environment-route-path-root",
    summary:
      'Environment versions\' inferenceConfig routes with path "/": the 2024-10-01 Route.path carries the generic ' +
      "non-blank pattern [a-zA-Z0-9_] the spec gives every [Required] string, but the Azure ML inference server " +
      'answers liveness and readiness on "/", and Microsoft\'s own custom-container examples register exactly that.',
    evidence: [
      "https://github.com/Azure/azureml-examples/blob/main/cli/endpoints/online/custom-container/minimal/single-model/conda-in-dockerfile/minimal-single-model-conda-in-dockerfile-deployment.yml (liveness_route/readiness_route path: /, port 5001)",
      "https://learn.microsoft.com/azure/machine-learning/how-to-deploy-custom-container (links those examples)",
    ],
    matches: (v) =>
      /^(Registry)?EnvironmentVersions_(CreateOrUpdate|Get|List)$/.test(v.operation) &&
      /\/inferenceConfig\/(livenessRoute|readinessRoute|scoringRoute|startupRoute)\/path: must match pattern "\[a-zA-Z0-9_\]"$/.test(
        v.problem,
      ),
  },
];
