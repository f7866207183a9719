// Shared ESLint flat config: typescript-eslint with type information, so that
// floating promises (an un-awaited query or mutation) are caught at lint time.
import tseslint from "typescript-eslint";

/** @param {{ tsconfigRootDir: string }} options */
export function progboardConfig({ tsconfigRootDir }) {
  return tseslint.config(
    { ignores: ["dist/**", "node_modules/**", ".turbo/**", "test-results/**", "**/*.js", "**/*.mjs"] },
    ...tseslint.configs.recommendedTypeChecked,
    {
      languageOptions: {
        parserOptions: { projectService: true, tsconfigRootDir },
      },
      rules: {
        "@typescript-eslint/no-non-null-assertion": "error",
        "@typescript-eslint/no-floating-promises": "error",
        "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
        "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
        "@typescript-eslint/only-throw-error": "off",
        "no-console": ["error", { allow: ["warn", "error", "info"] }],
      },
    },
    {
      // Configuration is read in one env.ts per package and handed on as values (tests included:
      // they read TEST_DATABASE_URL through @progboard/db/testing).
      ignores: ["**/env.ts"],
      rules: {
        "no-restricted-properties": [
          "error",
          { object: "process", property: "env", message: "Read the environment in an env.ts file and pass the value in." },
        ],
      },
    },
  );
}
