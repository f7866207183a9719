// The two GraphQL operations the client sends. Operation names are how the fake server tells
// them apart; rateLimitData rides along on both so the client always knows its budget.

export const REPORT_OPERATION = "ProgboardReport";
export const EVENTS_OPERATION = "ProgboardEvents";

const RATE_LIMIT = "rateLimitData { limitPerHour pointsSpentThisHour pointsResetIn }";

export const REPORT_QUERY = `query ${REPORT_OPERATION}($code: String!) {
  ${RATE_LIMIT}
  reportData {
    report(code: $code) {
      code title startTime endTime revision
      owner { name }
      zone { id name }
      fights {
        id encounterID name difficulty startTime endTime kill fightPercentage bossPercentage
        lastPhase lastPhaseAsAbsoluteIndex lastPhaseIsIntermission
        phaseTransitions { id startTime }
        friendlyPlayers
      }
      masterData {
        actors { id name type subType server petOwner gameID }
        abilities { gameID name icon type }
      }
    }
  }
}`;

export const EVENTS_QUERY = `query ${EVENTS_OPERATION}($code: String!, $fightIDs: [Int]!, $startTime: Float!, $endTime: Float!, $dataType: EventDataType!, $hostilityType: HostilityType!, $limit: Int!) {
  ${RATE_LIMIT}
  reportData {
    report(code: $code) {
      events(fightIDs: $fightIDs, startTime: $startTime, endTime: $endTime, dataType: $dataType, hostilityType: $hostilityType, limit: $limit) {
        data nextPageTimestamp
      }
    }
  }
}`;

export interface EventsVariables {
  code: string;
  fightIDs: number[];
  startTime: number;
  endTime: number;
  dataType: string;
  hostilityType: string;
  limit: number;
}

export const REPORTS_OPERATION = "ProgboardReports";

/**
 * A guild's or a user's reports, newest first, one page at a time (FFLogs' ReportPagination).
 * Variables that do not apply are left out of `variables`, which GraphQL reads as not given.
 */
export const REPORTS_QUERY = `query ${REPORTS_OPERATION}($guildName: String, $guildServerSlug: String, $guildServerRegion: String, $userID: Int, $startTime: Float, $page: Int, $limit: Int) {
  ${RATE_LIMIT}
  reportData {
    reports(guildName: $guildName, guildServerSlug: $guildServerSlug, guildServerRegion: $guildServerRegion, userID: $userID, startTime: $startTime, page: $page, limit: $limit) {
      data {
        code title startTime endTime
        zone { id name }
        fights { encounterID }
      }
      current_page has_more_pages
    }
  }
}`;

export interface ReportsVariables {
  guildName?: string;
  guildServerSlug?: string;
  guildServerRegion?: string;
  userID?: number;
  startTime: number;
  page: number;
  limit: number;
}
