// @progboard/domain: the shapes and limits that the database, the API, the web app and the
// analysis share. A leaf: no dependencies, so the web bundle and packages/analysis can import it.

export type { FflogsSource, FollowOwner } from "./fflogs";
export {
  findJob,
  findJobByFflogsSubType,
  JOB_GROUPS,
  JOBS,
  type Job,
  type JobGroup,
  ROLES,
  type Role,
  roleOfJob,
  TANK_AND_HEALER_CLASSES,
} from "./jobs";
export { FFLOGS_REGIONS, type FflogsRegion, INT4_MAX, LIMITS } from "./limits";
export { type KnownPhase, phaseNames } from "./phases";
export {
  FFLOGS_REPORT_CODE,
  FILE_REPORT_CODE,
  FILE_REPORT_PREFIX,
  fileReportCode,
  isFflogsReportCode,
  isFileReportCode,
  parseReportRef,
  reportCodeForDisplay,
} from "./report-code";
export { FFLOGS_STATUS_OFFSET, STRAT_RULES, type StratRule } from "./strats";
