import type { FflogsSource } from "@progboard/domain";

/** Why the Watch and Follow forms cannot fetch from FFLogs yet, and who can change it. */
export function fflogsMissingWords(canConfigure: boolean): string {
  return canConfigure
    ? "FFLogs access is not set up on this server yet. You are an instance admin: enter an FFLogs API client under Admin (in the header). Until then, import report files."
    : "FFLogs access is not set up on this server yet, so reports cannot be fetched from FFLogs. An instance admin can set it up under Admin; until then, import report files.";
}

export function sourceWords(source: FflogsSource): string {
  if (source === "env") return "Set by the server's environment (FFLOGS_CLIENT_ID and FFLOGS_CLIENT_SECRET), which wins over anything set here.";
  if (source === "app") return "Set here by an instance admin.";
  return "Not set: reports can only be imported from files.";
}
