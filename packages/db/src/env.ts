// The only file of packages/db that reads process.env: the database the tests run on.

/** TEST_DATABASE_URL: a PostgreSQL server tests may create databases on; unset, they use PGlite. */
export function testDatabaseUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL;
}
