// How long the caller's look-up takes (findRequestUser: every request through the tRPC tiers
// runs it): p50 and p95 over 2,000 calls on PostgreSQL with 1,000 users, 100 statics of 10
// members. `pnpm --filter @progboard/bench exec tsx src/request-user.ts` (BENCH_DATABASE_URL).
import { findRequestUser } from "@progboard/api";
import { addMemberAs, createDb, createStaticAs, users } from "@progboard/db";
import { credentialOf } from "@progboard/db/testing";
import { createBenchDatabase } from "./lib/database";
import { percentile } from "./lib/stats";

const USERS = 1_000;
const PER_STATIC = 10;
const CALLS = 2_000;

const database = await createBenchDatabase();
try {
  const handle = await createDb({ databaseUrl: database.url });
  try {
    const ids = (
      await handle.db
        .insert(users)
        .values(
          Array.from({ length: USERS }, (_, i) => ({
            username: `user${i}`,
            displayName: `User ${i}`,
            email: `user${i}@bench.invalid`,
            emailCanonical: `user${i}@bench.invalid`,
          })),
        )
        .returning({ id: users.id })
    ).map((row) => row.id);
    const staticOf = new Map<number, number>();
    for (let i = 0; i < ids.length; i += PER_STATIC) {
      const owner = ids[i] as number;
      const actor = await credentialOf(handle, owner);
      const staticId = await createStaticAs(handle.db, actor, `Static ${i / PER_STATIC}`);
      staticOf.set(owner, staticId);
      for (const member of ids.slice(i + 1, i + PER_STATIC)) {
        await addMemberAs(handle.db, actor, staticId, member);
        staticOf.set(member, staticId);
      }
    }
    const statics = [...new Set(staticOf.values())];
    const times: number[] = [];
    for (let n = 0; n < CALLS + 200; n++) {
      const userId = ids[n % ids.length] as number;
      // Its own static, no static, or one it is not a member of, in turn.
      const requested = n % 3 === 0 ? (staticOf.get(userId) ?? null) : n % 3 === 1 ? null : (statics[(n * 7) % statics.length] as number);
      const started = performance.now();
      const user = await findRequestUser(handle.db, userId, requested);
      const elapsed = performance.now() - started;
      if (!user) throw new Error(`user ${userId} not found`);
      if (n >= 200) times.push(elapsed); // the first 200 warm the connection and the plans
    }
    times.sort((a, b) => a - b);
    console.info(
      `findRequestUser over ${CALLS} calls, ${USERS} users: p50 ${percentile(times, 50).toFixed(3)} ms, p95 ${percentile(times, 95).toFixed(3)} ms`,
    );
  } finally {
    await handle.close();
  }
} finally {
  await database.drop();
}
