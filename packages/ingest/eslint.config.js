import { progboardConfig } from "@progboard/eslint-config";

export default [
  ...progboardConfig({ tsconfigRootDir: import.meta.dirname }),
  {
    // The fakes and the generator are for tests, benchmarks and demos: production source never
    // reaches them (`./testing`, `../testing/generator`, `@progboard/ingest/testing`, any package's
    // testing entry).
    files: ["src/**/*.ts"],
    ignores: ["src/**/*.test.ts", "src/testing/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { regex: "(^|/)testing(/|$)", message: "Test helpers (src/testing/) are for tests, benchmarks and demos, not production source." },
          ],
        },
      ],
    },
  },
];
