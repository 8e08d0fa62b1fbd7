import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Pure functions only so far; suites that need Postgres belong in the
    // front ends' tests (apps/api), which exercise these services end to end.
    include: ["test/**/*.test.ts"],
  },
});
