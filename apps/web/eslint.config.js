import { progboardConfig } from "@progboard/eslint-config";
import reactHooks from "eslint-plugin-react-hooks";

export default [
  ...progboardConfig({ tsconfigRootDir: import.meta.dirname }),
  { files: ["src/**/*.tsx", "src/**/*.ts"], ...reactHooks.configs.flat.recommended },
];
