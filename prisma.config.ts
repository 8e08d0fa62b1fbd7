// The Prisma CLI (generate, migrate) runs its WASM schema engine through the
// pg driver adapter: the native schema-engine binary is a download that fails
// on machines without internet access, and Prisma 7's engine is not on npm.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { migrationAdapter } from "./packages/db/src/catalog-safe-pg.ts";

// `prisma generate` reads the datasource block, which names DATABASE_URL, but
// never connects: a placeholder lets it run at install time without a database.
const PLACEHOLDER_URL = "postgresql://unset@127.0.0.1:9/unset";
const configuredUrl = process.env.DATABASE_URL;
process.env.DATABASE_URL ??= PLACEHOLDER_URL;

export default defineConfig({
  experimental: { adapter: true },
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  engine: "js",
  async adapter() {
    const url = configuredUrl;
    if (!url || url === PLACEHOLDER_URL) {
      throw new Error(
        "DATABASE_URL is not set. Run migrations through `npm run db:migrate`, which starts the embedded Postgres, or set DATABASE_URL.",
      );
    }
    // Not a plain PrismaPg: see catalog-safe-pg.ts (prisma/orm#27403).
    return migrationAdapter(url);
  },
});
