import { execFileSync } from "node:child_process";

let python: string | undefined;
/**
 * python3's own executable, resolved once per process: each run through a version manager's shim (pyenv's is
 * a bash script) costs about a tenth of a second before python starts.
 */
export function python3(): string {
  python ??= execFileSync("python3", ["-c", "import sys; print(sys.executable)"], {
    encoding: "utf8",
  }).trim();
  return python;
}
