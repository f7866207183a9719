// Counts database round trips: a TCP proxy between the app and PostgreSQL that counts each
// flight of client bytes sent after the server last spoke (pipelined messages share a flight).
import net from "node:net";

export interface RoundTripProxy {
  /** The database URL rewritten to go through the proxy. */
  url: string;
  /** Round trips counted since the last reset. */
  count(): number;
  reset(): void;
  close(): Promise<void>;
}

export async function startRoundTripProxy(databaseUrl: string): Promise<RoundTripProxy> {
  const target = new URL(databaseUrl);
  let trips = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    // Per connection: a new flight starts when the client speaks after the server did.
    let clientTurn = false;
    client.on("data", (chunk) => {
      if (!clientTurn) {
        trips++;
        clientTurn = true;
      }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk) => {
      clientTurn = false;
      client.write(chunk);
    });
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      sockets.add(a);
      a.on("close", () => {
        sockets.delete(a);
        b.destroy();
      });
      a.on("error", () => b.destroy());
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as net.AddressInfo;
  const url = new URL(databaseUrl);
  url.hostname = "127.0.0.1";
  url.port = String(address.port);
  return {
    url: url.toString(),
    count: () => trips,
    reset: () => {
      trips = 0;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
