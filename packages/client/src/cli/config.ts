// Where `progboard login` keeps the server URL, the API key and the static chosen with `use`:
// one JSON file in the user's config folder, readable by its owner only (0600, folder 0700).
import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { configDir } from "./env";

const configSchema = z.object({
  url: z.url(),
  key: z.string().min(1),
  staticId: z.number().int().positive().nullable().default(null),
});

export type Config = z.infer<typeof configSchema>;

export const configFile = () => path.join(configDir(), "config.json");

/** The saved config, or null when nobody logged in; a damaged file is an error in words. */
export async function readConfig(): Promise<Config | null> {
  let text: string;
  try {
    text = await readFile(configFile(), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    raw = null;
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) throw new CliError(`${configFile()} is damaged: run \`progboard login --url … --key …\` again`, EXIT.usage);
  return parsed.data;
}

/**
 * Saves the config whole or not at all: written to a new temp file beside it (created 0600, never
 * through a link: O_EXCL), flushed, then renamed over config.json. A rename replaces whatever is at
 * config.json, a link too, without writing through it; a failed write leaves the old file as it was.
 */
export async function writeConfig(config: Config): Promise<void> {
  const dir = configDir();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = path.join(dir, `.config.json.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    const file = await open(temp, "wx", 0o600);
    try {
      await file.writeFile(`${JSON.stringify(config, null, 2)}\n`, "utf8");
      // The umask may only narrow the mode; this makes it exactly owner-only.
      await file.chmod(0o600);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, configFile());
  } finally {
    await rm(temp, { force: true });
  }
}

export async function removeConfig(): Promise<void> {
  await rm(configFile(), { force: true });
}

/** Exit codes (README, "The progboard command"). */
export const EXIT = {
  ok: 0,
  /** The server refused or failed the request (its words are printed). */
  failed: 1,
  /** Bad command line, or no login yet. */
  usage: 2,
  /** The key was refused: unknown, revoked or expired (UNAUTHORIZED). */
  unauthorized: 3,
  /** Not found, or not yours (NOT_FOUND). */
  notFound: 4,
  /** Not allowed with this key (FORBIDDEN: read-only, limited to another static). */
  forbidden: 5,
  /** No answer from the server. */
  unreachable: 6,
} as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = "CliError";
  }
}
