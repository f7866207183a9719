import { progboardConfig } from "@progboard/eslint-config";

// The unbound database handle must not reach a router: static-scoped routers get `ctx.db` from
// staticProcedure (bound to the tenant by withTenant) and nothing else.
const unboundDb = [
  {
    name: "@progboard/db",
    importNames: ["createDb", "queryRows", "Database", "DbHandle", "bindStatement", "WithTenant", "WithIngestion"],
    message: "Routers reach static-scoped data only through staticProcedure's ctx.db.",
  },
  { name: "@progboard/db/testing", message: "Test databases are for tests." },
  { name: "drizzle-orm/postgres-js", message: "Routers never open connections." },
  { name: "drizzle-orm/pglite", message: "Routers never open connections." },
  { name: "postgres", message: "Routers never open connections." },
  { name: "@electric-sql/pglite", message: "Routers never open connections." },
];

export default [
  ...progboardConfig({ tsconfigRootDir: import.meta.dirname }),
  {
    files: ["src/router/**/*.ts"],
    // (tests, and a suite shared by several test files: *.suite.ts)
    ignores: ["src/router/**/*.test.ts", "src/router/**/*.suite.ts"],
    rules: { "no-restricted-imports": ["error", { paths: unboundDb }] },
  },
  {
    // Only the tenancy routers (statics and memberships, served by the membership service through
    // memberProcedure, which checks membership) may use the procedure tiers besides staticProcedure,
    // and fflogs.ts, which is about the instance (its FFLogs access), not about any static.
    files: ["src/router/**/*.ts"],
    ignores: [
      "src/router/**/*.test.ts",
      "src/router/**/*.suite.ts",
      "src/router/me.ts",
      "src/router/statics.ts",
      "src/router/members.ts",
      "src/router/inputs.ts",
      "src/router/fflogs.ts",
    ],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            ...unboundDb,
            {
              name: "../trpc",
              importNames: ["publicProcedure", "protectedProcedure", "memberProcedure"],
              message: "Static-scoped routers use staticProcedure: its ctx.db is bound to the tenant.",
            },
          ],
        },
      ],
    },
  },
];
