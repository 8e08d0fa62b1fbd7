import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // See apps/api/vitest.config.ts: one graphql instance for Vite and Node.
    alias: [{ find: /^graphql$/, replacement: "graphql/index.js" }],
  },
  test: {
    globalSetup: ["@headstart/db/vitest-global-setup"],
    include: ["test/**/*.test.ts"],
    hookTimeout: 120_000,
    testTimeout: 60_000,
  },
});
