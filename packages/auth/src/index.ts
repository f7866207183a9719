export { createAuth, CLIENT_IP_HEADER, type Auth, type AuthConfig, type SignupPolicy } from "./auth";
export { devIdentity, devUsername, sessionIdentity, type Identity, type IdentityResolver } from "./identity";
export { canonicalEmail } from "./email";
export { hashPassword, verifyPassword, ARGON2_OPTIONS } from "./password";
export { isValidUsername, USERNAME_PATTERN } from "./username";
