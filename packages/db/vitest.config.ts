import { slowTest } from "@progboard/vitest-config";
import { defineConfig } from "vitest/config";

export default defineConfig({ test: slowTest });
