// Database error classification, shared by both drivers (postgres.js and PGlite both expose
// the SQLSTATE as `code`, possibly on a wrapped `cause`).
export function sqlState(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export const isUniqueViolation = (error: unknown): boolean => sqlState(error) === "23505";
export const isForeignKeyViolation = (error: unknown): boolean => sqlState(error) === "23503";

/** What a user is told when the database is away (HTTP 503). */
export const DATABASE_UNAVAILABLE = "The database is unavailable, try again in a few seconds";

/** postgres.js's codes for a connection that is gone or could not be made. */
const LOST_CONNECTION = new Set(["CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "CONNECT_TIMEOUT"]);
/** Node's socket errors for a server that is away or went away. */
const SOCKET_ERRORS = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENOTCONN", "ENETUNREACH"]);

/**
 * The database is away (a dropped connection, a restart, a refused connect, a shutdown in
 * progress), as opposed to a statement it refused: worth a 503 and a try again.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") {
      if (LOST_CONNECTION.has(code) || SOCKET_ERRORS.has(code)) return true;
      // Class 08: connection exception; 57P01–57P03: admin shutdown, crash shutdown, cannot connect now.
      if (/^08[0-9A-Z]{3}$/.test(code) || code === "57P01" || code === "57P02" || code === "57P03") return true;
    }
    // A FATAL error ends the session: the connection is gone whatever the code (a database that
    // refuses connections, a role that may not log in).
    if ((e as { severity?: unknown }).severity === "FATAL") return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
