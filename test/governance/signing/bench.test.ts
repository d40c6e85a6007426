import assert from "node:assert/strict";
import { test } from "node:test";
import { benchVerify } from "../../../src/governance/signing/index.ts";

// The timing itself belongs to `npm run bench`; this keeps the bench's signing and verification path working.
test("benchVerify signs with a twin key and verifies the envelope n times", async () => {
  const result = await benchVerify(3);
  assert.equal(result.n, 3);
  assert.ok(Number.isFinite(result.msPerDecision) && result.msPerDecision > 0);
  assert.ok(result.totalMs >= result.msPerDecision);
});
