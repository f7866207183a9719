// Phase names ("P3", "I2") for every phase index of an encounter, the same wherever they are shown.
//
// FFLogs names the phase a pull ended in: its type (phase or intermission), its count within the
// type and its absolute index. Phases no pull ended in are worked out from those: the only layouts
// (phase or intermission at each index) that agree with every known name are kept, and of them the
// one with the fewest intermissions (on a tie, phases at the later indexes), so a gap between P2 and P3 is I1 and a
// phase past the furthest is the next P. A name is never "#5": unknown is not shown as an index.

export interface KnownPhase {
  isIntermission: boolean;
  /** Its count within its type, from 1 ("P3" is 3). */
  n: number;
}

/** Names of phase indexes 0..upTo from the names known at some indexes (see above). */
export function phaseNames(known: ReadonlyMap<number, KnownPhase>, upTo: number): string[] {
  const size = Math.max(upTo, ...known.keys()) + 1;
  // best[k][i]: fewest intermissions for indexes 0..k with i intermissions among them is just i;
  // feasible[k][i] says whether such a prefix agrees with every known name up to k.
  const feasible: boolean[][] = [];
  for (let k = 0; k < size; k++) {
    const row: boolean[] = [];
    for (let i = 0; i <= k + 1; i++) {
      const p = k + 1 - i;
      const fromPhase = i <= k && (k === 0 ? i === 0 : (feasible[k - 1]?.[i] ?? false));
      const fromIntermission = i >= 1 && (k === 0 ? i === 1 : (feasible[k - 1]?.[i - 1] ?? false));
      const want = known.get(k);
      const asPhase = fromPhase && (!want || (!want.isIntermission && want.n === p));
      const asIntermission = fromIntermission && (!want || (want.isIntermission && want.n === i));
      row.push(asPhase || asIntermission);
    }
    feasible.push(row);
  }
  const last = feasible[size - 1] ?? [];
  let count = last.findIndex(Boolean);
  // Contradictory names (logs of two layouts): each known one as FFLogs said, the rest as phases.
  if (count < 0) return naive(known, size);
  // Walk back, choosing at each index how the prefix before it stays feasible (phase first).
  const types: boolean[] = new Array<boolean>(size).fill(false);
  for (let k = size - 1; k >= 0; k--) {
    const want = known.get(k);
    const p = k + 1 - count;
    const previousOk = (i: number) => (k === 0 ? i === 0 : (feasible[k - 1]?.[i] ?? false));
    const canPhase = count <= k && previousOk(count) && (!want || (!want.isIntermission && want.n === p));
    if (canPhase) continue;
    types[k] = true;
    count -= 1;
  }
  const names: string[] = [];
  let phases = 0;
  let intermissions = 0;
  for (const isIntermission of types) names.push(isIntermission ? `I${++intermissions}` : `P${++phases}`);
  return names.slice(0, upTo + 1);
}

function naive(known: ReadonlyMap<number, KnownPhase>, size: number): string[] {
  const names: string[] = [];
  let phases = 0;
  for (let k = 0; k < size; k++) {
    const want = known.get(k);
    if (want) {
      names.push(`${want.isIntermission ? "I" : "P"}${want.n}`);
      if (!want.isIntermission) phases = want.n;
    } else names.push(`P${++phases}`);
  }
  return names;
}
