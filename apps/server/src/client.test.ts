// @progboard/client against a real server on a socket (dev identity, embedded database).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient } from "@progboard/client";
import { migratedDataDir } from "@progboard/db/testing";
import { TRPCClientError } from "@trpc/client";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type RunningServer, startServer } from "./server";

let server: RunningServer;
beforeAll(async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "progboard-client-"));
  await migratedDataDir(dataDir);
  server = await startServer({
    env: {
      PORT: "0",
      HOST: "127.0.0.1",
      AUTH_MODE: "dev",
      NODE_ENV: "test",
      DEMO: "false",
      DATA_DIR: dataDir,
    },
  });
});
afterAll(() => server.close());

it("creates a static, pins it with x-static-id, and reports NOT_FOUND as a typed error", async () => {
  const aoi = createClient({ url: server.url, headers: { "x-dev-user": "aoi" } });
  const created = await aoi.statics.create.mutate({ name: "Client static" });
  const pinned = createClient({ url: server.url, headers: { "x-dev-user": "aoi", "x-static-id": String(created.id) } });
  expect((await pinned.me.get.query()).currentStaticId).toBe(created.id);

  const stranger = createClient({ url: server.url, headers: { "x-dev-user": "stranger" } });
  const error = await stranger.members.list.query({ staticId: created.id }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCClientError);
  expect((error as TRPCClientError<never>).data).toMatchObject({ code: "NOT_FOUND", httpStatus: 404 });
});
