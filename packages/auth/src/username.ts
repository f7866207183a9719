/** Usernames: 2–32 characters of letters, digits, "_" and "."; compared case-insensitively. */
export const USERNAME_PATTERN = /^[a-zA-Z0-9_.]{2,32}$/;

export const isValidUsername = (value: string): boolean => USERNAME_PATTERN.test(value);
