import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // tfjs backends are process-global singletons: isolate files in forks so one file's backend
    // choice or registered kernels cannot leak into another's.
    pool: "forks",
    // Two shared cores: running files one after another is faster than thrashing.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
