// Every threshold of the analysis in one place, with the default a static gets when it sets none.

export interface AnalysisOptions {
  /** A session is one report, or one night in the static's time zone. */
  sessionBy: "report" | "night";
  /** Local hour at which a night starts, so a raid past midnight stays one night. */
  nightStartHour: number;
  /** Fewer eligible pulls than this answers "Insufficient data". */
  minPulls: number;
  /** A wipe shorter than this is a reset. */
  resetMaxMs: number;
  /** Deaths to one ability this close together are one incident (and a "mechanic" wipe). */
  mechanicClusterMs: number;
  /** More deaths this soon after the first make a cascade. */
  cascadeWindowMs: number;
  /** Deaths of at least half the party this close together at the end are the wipe itself. */
  burstWindowMs: number;
  /** Fault attribution stops after this many deaths. */
  faultCutoffDeaths: number;
  /** Each earlier death multiplies an incident's weight by this (the first incident counts most). */
  orderDecay: number;
  /** Avoidable hits count only from this long before the first counted death. */
  hitWindowMs: number;
  weights: { failedMechanic: number; death: number; avoidableHit: number };
  /** Enrage abilities (ids, or names case-insensitive): deaths once one goes off are forced. */
  enrageAbilities: readonly (number | string)[];
  /** Per encounter, isIntermission by absolute phase index: exact "P3"/"I2" labels. */
  phaseLayouts: Readonly<Record<number, readonly boolean[]>>;
}

export const DEFAULT_OPTIONS: AnalysisOptions = {
  sessionBy: "report",
  nightStartHour: 6,
  minPulls: 5,
  resetMaxMs: 30_000,
  mechanicClusterMs: 3_000,
  cascadeWindowMs: 10_000,
  burstWindowMs: 1_000,
  faultCutoffDeaths: 2,
  orderDecay: 0.5,
  hitWindowMs: 30_000,
  weights: { failedMechanic: 1, death: 0.75, avoidableHit: 0.25 },
  enrageAbilities: ["Enrage"],
  phaseLayouts: {},
};

export type AnalysisOptionsInput = Partial<Omit<AnalysisOptions, "weights">> & { weights?: Partial<AnalysisOptions["weights"]> };

export function resolveOptions(input: AnalysisOptionsInput = {}): AnalysisOptions {
  return { ...DEFAULT_OPTIONS, ...input, weights: { ...DEFAULT_OPTIONS.weights, ...input.weights } };
}
