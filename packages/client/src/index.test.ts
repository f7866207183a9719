// What the client puts on the wire, seen through an injected fetch (the round trip against a real
// server is apps/server/src/client.test.ts).
import { expect, it } from "vitest";
import { attempt, createClient } from "./index";

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

it("sends the API key as a bearer token and the static as x-static-id", async () => {
  const { fetch, requests } = recordingFetch();
  const client = createClient({ url: "http://progboard.test", apiKey: "pb_example", staticId: 4, fetch });
  await client.me.get.query();
  expect(requests[0]?.headers.get("authorization")).toBe("Bearer pb_example");
  expect(requests[0]?.headers.get("x-static-id")).toBe("4");
});

it("hands errors back as typed values: the server's code and words, or UNREACHABLE", async () => {
  const refusing = () =>
    Promise.resolve(
      Response.json([{ error: { message: "Static not found", code: -32004, data: { code: "NOT_FOUND", httpStatus: 404 } } }], { status: 404 }),
    );
  const client = createClient({ url: "http://progboard.test", fetch: refusing });
  expect(await attempt(client.roster.list.query())).toEqual({
    ok: false,
    error: { code: "NOT_FOUND", message: "Static not found", httpStatus: 404 },
  });
  const down = createClient({ url: "http://progboard.test", fetch: () => Promise.reject(new TypeError("fetch failed")) });
  expect(await attempt(down.me.get.query())).toMatchObject({ ok: false, error: { code: "UNREACHABLE", httpStatus: null } });
  const { fetch } = recordingFetch();
  expect(await attempt(createClient({ url: "http://progboard.test", fetch }).me.get.query())).toEqual({ ok: true, data: { ok: true } });
});
