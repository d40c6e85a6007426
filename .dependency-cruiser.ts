/**
 * The import rules of src/, checked by dependency-cruiser (`npm run layers`; enforced in `npm test` by
 * test/structure/layers.test.ts). Layers, lowest first: a module may import its own layer and lower ones,
 * never a higher one. The emulator (the local twin of Azure) stands beside the stack and may import only the
 * base, the platform model and the contract, so it can never come to share Airlock's own code paths.
 * No import circles, type-only ones included. README's layout table describes the same layers.
 */
import type { IConfiguration, IForbiddenRuleType } from "dependency-cruiser";

/** One layer: the folders (trailing "/") and files it holds. */
export interface Layer {
  name: string;
  paths: string[];
}

export const LAYERS: Layer[] = [
  {
    name: "base",
    paths: [
      "src/errors.ts",
      "src/canonical-json.ts",
      "src/redact.ts",
      "src/freeze.ts",
      "src/user-cache.js",
      "src/user-cache.d.ts",
    ],
  },
  { name: "platform", paths: ["src/platform/"] },
  { name: "contract", paths: ["src/contract/"] },
  { name: "arm", paths: ["src/arm/"] },
  { name: "domain", paths: ["src/assets/", "src/governance/", "src/infra/"] },
  { name: "connect", paths: ["src/connect/"] },
  { name: "promotion", paths: ["src/promotion/"] },
  { name: "application", paths: ["src/verify/", "src/demo/", "src/bootstrap/", "src/doctor/"] },
  { name: "entry", paths: ["src/cli/", "src/console/"] },
];

/** The twin: beside the stack. */
export const EMULATOR: Layer = { name: "emulator", paths: ["src/emulator/"] };

/** What the emulator may import besides itself. */
const EMULATOR_MAY_IMPORT = ["base", "platform", "contract"];

/** Who may import the emulator: the layers that start or inspect a twin. */
const EMULATOR_IMPORTED_BY = ["application", "entry"];

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** A regular expression matching every path of the given layers. */
export function pathsOf(layers: Layer[]): string {
  return `^(${layers.flatMap((layer) => layer.paths.map((p) => (p.endsWith("/") ? escapeRegExp(p) : `${escapeRegExp(p)}$`))).join("|")})`;
}

const layerRules: IForbiddenRuleType[] = LAYERS.flatMap((layer, index) => {
  const higher = LAYERS.slice(index + 1);
  if (higher.length === 0) return [];
  return [
    {
      name: `layer-${layer.name}`,
      comment: `${layer.name} (${layer.paths.join(", ")}) must not import a higher layer (${higher.map((l) => l.name).join(", ")})`,
      severity: "error",
      from: { path: pathsOf([layer]) },
      to: { path: pathsOf(higher) },
    },
  ];
});

const emulatorUsers = LAYERS.filter((l) => EMULATOR_IMPORTED_BY.includes(l.name));

const config: IConfiguration = {
  forbidden: [
    {
      name: "no-circular",
      comment: "no import circles, type-only ones included: they hide which module depends on which",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    {
      name: "emulator-imports-only-platform",
      comment: `the emulator may import only ${EMULATOR_MAY_IMPORT.join(", ")} (it twins Azure, not Airlock)`,
      severity: "error",
      from: { path: pathsOf([EMULATOR]) },
      to: {
        path: "^src/",
        pathNot: pathsOf([EMULATOR, ...LAYERS.filter((l) => EMULATOR_MAY_IMPORT.includes(l.name))]),
      },
    },
    {
      name: "emulator-imported-only-by-applications",
      comment: `only ${EMULATOR_IMPORTED_BY.join(", ")} may import the emulator; library code talks to Azure or the twin over HTTP`,
      severity: "error",
      from: { path: "^src/", pathNot: pathsOf([EMULATOR, ...emulatorUsers]) },
      to: { path: pathsOf([EMULATOR]) },
    },
    {
      name: "every-module-in-a-layer",
      comment:
        "a module outside every layer is unchecked: add its folder to LAYERS in .dependency-cruiser.ts",
      severity: "error",
      from: { path: "^src/", pathNot: pathsOf([...LAYERS, EMULATOR]) },
      to: {},
    },
    {
      name: "every-import-in-a-layer",
      comment:
        "a module outside every layer is unchecked: add its folder to LAYERS in .dependency-cruiser.ts",
      severity: "error",
      from: {},
      to: { path: "^src/", pathNot: pathsOf([...LAYERS, EMULATOR]) },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // dependency-cruiser cannot use typescript 7 yet; swc parses TypeScript and keeps `import type`.
    parser: "swc",
    enhancedResolveOptions: { extensions: [".ts", ".js", ".json"] },
    // The Python scoring server and JSON data are not TypeScript modules.
    exclude: { path: "\\.py$" },
  },
};

export default config;
