import { describe, expect, it } from "vitest";
import { IMPORT_MAX_BYTES, importReportFile } from "./import";

interface Call {
  url: string;
  init: RequestInit;
}

/** A fetch that records what it was given and answers with `respond`. */
function fakeFetch(respond: () => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: input instanceof Request ? input.url : input.toString(), init: init ?? {} });
    return Promise.resolve(respond());
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

const file = new Blob(['{"report":{"code":"AbCdEf123456"}}\n'], { type: "application/json" });

describe("importReportFile", () => {
  it("posts the file's bytes as the static, and returns what was imported", async () => {
    const { fetch, calls } = fakeFetch(() => json(202, { code: "AbCdEf123456", title: "Savage prog", fights: 46, pulls: 38 }));
    const result = await importReportFile(file, { staticId: 7, fetch });

    expect(result).toEqual({ ok: true, report: { code: "AbCdEf123456", title: "Savage prog", fights: 46, pulls: 38 } });
    expect(calls).toHaveLength(1);
    const [{ url, init }] = calls as [Call];
    expect(url).toBe("/api/import");
    expect(init.method).toBe("POST");
    expect(init.body).toBe(file);
    expect(init.headers).toEqual({
      "content-type": "application/octet-stream",
      "x-progboard-import": "1",
      "x-static-id": "7",
    });
  });

  it("sends a label as a query parameter, trimmed and encoded", async () => {
    const { fetch, calls } = fakeFetch(() => json(202, { code: "AbCdEf123456", title: "t", fights: 1, pulls: 1 }));
    await importReportFile(file, { staticId: 7, label: "  Tuesday & Wed  ", fetch });
    expect(calls[0]?.url).toBe("/api/import?label=Tuesday+%26+Wed");

    await importReportFile(file, { staticId: 7, label: "   ", fetch });
    expect(calls[1]?.url).toBe("/api/import");
  });

  it("sends the file's own name, so the server's messages name it as the user knows it", async () => {
    const { fetch, calls } = fakeFetch(() => json(202, { code: "AbCdEf123456", title: "t", fights: 1, pulls: 1 }));
    const named = Object.assign(new Blob(["{}"]), { name: "Tuesday night.json" });
    await importReportFile(named, { staticId: 7, label: "P9S", fetch });
    expect(calls[0]?.url).toBe("/api/import?label=P9S&name=Tuesday+night.json");
  });

  it("gives the server's refusal in its own words", async () => {
    const { fetch } = fakeFetch(() => json(400, { error: { message: "That file is not a report export: line 1 is not JSON" } }));
    expect(await importReportFile(file, { staticId: 7, fetch })).toEqual({
      ok: false,
      status: 400,
      message: "That file is not a report export: line 1 is not JSON",
    });
  });

  it("says something useful when the answer is not the JSON error shape", async () => {
    const html = () => new Response("<html>Bad gateway</html>", { status: 502 });
    const result = await importReportFile(file, { staticId: 7, fetch: fakeFetch(html).fetch });
    expect(result).toMatchObject({ ok: false, status: 502 });
    expect(!result.ok && result.message).toMatch(/could not import the file \(error 502\)/);

    const tooLarge = await importReportFile(file, { staticId: 7, fetch: fakeFetch(() => new Response("", { status: 413 })).fetch });
    expect(!tooLarge.ok && tooLarge.message).toMatch(/up to 200 MB/);
  });

  it("does not take a success it can't read for a success", async () => {
    const { fetch } = fakeFetch(() => new Response("<!doctype html>", { status: 200 }));
    const result = await importReportFile(file, { staticId: 7, fetch });
    expect(result).toMatchObject({ ok: false, status: 200 });
  });

  it("reports a network failure in words", async () => {
    const fetch = (() => Promise.reject(new TypeError("Failed to fetch"))) as typeof globalThis.fetch;
    expect(await importReportFile(file, { staticId: 7, fetch })).toEqual({
      ok: false,
      status: null,
      message: "Can't reach the server. Check your connection and try again.",
    });
  });

  it("refuses empty and oversized files without sending them", async () => {
    const { fetch, calls } = fakeFetch(() => json(202, {}));
    const empty = await importReportFile(new Blob([]), { staticId: 7, fetch });
    expect(empty).toEqual({ ok: false, status: null, message: "That file is empty." });

    // A Blob claiming to be larger than the limit, without allocating it.
    const huge = Object.defineProperty(new Blob(["x"]), "size", { value: IMPORT_MAX_BYTES + 1 });
    const tooBig = await importReportFile(huge, { staticId: 7, fetch });
    expect(!tooBig.ok && tooBig.message).toMatch(/can be up to 200 MB/);
    expect(calls).toHaveLength(0);
  });
});
