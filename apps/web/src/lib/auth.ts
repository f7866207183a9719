// Better Auth's endpoints called with plain fetch: the few calls the app needs don't justify
// shipping its client library. The session itself is an HttpOnly cookie the browser keeps.
const AUTH_URL = "/api/auth";

export interface SignUpInput {
  name: string;
  email: string;
  password: string;
  username: string;
  signupCode?: string;
}

export class AuthError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = "AuthError";
  }
}

async function post(path: string, body: object): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`${AUTH_URL}${path}`, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  } catch {
    throw new AuthError("Can't reach the server. Check your connection and try again.", undefined);
  }
  if (response.ok) return;
  throw new AuthError(...(await readError(response)));
}

async function readError(response: Response): Promise<[string, string | undefined]> {
  const fallback = response.status === 429 ? "Too many attempts. Wait a minute and try again." : `Request failed (${response.status}).`;
  try {
    const body: unknown = await response.json();
    if (typeof body === "object" && body !== null) {
      const message = "message" in body && typeof body.message === "string" ? body.message : "";
      const code = "code" in body && typeof body.code === "string" ? body.code : undefined;
      return [message || fallback, code];
    }
  } catch {
    // Not JSON (a proxy page, an empty body): the status is all there is.
  }
  return [fallback, undefined];
}

export function signUp(input: SignUpInput): Promise<void> {
  const { signupCode, ...rest } = input;
  return post("/sign-up/email", signupCode ? { ...rest, signupCode } : rest);
}

/** Sign in with either a username or an email address. */
export function signIn(login: string, password: string): Promise<void> {
  const id = login.trim();
  return id.includes("@") ? post("/sign-in/email", { email: id, password }) : post("/sign-in/username", { username: id, password });
}

export function signOut(): Promise<void> {
  return post("/sign-out", {});
}
