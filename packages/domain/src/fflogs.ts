// FFLogs shapes the API, the server and the web app share. A guild's region is one of FFLOGS_REGIONS.

/** Whose reports a follow lists: an FFLogs guild (name, server slug, region) or an FFLogs user. */
export type FollowOwner = { kind: "guild"; name: string; server: string; region: string } | { kind: "user"; userId: number };

/** Where the FFLogs credentials in use come from (the environment wins), or null when there are none. */
export type FflogsSource = "env" | "app" | null;
