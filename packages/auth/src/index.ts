export {
  API_KEY_PREFIX,
  API_KEY_RATE_LIMIT,
  ApiKeyLimiter,
  type ApiKeyRateLimit,
  apiKeyIdentity,
  bearerToken,
  CredentialError,
  generateApiKey,
  hashApiKey,
  INVALID_API_KEY,
} from "./api-keys";
export { type Auth, type AuthConfig, CLIENT_IP_HEADER, createAuth, RESERVED_USERNAMES, type SignupPolicy } from "./auth";
export { canonicalEmail } from "./email";
export {
  type ApiKeyScope,
  DEMO_HEADER,
  demoIdentity,
  devIdentity,
  devUsername,
  type Identity,
  type IdentityResolver,
  sessionIdentity,
} from "./identity";
export { ARGON2_OPTIONS, hashPassword, verifyPassword } from "./password";
export { isValidUsername, USERNAME_PATTERN } from "./username";
