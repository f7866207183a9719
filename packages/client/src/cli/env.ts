// The only place the CLI reads its environment (ESLint allows process.env in env.ts files alone).
import { homedir } from "node:os";
import path from "node:path";

/**
 * The user's config folder for progboard: $XDG_CONFIG_HOME/progboard, else ~/.config/progboard
 * (Linux and other Unixes), ~/Library/Application Support/progboard (macOS),
 * %APPDATA%\progboard (Windows). PROGBOARD_CONFIG_DIR wins over all of them.
 */
export function configDir(): string {
  const env = process.env;
  if (env.PROGBOARD_CONFIG_DIR) return env.PROGBOARD_CONFIG_DIR;
  if (env.XDG_CONFIG_HOME) return path.join(env.XDG_CONFIG_HOME, "progboard");
  if (process.platform === "win32" && env.APPDATA) return path.join(env.APPDATA, "progboard");
  if (process.platform === "darwin") return path.join(homedir(), "Library", "Application Support", "progboard");
  return path.join(homedir(), ".config", "progboard");
}
