export * from "./identity";
export * from "./statics";
export * from "./scoped";
export * from "./raw";
