// Issue 12: a fuzz test of every procedure, generated from the router itself, through the real
// HTTP path (/api/trpc): each input field, and each whole input, is replaced by hostile values
// (NUL characters, huge and deep values, wrong types, out-of-range numbers, smuggled keys). No
// answer is a 500, and every refusal is in words (never a JSON dump). A procedure added to the
// router is fuzzed without editing this file.
import { appRouter } from "@progboard/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "./testing";

interface SchemaLike {
  def: {
    type: string;
    innerType?: SchemaLike;
    in?: SchemaLike;
    shape?: Record<string, SchemaLike>;
    element?: SchemaLike;
    options?: SchemaLike[];
    entries?: Record<string, string>;
    values?: unknown[];
  };
}
interface ProcedureLike {
  _def: { type: "query" | "mutation" | "subscription"; inputs: SchemaLike[] };
}

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let t: TestApp;
let staticId: number;
const USER = "fuzzer";

/** Nested `depth` levels deep, as arrays or objects. */
function deep(depth: number, asObject: boolean): unknown {
  let value: unknown = "bottom";
  for (let i = 0; i < depth; i++) value = asObject ? { a: value } : [value];
  return value;
}

const HOSTILE: [string, unknown][] = [
  ["NUL", "a\u0000b"],
  ["only NUL", "\u0000"],
  ["huge string", "x".repeat(200_000)],
  ["huge unicode", "🙂".repeat(50_000)],
  ["deep array", deep(3_000, false)],
  ["deep object", deep(3_000, true)],
  ["huge array", Array.from({ length: 20_000 }, (_, i) => i)],
  ["empty string", ""],
  ["blank", "   "],
  ["control and bidi", "\u0001\u001f\u202e\uFEFF"],
  ["lone surrogate", "\ud800"],
  ["SQL", "'; drop table users; --"],
  ["markup", "<script>alert(1)</script>"],
  ["number as string", "12345678901234567890"],
  ["zero", 0],
  ["negative", -1],
  ["fraction", 1.5],
  ["int4 overflow", 2 ** 31],
  ["unsafe integer", 2 ** 53 + 1],
  ["huge number", 1e308],
  ["tiny number", -1e308],
  ["true", true],
  ["null", null],
  ["empty array", []],
  ["empty object", {}],
  ["smuggled keys", { __proto__: { admin: true }, constructor: "x", staticId: 1 }],
];

/** A plausible valid value for a schema, so that one hostile field at a time reaches the resolver. */
function sample(schema: SchemaLike | undefined, key = ""): unknown {
  if (!schema) return undefined;
  const { def } = schema;
  switch (def.type) {
    case "string":
      return /code/i.test(key) ? "FuzzCode000001" : "abcdefgh";
    case "number":
      return /staticId/i.test(key) ? staticId : 1;
    case "boolean":
      return true;
    case "enum":
      return Object.values(def.entries ?? {})[0];
    case "literal":
      return def.values?.[0];
    case "array":
      return [sample(def.element, key)];
    case "union":
      return sample(def.options?.[0], key);
    case "object":
      return Object.fromEntries(Object.entries(def.shape ?? {}).map(([k, v]) => [k, sample(v, k)]));
    case "optional":
    case "nullable":
    case "default":
    case "readonly":
    case "nonoptional":
    case "catch":
      return sample(def.innerType, key);
    case "pipe":
      return sample(def.in, key);
    default:
      return null;
  }
}

function objectShape(schema: SchemaLike | undefined): Record<string, SchemaLike> | null {
  let s = schema;
  while (s && s.def.type !== "object") s = s.def.innerType ?? s.def.in;
  return s?.def.shape ?? null;
}

/** Every input to send one procedure: the sample, then each field and the whole input made hostile. */
function inputsFor(procedure: ProcedureLike): unknown[] {
  const schema = procedure._def.inputs[0];
  const base = sample(schema);
  const inputs: unknown[] = [base, ...HOSTILE.map(([, value]) => value)];
  const shape = objectShape(schema);
  if (shape && typeof base === "object" && base !== null) {
    for (const key of Object.keys(shape)) {
      for (const [, value] of HOSTILE) inputs.push({ ...base, [key]: value });
      // One level down (e.g. arrays of objects, nested keys).
      const inner = objectShape(shape[key]);
      if (inner)
        for (const innerKey of Object.keys(inner))
          for (const [, value] of HOSTILE) inputs.push({ ...base, [key]: { ...(sample(shape[key]) as object), [innerKey]: value } });
    }
    inputs.push({ ...base, unexpected: "key" });
  }
  return inputs;
}

const procedures = () => Object.entries(appRouter._def.procedures as unknown as Record<string, ProcedureLike>).sort(([x], [y]) => x.localeCompare(y));

beforeAll(async () => {
  // FFLogs credentials so a report can be watched (no worker runs here: nothing is fetched).
  t = await createTestApp({
    AUTH_MODE: "dev",
    FFLOGS_CLIENT_ID: "unused-client",
    FFLOGS_CLIENT_SECRET: "unused-secret",
    // Nothing listens there: fflogs.check answers at once that FFLogs cannot be reached.
    FFLOGS_API_URL: "http://127.0.0.1:9/api/v2/client",
  });
  const created = await t.post("/api/trpc/statics.create", { name: "Fuzz static" }, { "x-dev-user": USER });
  staticId = ((await created.json()) as { result: { data: { id: number } } }).result.data.id;
  // Something to find: a watched report (not fetched: no worker in this app).
  await t.post("/api/trpc/watchedReports.add", { report: "FuzzCode000001" }, { "x-dev-user": USER, "x-static-id": String(staticId) });
});
afterAll(() => t.close());

let fuzzed = 0;

describe("fuzzing every procedure over HTTP", () => {
  it.each(procedures())("%s never answers 500, and refuses in words", async (path, procedure) => {
    const headers = { "x-dev-user": USER, "x-static-id": String(staticId) };
    const failures: string[] = [];
    for (const input of inputsFor(procedure)) {
      const json = JSON.stringify(input === undefined ? null : input);
      const response =
        procedure._def.type === "query"
          ? await t.app.request(`/api/trpc/${path}?input=${encodeURIComponent(json)}`, { headers })
          : await t.post(`/api/trpc/${path}`, input ?? null, headers);
      fuzzed++;
      const body = (await response.json()) as { error?: { message?: unknown } };
      const message = body.error?.message;
      if (response.status >= 500) failures.push(`${response.status} for ${json.slice(0, 120)}: ${String(message)}`);
      else if (!response.ok && (typeof message !== "string" || /^\s*[[{]/.test(message) || message.length > 1_000))
        failures.push(`${response.status} not in words for ${json.slice(0, 120)}: ${String(message).slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
  });

  it("fuzzed thousands of requests (the count is printed)", () => {
    console.info(`fuzz: ${fuzzed} requests over ${procedures().length} procedures`);
    expect(fuzzed).toBeGreaterThan(procedures().length * HOSTILE.length);
  });
});
