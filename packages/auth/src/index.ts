export { type Auth, type AuthConfig, CLIENT_IP_HEADER, createAuth, RESERVED_USERNAMES, type SignupPolicy } from "./auth";
export { canonicalEmail } from "./email";
export { DEMO_HEADER, demoIdentity, devIdentity, devUsername, type Identity, type IdentityResolver, sessionIdentity } from "./identity";
export { ARGON2_OPTIONS, hashPassword, verifyPassword } from "./password";
export { isValidUsername, USERNAME_PATTERN } from "./username";
