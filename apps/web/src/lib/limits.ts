// The server's input limits (packages/api router/inputs.ts), so inputs stop where it would refuse.
export const LIMITS = {
  reportRef: 500,
  label: 100,
  rosterName: 64,
  characterName: 32,
  server: 32,
  mechanicRef: 64,
  notes: 2000,
} as const;
