import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The machine is shared by several test suites at once; disk syncs can queue.
    testTimeout: 30_000,
  },
});
