// Graceful HTTP shutdown. Node's server.close() stops accepting and closes the connections idle at
// that instant, but a busy keep-alive connection goes on serving new requests, and a client about
// to reuse an idle one has its request cut. So: stop accepting; from then on every response says
// `Connection: close` (a client closes the connection after it instead of sending another
// request); idle connections are closed after a short grace, in-flight requests finish; past the
// deadline whatever is left is closed.

import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { Server as NetServer, type Socket } from "node:net";

export interface Drain {
  /** Resolves once every connection is closed (at the latest at `deadlineMs`). */
  close(options: { idleGraceMs: number; deadlineMs: number }): Promise<void>;
  /** Requests being answered now. */
  inFlight(): number;
}

export function drainable(server: Server): Drain {
  const open = new Map<Socket, Set<ServerResponse>>();
  let stopping = false;

  server.on("connection", (socket: Socket) => {
    open.set(socket, new Set());
    socket.once("close", () => open.delete(socket));
  });
  // Before the app's own listener, so the header is set before any response can be written.
  server.prependListener("request", (req: IncomingMessage, res: ServerResponse) => {
    const responses = open.get(req.socket);
    responses?.add(res);
    if (stopping) res.setHeader("connection", "close");
    res.once("close", () => responses?.delete(res));
  });

  return {
    inFlight: () => [...open.values()].reduce((n, responses) => n + responses.size, 0),
    close({ idleGraceMs, deadlineMs }) {
      stopping = true;
      for (const responses of open.values()) for (const res of responses) if (!res.headersSent) res.setHeader("connection", "close");
      return new Promise<void>((resolve) => {
        // net.Server's close: stop listening, leave the open connections to the steps below.
        NetServer.prototype.close.call(server, () => {
          clearTimeout(grace);
          clearTimeout(deadline);
          clearInterval(sweep);
          resolve();
        });
        // After the grace, a connection idle then (or once its last answer is out) is closed.
        const grace = setTimeout(() => {
          server.closeIdleConnections();
          sweep = setInterval(() => server.closeIdleConnections(), 100);
          sweep.unref();
        }, idleGraceMs);
        let sweep: NodeJS.Timeout | undefined;
        const deadline = setTimeout(() => server.closeAllConnections(), deadlineMs);
        grace.unref();
        deadline.unref();
      });
    },
  };
}
