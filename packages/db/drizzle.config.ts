import { defineConfig } from "drizzle-kit";

// Migrations are generated from the schema (`pnpm --filter @progboard/db generate`), reviewed,
// and committed. Roles, grants, seeds and row-level security live in hand-written migrations.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/schema/index.ts",
  out: "./migrations",
});
