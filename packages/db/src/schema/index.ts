export * from "./audit";
export * from "./identity";
export * from "./instance";
export * from "./raw";
export * from "./scoped";
export * from "./statics";
export * from "./templates";
