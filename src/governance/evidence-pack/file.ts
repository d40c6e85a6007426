/**
 * @module governance/evidence-pack/file
 * The pack's bytes: one HTML page that a browser shows and `airlock evidence verify` checks.
 *
 *   <view rendered from the data (render.ts)>
 *   <script type="application/json" id="airlock-evidence-pack">CANONICAL JSON OF THE DATA</script>
 *   </body>
 *   </html>
 *   <!-- airlock-evidence-pack-seal sha256:<hex of sha256 over every byte before this line> -->
 *
 * The data is the canonical JSON of the pack (src/canonical-json.ts) with `<`, `>` and `&` written as \u003c,
 * \u003e, \u0026, so no string in it can end the script element. The seal binds every byte: a changed byte
 * anywhere — including one that leaves the page unparseable — fails it. A seal anyone can recompute proves
 * nothing alone: behind it the verifier parses the data, renders the page again and requires the very same
 * bytes, then checks the data (verify.ts).
 */
import { createHash, randomUUID } from "node:crypto";
import { rename, rm, writeFile } from "node:fs/promises";
import { canonicalJson } from "../../canonical-json.ts";
import { InputError, VerificationError } from "../../errors.ts";
import { type EvidencePack, packShapeProblems } from "./format.ts";
import { renderView } from "./render.ts";

const DATA_OPEN = '<script type="application/json" id="airlock-evidence-pack">';
const DATA_CLOSE = "</script>";
const SEAL = /\n<!-- airlock-evidence-pack-seal (sha256:[0-9a-f]{64}) -->\n$/;

function sha256(bytes: Buffer | string): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

function embed(pack: EvidencePack): string {
  return canonicalJson(pack).replaceAll("<", "\\u003c").replaceAll(">", "\\u003e").replaceAll("&", "\\u0026");
}

/** The page before its seal line. */
function sealedPart(pack: EvidencePack): string {
  return `${renderView(pack)}\n${DATA_OPEN}${embed(pack)}${DATA_CLOSE}\n</body>\n</html>\n`;
}

/** The bytes of `pack`'s file, and its seal (the pack's identity: print it, publish it). */
export function serializePack(pack: EvidencePack): { bytes: Buffer; seal: string } {
  // Rendered from the canonical form, as the verifier will read it back: keys sorted at every depth.
  const body = Buffer.from(sealedPart(JSON.parse(canonicalJson(pack)) as EvidencePack), "utf8");
  const seal = sha256(body);
  return {
    bytes: Buffer.concat([body, Buffer.from(`<!-- airlock-evidence-pack-seal ${seal} -->\n`, "utf8")]),
    seal,
  };
}

function unreadable(message: string): VerificationError {
  return new VerificationError("EVIDENCE_PACK_UNREADABLE", message);
}

/**
 * Checks the seal, parses the data and requires the file to be exactly what Airlock writes for that data.
 * Every failure is VerificationError (exit 8): a pack that does not parse is a pack that was changed.
 */
export function parsePack(bytes: Buffer): { pack: EvidencePack; seal: string } {
  const tail = bytes.subarray(Math.max(0, bytes.length - 200)).toString("latin1");
  const match = SEAL.exec(tail);
  if (!match)
    throw unreadable(
      "the file does not end with an evidence pack's seal line: it is truncated, was changed at its end, or is not an Airlock evidence pack",
    );
  const seal = match[1]!;
  const body = bytes.subarray(0, bytes.length - (match[0].length - 1));
  const actual = sha256(body);
  if (actual !== seal)
    throw new VerificationError(
      "EVIDENCE_PACK_SEAL_MISMATCH",
      `the file's bytes do not match its seal (sealed ${seal}, found ${actual}): the pack was changed after it was exported`,
      { sealed: seal, found: actual },
    );
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    throw unreadable("the pack is not valid UTF-8");
  }
  const open = text.indexOf(DATA_OPEN);
  if (open === -1 || text.indexOf(DATA_OPEN, open + 1) !== -1)
    throw unreadable(`the pack does not hold exactly one data element (${DATA_OPEN})`);
  const close = text.indexOf(DATA_CLOSE, open + DATA_OPEN.length);
  if (close === -1) throw unreadable("the pack's data element is not closed");
  let value: unknown;
  try {
    value = JSON.parse(text.slice(open + DATA_OPEN.length, close));
  } catch (error) {
    throw unreadable(`the pack's data is not JSON: ${(error as Error).message}`);
  }
  const problems = packShapeProblems(value);
  if (problems.length > 0)
    throw new VerificationError(
      "EVIDENCE_PACK_MALFORMED",
      `the pack's data is not an ${"airlock.evidence-pack/1"} document: ${problems.slice(0, 5).join("; ")}`,
      { problems },
    );
  const pack = value as EvidencePack;
  let expected: Buffer;
  try {
    expected = Buffer.from(sealedPart(pack), "utf8");
  } catch (error) {
    throw new VerificationError(
      "EVIDENCE_PACK_MALFORMED",
      `the pack's data cannot be rendered: ${(error as Error).message}`,
    );
  }
  if (!expected.equals(body)) {
    let at = 0;
    while (at < body.length && body[at] === expected[at]) at++;
    throw new VerificationError(
      "EVIDENCE_PACK_VIEW_MISMATCH",
      `the page is not what Airlock renders from the data it carries (first difference at byte ${at}): its view or its data was edited`,
      { offset: at },
    );
  }
  return { pack, seal };
}

/** Writes the pack whole or not at all (a temporary file renamed into place). */
export async function writePackFile(file: string, bytes: Buffer): Promise<void> {
  const temp = `${file}.${randomUUID()}.tmp`;
  try {
    await writeFile(temp, bytes, { flag: "wx", mode: 0o644 });
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      "EVIDENCE_OUT_UNWRITABLE",
      `cannot write the evidence pack to ${file}: ${code ?? (error as Error).message}`,
      {
        file,
      },
    );
  }
}
