// A throwaway PostgreSQL database per benchmark run, dropped afterwards (also on failure or Ctrl-C).
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { onInterrupt } from "./cleanup";
import { envText } from "./env";

export const DEFAULT_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/test";

/** The admin URL: a superuser on the server to benchmark against (BENCH_DATABASE_URL). */
export function adminUrl(): string {
  return envText("BENCH_DATABASE_URL") ?? DEFAULT_ADMIN_URL;
}

export interface BenchDatabase {
  name: string;
  /** URL of the new database, as the admin user (its owner). */
  url: string;
  /** Drops the database, closing whatever connections are still open. Idempotent. */
  drop(): Promise<void>;
}

export async function createBenchDatabase(admin: string = adminUrl()): Promise<BenchDatabase> {
  const name = `progboard_bench_${randomBytes(6).toString("hex")}`;
  await withAdmin(admin, (sql) => sql.unsafe(`create database ${name}`));
  const url = new URL(admin);
  url.pathname = `/${name}`;
  let dropping: Promise<void> | undefined;
  const drop = () => (dropping ??= withAdmin(admin, (sql) => sql.unsafe(`drop database if exists ${name} with (force)`)).then(() => undefined));
  const unregister = onInterrupt(drop);
  return {
    name,
    url: url.toString(),
    drop: async () => {
      await drop();
      unregister();
    },
  };
}

async function withAdmin<T>(admin: string, fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(admin, { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}
