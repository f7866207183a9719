// What the client puts on the wire, seen through an injected fetch (the round trip against a real
// server is apps/server/src/client.test.ts).
import { expect, it } from "vitest";
import { createClient } from "./index";

function recordingFetch() {
  const requests: { url: string; headers: Headers }[] = [];
  const fetch = (input: string | URL | Request, init?: RequestInit) => {
    requests.push({ url: input instanceof Request ? input.url : String(input), headers: new Headers(init?.headers) });
    return Promise.resolve(Response.json([{ result: { data: { ok: true } } }]));
  };
  return { fetch, requests };
}

it("calls <url>/api/trpc whatever the trailing slashes, with the given headers", async () => {
  const { fetch, requests } = recordingFetch();
  const client = createClient({ url: "http://progboard.test:3000/", headers: { "x-dev-user": "aoi", "x-static-id": "7" }, fetch });
  expect(await client.me.get.query()).toEqual({ ok: true });
  expect(requests).toHaveLength(1);
  expect(new URL(requests[0]?.url ?? "").pathname).toBe("/api/trpc/me.get");
  expect(requests[0]?.headers.get("x-dev-user")).toBe("aoi");
  expect(requests[0]?.headers.get("x-static-id")).toBe("7");
});

it("asks a headers function again for every request", async () => {
  const { fetch, requests } = recordingFetch();
  let calls = 0;
  const client = createClient({ url: "http://progboard.test", headers: () => Promise.resolve({ cookie: `session=${++calls}` }), fetch });
  await client.me.get.query();
  await client.me.get.query();
  expect(requests.map((r) => r.headers.get("cookie"))).toEqual(["session=1", "session=2"]);
});
