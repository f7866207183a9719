export { createApp, refuseUnsafeMutation } from "./app";
export { type Env, EnvError, parseEnv } from "./env";
export { type RunningServer, type StartOptions, startServer } from "./server";
