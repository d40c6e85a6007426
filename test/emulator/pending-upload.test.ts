import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { arm, PROD, regPath, startTestTwin, type TestTwin } from "../helpers/twin.ts";

let twin: TestTwin;
describe("emulator/pending-upload", () => {
  before(async () => {
    twin = await startTestTwin();
  });
  after(() => twin.close());

  const start = async (version: string, pendingUploadId?: string) => {
    const response = await arm(
      twin,
      "POST",
      `${regPath(PROD)}/models/resumable/versions/${version}/startPendingUpload`,
      {
        as: "sp-aml-promotion-prod",
        body: {
          pendingUploadType: "TemporaryBlobReference",
          ...(pendingUploadId ? { pendingUploadId } : {}),
        },
      },
    );
    assert.equal(response.status, 200, response.text);
    return response.body.blobReferenceForConsumption.blobUri as string;
  };

  test("startPendingUpload is create-or-get: one pendingUploadId, one container", async () => {
    const first = await start("1", "promotion-abc");
    assert.equal(await start("1", "promotion-abc"), first, "a resumed upload finds the same container");
    assert.notEqual(await start("1", "promotion-xyz"), first, "another id gets another container");
    assert.notEqual(await start("2", "promotion-abc"), first, "another version gets another container");
    assert.notEqual(await start("1"), await start("1"), "without an id every call gets a fresh container");
  });
});
