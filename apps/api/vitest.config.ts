import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS (main) and ESM (module) copies. Node, which loads
    // the external packages (Pothos, Apollo, graphql-ws), picks the CJS one;
    // Vite would give our own files the ESM one, and graphql-js refuses a
    // schema from "another realm". Point both at the CJS copy, as at runtime.
    alias: [{ find: /^graphql$/, replacement: "graphql/index.js" }],
  },
  test: {
    // One Postgres for the run; each suite clones its own migrated database.
    globalSetup: ["@headstart/db/vitest-global-setup"],
    include: ["test/**/*.test.ts"],
    hookTimeout: 120_000,
    testTimeout: 30_000,
    // Two cores: suites each boot a server and a database, so run them one
    // at a time rather than fight for CPU.
    fileParallelism: false,
  },
});
