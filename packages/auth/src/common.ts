// Common passwords are refused wherever a password is chosen: data/common-passwords.txt (its
// source and license beside it) holds the 8-character-or-longer ones among zxcvbn's 49,233 most
// common passwords.
import { readFileSync } from "node:fs";
import { APIError } from "better-auth/api";

let list: Set<string> | undefined;

function commonPasswords(): Set<string> {
  list ??= new Set(
    readFileSync(new URL("../data/common-passwords.txt", import.meta.url), "utf8")
      .split("\n")
      .filter(Boolean),
  );
  return list;
}

/** True when the password, ignoring case, is one of the most common ones. */
export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.toLowerCase());
}

/** Where Better Auth takes a new password, and the body field that carries it. */
export const PASSWORD_SETTING_PATHS: ReadonlyMap<string, string> = new Map([
  ["/sign-up/email", "password"],
  ["/change-password", "newPassword"],
  ["/reset-password", "newPassword"],
]);

/** Refuses a common password in words (400). */
export function assertUncommonPassword(password: unknown): void {
  if (typeof password === "string" && isCommonPassword(password)) {
    throw new APIError("BAD_REQUEST", {
      code: "PASSWORD_TOO_COMMON",
      message: "This password is one of the most common ones, which are guessed first. Choose another: a few unrelated words work well.",
    });
  }
}
