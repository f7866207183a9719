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
