import { sharedTest } from "@progboard/vitest-config";
import { defineConfig } from "vitest/config";

export default defineConfig({ test: { ...sharedTest, include: ["src/**/*.test.ts"] } });
