import { sharedTest } from "@progboard/vitest-config";
import { defineConfig } from "vitest/config";

// Unit tests only; browser tests have their own config (vitest.e2e.config.ts).
export default defineConfig({ test: { ...sharedTest, include: ["src/**/*.test.ts"] } });
