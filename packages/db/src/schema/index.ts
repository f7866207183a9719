export * from "./identity";
export * from "./statics";
