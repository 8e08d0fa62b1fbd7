import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Two projects: fast unit tests of client logic, and the browser tests that
// boot the whole stack (Postgres, API, trainer, built web app). Both inherit
// (extends: true) the `@/` alias, the same one tsconfig.json gives tsc and
// Next, so a test imports `@/lib/…` exactly as the studio's code does.
export default defineConfig({
  resolve: {
    alias: { "@/": fileURLToPath(new URL("./src/", import.meta.url)) },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: ["test/e2e/**"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.e2e.test.ts"],
          environment: "node",
          globalSetup: ["@headstart/db/vitest-global-setup", "./test/e2e/build-web.ts"],
          hookTimeout: 300_000,
          testTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
