export { startServer, type RunningServer, type StartOptions } from "./server";
export { createApp, refuseUnsafeMutation } from "./app";
export { parseEnv, EnvError, type Env } from "./env";
