// Pulls as raiders say them: "12. 4:31 – P3 12.4%". Unknown stays unknown: a phase or HP that
// FFLogs did not log is said so, never printed as 0.

export interface PullLike {
  pullNumber: number;
  duration: string;
  kill: boolean;
  phase: string | null;
  bossPercentage: number | null;
  sessionKey: string;
  sessionLabel: string;
}

export function pullLine(pull: PullLike): string {
  const head = `${pull.pullNumber}. ${pull.duration} – `;
  if (pull.kill) return `${head}KILL`;
  const hp = pull.bossPercentage === null ? "HP unknown" : `${pull.bossPercentage.toFixed(1)}%`;
  return `${head}${pull.phase ?? "phase unknown"} ${hp}`;
}

export interface SessionRef {
  key: string;
  label: string;
  pulls: number;
}

/** The sessions of these pulls, in the order they were played. */
export function sessionsOf(pulls: readonly PullLike[]): SessionRef[] {
  const byKey = new Map<string, SessionRef>();
  for (const pull of pulls) {
    const known = byKey.get(pull.sessionKey);
    if (known) known.pulls++;
    else byKey.set(pull.sessionKey, { key: pull.sessionKey, label: pull.sessionLabel, pulls: 1 });
  }
  return [...byKey.values()];
}

export function lastSession(pulls: readonly PullLike[]): SessionRef | undefined {
  return sessionsOf(pulls).at(-1);
}
