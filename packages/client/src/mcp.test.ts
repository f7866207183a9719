// The MCP tools' arguments are bounded by the shared LIMITS: an out-of-range argument is refused in
// words by the tool itself, before any request reaches the API.
import { Client as McpClient } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { LIMITS } from "@progboard/domain";
import { afterEach, describe, expect, it } from "vitest";
import { createMcpServer } from "./mcp";

const ENCOUNTER_TOOLS = ["get_night", "get_player_consistency", "get_prog_curve", "get_pulls", "get_wipe_causes"];

let asked = 0;
let close: (() => Promise<void>) | undefined;

async function connect(readOnly = false): Promise<McpClient> {
  asked = 0;
  const server = createMcpServer({
    clientFor: () => {
      asked++;
      throw new Error("no request may be made for these arguments");
    },
    readOnly,
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new McpClient({ name: "test", version: "1.0.0" });
  await client.connect(clientSide);
  close = async () => {
    await client.close();
    await server.close();
  };
  return client;
}

afterEach(async () => {
  await close?.();
  close = undefined;
});

type Property = { maximum?: number; maxLength?: number };

describe("MCP tool arguments", () => {
  it("take their bounds from LIMITS: ids, the pull count, session keys, report references and labels", async () => {
    const mcp = await connect();
    const { tools } = await mcp.listTools();
    const props = (name: string) => (tools.find((t) => t.name === name)?.inputSchema.properties ?? {}) as Record<string, Property>;
    for (const name of ENCOUNTER_TOOLS) {
      expect(props(name).staticId?.maximum, name).toBe(LIMITS.id.max);
      expect(props(name).encounterId?.maximum, name).toBe(LIMITS.id.max);
    }
    expect(props("get_pulls").limit?.maximum).toBe(LIMITS.mcpPulls.max);
    expect(props("get_pulls").session?.maxLength).toBe(LIMITS.sessionKey.maxLength);
    expect(props("get_night").session?.maxLength).toBe(LIMITS.sessionKey.maxLength);
    expect(props("watch_report").report?.maxLength).toBe(LIMITS.reportRef.maxLength);
    expect(props("watch_report").label?.maxLength).toBe(LIMITS.label.maxLength);
    expect(props("list_reports").staticId?.maximum).toBe(LIMITS.id.max);
  });

  it("an id past what the database holds, or too many pulls, is refused in words without a request", async () => {
    const mcp = await connect();
    for (const name of ENCOUNTER_TOOLS) {
      const refused = await mcp.callTool({ name, arguments: { staticId: LIMITS.id.max + 1 } });
      expect(refused.isError, name).toBe(true);
      expect(JSON.stringify(refused.content), name).toMatch(/staticId/);
    }
    expect((await mcp.callTool({ name: "get_pulls", arguments: { limit: LIMITS.mcpPulls.max + 1 } })).isError).toBe(true);
    expect((await mcp.callTool({ name: "get_night", arguments: { session: "x".repeat(LIMITS.sessionKey.maxLength + 1) } })).isError).toBe(true);
    expect(asked).toBe(0);
  });

  it("a read-only key is not offered watch_report; the encounter tools are all there", async () => {
    const mcp = await connect(true);
    const names = (await mcp.listTools()).tools.map((t) => t.name);
    expect(names).not.toContain("watch_report");
    for (const name of ENCOUNTER_TOOLS) expect(names).toContain(name);
  });
});
