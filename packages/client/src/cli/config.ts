// Where `progboard login` keeps the server URL, the API key and the static chosen with `use`:
// one JSON file in the user's config folder, readable by its owner only (0600, folder 0700).
import { chmod, mkdir, readFile, rm, writeFile } from "node:fs/promises";
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

export async function writeConfig(config: Config): Promise<void> {
  await mkdir(configDir(), { recursive: true, mode: 0o700 });
  await writeFile(configFile(), `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  // writeFile's mode applies only when it creates the file: an older file is narrowed too.
  await chmod(configFile(), 0o600);
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
