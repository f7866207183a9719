import type { Env } from "./env";

/**
 * The origins a request may come from. Always the configured ones (BETTER_AUTH_URL's origin and
 * TRUSTED_ORIGINS). Outside production also the origin the browser actually used, when it matches
 * the Host it sent: a page opened at 127.0.0.1, a LAN address or a hostname is then same-origin
 * with its own requests, which is all the check exists to ensure. Production keeps the fixed list,
 * because there the public address is known and a Host header is not proof of anything behind a
 * proxy.
 */
export function allowedOrigins(env: Pick<Env, "production" | "trustedOrigins">, req: Request | undefined): string[] {
  if (env.production || !req) return env.trustedOrigins;
  const own = sameHostOrigin(req);
  return own && !env.trustedOrigins.includes(own) ? [...env.trustedOrigins, own] : env.trustedOrigins;
}

function sameHostOrigin(req: Request): string | null {
  const origin = req.headers.get("origin");
  const host = req.headers.get("host");
  if (!origin || !host || !URL.canParse(origin)) return null;
  const url = new URL(origin);
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  return url.host === host.toLowerCase() ? url.origin : null;
}

/** Why a request's Origin is refused, naming the setting that would allow it; null when allowed. */
export function originRefusal(env: Pick<Env, "production" | "trustedOrigins" | "baseURL">, req: Request): string | null {
  const origin = req.headers.get("origin");
  if (origin === null || allowedOrigins(env, req).includes(origin)) return null;
  const shown = origin.length > 200 ? `${origin.slice(0, 200)}…` : origin;
  return env.production
    ? `This page was opened at ${shown}, but this server's public address is ${env.baseURL}: open ${env.baseURL}, or set BETTER_AUTH_URL to the address people open (more addresses go in TRUSTED_ORIGINS).`
    : `This page was opened at ${shown}, which is not the address the request was sent to: open ${env.baseURL}, or add ${shown} to TRUSTED_ORIGINS.`;
}
