// Seeds the bench database as its owner (a superuser: row-level security does not apply) with
// set-based SQL: statics, one member user per static, and a roster of `rowsPerStatic` per static.
import { randomBytes } from "node:crypto";
import { type Credential, sessionCredential } from "@progboard/db";
import { JOBS as ALL_JOBS } from "@progboard/domain";
import type postgres from "postgres";

export interface SeedOptions {
  statics: number;
  rowsPerStatic: number;
}

/** A static of the dataset and the user (its member) who reads it. */
export interface BenchTenant {
  staticId: number;
  userId: number;
  username: string;
  /** A live session of the user: what withTenant binds by (migrations/0019). */
  credential: Credential;
}

const FORENAMES = [
  "Aeryn",
  "Alisaie",
  "Amara",
  "Arden",
  "Aymeric",
  "Bran",
  "Cerys",
  "Cid",
  "Corin",
  "Dalia",
  "Darius",
  "Edda",
  "Elin",
  "Emet",
  "Estin",
  "Fenn",
  "Gaius",
  "Gwen",
  "Haurch",
  "Hien",
  "Idris",
  "Iona",
  "Jorah",
  "Kaia",
  "Kyrin",
  "Lyse",
  "Maren",
  "Minfi",
  "Nanamo",
  "Nerys",
  "Orla",
  "Pipin",
  "Quill",
  "Raubahn",
  "Rhea",
  "Rowan",
  "Sabine",
  "Serah",
  "Soren",
  "Tataru",
  "Thancred",
  "Una",
  "Urian",
  "Vaelin",
  "Varis",
  "Wren",
  "Xande",
  "Yotsu",
  "Zaria",
  "Zenos",
] as const;
const SURNAMES = [
  "Ashdown",
  "Blackwood",
  "Brightsong",
  "Cinderfall",
  "Dawnwhisper",
  "Deepcroix",
  "Duskmane",
  "Emberlyn",
  "Fairwind",
  "Frostfang",
  "Galvus",
  "Greystone",
  "Highwind",
  "Ironhart",
  "Leveilleur",
  "Lightbringer",
  "Moonshade",
  "Nightbloom",
  "Oakenshield",
  "Quickblade",
  "Ravenholm",
  "Redthorn",
  "Rosethorn",
  "Silverleaf",
  "Skyreach",
  "Starfall",
  "Steelbane",
  "Stormborn",
  "Sunfire",
  "Swiftarrow",
  "Thornheart",
  "Tidecaller",
  "Valebrook",
  "Warden",
  "Whitecliff",
  "Wildmoor",
  "Windrider",
  "Winterbourne",
  "Wolfsbane",
  "Yae",
] as const;
/** Savage-legal jobs (every one but the limited Blue Mage), in the game's order. */
const JOBS = ALL_JOBS.filter((job) => !job.isLimited);
const NOTES = [
  "Main tank for P1, off tank after the intermission.",
  "Learning the P3 tower pattern: needs a marker call.",
  "Alt job: SCH.",
  "Late on Tuesdays (work).",
  "Static lead: owns the strat doc.",
  "Prefers the west spread spot.",
  "Raid-buff timings follow the 2-minute window.",
  "Back from break; re-learning the enrage.",
];
const STATIC_ADJECTIVES = ["Crimson", "Midnight", "Silent", "Gilded", "Wandering", "Frozen", "Burning", "Hollow", "Verdant", "Azure"];
const STATIC_NOUNS = ["Wipes", "Lalafells", "Chocobos", "Towers", "Enrage", "Tankbusters", "Raidwide", "Limit Break", "Mechanics", "Prog"];
const TIMEZONES = ["Europe/Paris", "America/New_York", "Asia/Tokyo", "Australia/Sydney", "UTC"];

/** 50 × 40 name combinations, of which each static takes `rowsPerStatic` distinct ones. */
export const MAX_ROWS_PER_STATIC = FORENAMES.length * SURNAMES.length;

const usernameOf = (g: number) => `raider_${String(g).padStart(4, "0")}`;

export async function seed(sql: postgres.Sql, { statics, rowsPerStatic }: SeedOptions): Promise<BenchTenant[]> {
  if (rowsPerStatic > MAX_ROWS_PER_STATIC) throw new Error(`at most ${MAX_ROWS_PER_STATIC} roster rows per static`);
  const sessionSalt = randomBytes(18).toString("base64url");
  // Static g (1..N) gets id g + 1 (1 is the Default Static the migrations seed); user g is its member.
  await sql.begin(async (tx) => {
    await tx`
      insert into statics (id, name, timezone, created_at)
      select g + 1,
             (${tx.array(STATIC_ADJECTIVES)}::text[])[1 + g % 10] || ' ' || (${tx.array(STATIC_NOUNS)}::text[])[1 + (g / 10) % 10] || ' ' || g,
             (${tx.array(TIMEZONES)}::text[])[1 + g % 5],
             now() - make_interval(days => g % 900)
      from generate_series(1, ${statics}::int) g`;
    await tx`select setval(pg_get_serial_sequence('statics', 'id'), ${statics + 1}::int)`;
    await tx`
      insert into users (id, username, display_username, display_name, email, email_canonical, email_verified, current_static_id, provisioned_at, created_at, updated_at)
      select g,
             'raider_' || lpad(g::text, 4, '0'),
             'Raider_' || lpad(g::text, 4, '0'),
             (${tx.array([...FORENAMES])}::text[])[1 + g % 50] || ' ' || (${tx.array([...SURNAMES])}::text[])[1 + (g / 50) % 40],
             'raider_' || lpad(g::text, 4, '0') || '@dev.invalid',
             'raider_' || lpad(g::text, 4, '0') || '@dev.invalid',
             true, g + 1, now(), now() - make_interval(days => g % 900), now()
      from generate_series(1, ${statics}::int) g`;
    await tx`select setval(pg_get_serial_sequence('users', 'id'), ${statics}::int)`;
    // One live session per user, as a sign-in leaves: the chokepoint binds by its token.
    await tx`
      insert into sessions (token, user_id, expires_at, user_agent)
      select ${sessionSalt} || lpad(g::text, 6, '0'), g, now() + interval '1 day', 'progboard bench'
      from generate_series(1, ${statics}::int) g`;
    await tx`
      insert into static_memberships (static_id, user_id, joined_at)
      select g + 1, g, now() - make_interval(days => g % 900) from generate_series(1, ${statics}::int) g`;
    // Static-major order, as the primary key (static_id, id) clusters it. Names are unique per
    // static: combination (7·i + 13·s) mod 2000 is injective in i for i < 2000 (gcd(7, 2000) = 1).
    // The first member of each static is claimed by its user.
    await tx`
      insert into roster_members (static_id, id, name, job, role, user_id, notes, created_at)
      select s + 1,
             (s - 1) * ${rowsPerStatic}::int + i,
             (${tx.array([...FORENAMES])}::text[])[1 + k.c % 50] || ' ' || (${tx.array([...SURNAMES])}::text[])[1 + k.c / 50],
             (${tx.array(JOBS.map((job) => job.abbr))}::text[])[1 + k.j],
             (${tx.array(JOBS.map((job) => job.role))}::text[])[1 + k.j],
             case when i = 1 then s end,
             case when (i * 31 + s) % 4 = 0 then (${tx.array(NOTES)}::text[])[1 + (i + s) % ${NOTES.length}::int] end,
             now() - make_interval(days => (i * 17 + s * 7) % 700, secs => (i * 7919) % 86400)
      from generate_series(1, ${statics}::int) s
      cross join generate_series(1, ${rowsPerStatic}::int) i
      cross join lateral (select (7 * (i - 1) + 13 * s) % ${MAX_ROWS_PER_STATIC}::int as c, (i * 11 + s * 5) % ${JOBS.length}::int as j) k`;
    await tx`select setval(pg_get_serial_sequence('roster_members', 'id'), ${statics * rowsPerStatic}::int)`;
  });
  // Steady state for the planner and the heap: statistics, visibility map and hint bits.
  await sql`vacuum (analyze) statics, users, static_memberships, roster_members, sessions`;
  return Array.from({ length: statics }, (_, i) => ({
    staticId: i + 2,
    userId: i + 1,
    username: usernameOf(i + 1),
    credential: sessionCredential(`${sessionSalt}${String(i + 1).padStart(6, "0")}`),
  }));
}
