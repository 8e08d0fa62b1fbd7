import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["@headstart/db/vitest-global-setup"],
    include: ["test/**/*.test.ts"],
    // Real daemons train real models: one suite at a time on a 2-core machine.
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
