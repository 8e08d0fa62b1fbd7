// Run.error for a full data-folder disk says so in words a user can act on, also when the storage
// error reaches the main thread from a compute worker (a checkpoint write) as a copy.

import { BlobStoreFullError } from "@headstart/storage";
import { describe, expect, it } from "vitest";
import { deserializeError, serializeError } from "../src/compute/protocol.ts";
import { failureReason } from "../src/execute-run.ts";

describe("failureReason", () => {
  const full = new BlobStoreFullError(
    "/srv/headstart/blobs",
    Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" }),
  );

  it("says the data folder's disk is full, with the storage error after it", () => {
    const reason = failureReason(full);
    expect(reason).toMatch(/^The data folder's disk is full: free space and retry the run\./);
    expect(reason).toContain("/srv/headstart/blobs");
  });

  it("recognises the error after its trip across the worker port", () => {
    expect(failureReason(deserializeError(serializeError(full)))).toMatch(/disk is full: free space and retry the run/);
  });

  it("passes any other error's message through unchanged", () => {
    expect(failureReason(new Error("dataset version has no TRAIN images"))).toBe("dataset version has no TRAIN images");
  });
});
