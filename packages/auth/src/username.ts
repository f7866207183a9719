import { LIMITS } from "@progboard/domain";

const { minLength, maxLength } = LIMITS.username;

/** Usernames: 2–32 characters of letters, digits, "_" and "."; compared case-insensitively. */
export const USERNAME_PATTERN = new RegExp(`^[a-zA-Z0-9_.]{${minLength},${maxLength}}$`);

export const isValidUsername = (value: string): boolean => USERNAME_PATTERN.test(value);
