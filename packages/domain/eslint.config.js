import { progboardConfig } from "@progboard/eslint-config";

export default progboardConfig({ tsconfigRootDir: import.meta.dirname });
