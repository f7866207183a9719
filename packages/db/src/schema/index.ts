export * from "./audit";
export * from "./identity";
export * from "./raw";
export * from "./scoped";
export * from "./statics";
export * from "./templates";
