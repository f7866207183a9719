// The HTTP load generator, run as a child process (see http-load.ts) so that the client does not
// share the server's event loop. Node's fetch (undici) keeps connections alive: one socket when
// sequential, one per worker when concurrent.

export interface DriverJob {
  id: number;
  /** Full URL of the procedure, e.g. http://127.0.0.1:1234/api/trpc/scoped. */
  url: string;
  /** One request per target: the dev user and the static it pins. */
  targets: [user: string, staticId: number][];
  /** Requests in flight at once (1: sequential). */
  concurrency: number;
  /** Return the body of the first response (to check what the endpoint answers). */
  returnFirstBody?: boolean;
}

export interface DriverResult {
  id: number;
  latenciesMs: Float64Array;
  wallMs: number;
  failures: number;
  firstFailure?: string;
  firstBody?: string;
}

async function runJob(job: DriverJob): Promise<DriverResult> {
  const latenciesMs = new Float64Array(job.targets.length);
  let next = 0;
  let failures = 0;
  let firstFailure: string | undefined;
  let firstBody: string | undefined;
  const worker = async () => {
    // Bounded: each worker takes the next unclaimed target until there are none.
    while (next < job.targets.length) {
      const index = next++;
      const [user, staticId] = job.targets[index] as [string, number];
      const started = performance.now();
      const response = await fetch(job.url, { headers: { "x-dev-user": user, "x-static-id": String(staticId) } });
      const body = await response.text();
      latenciesMs[index] = performance.now() - started;
      if (!response.ok) {
        failures++;
        firstFailure ??= `${response.status} ${body.slice(0, 300)}`;
      }
      if (index === 0 && job.returnFirstBody) firstBody = body;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(job.concurrency, job.targets.length) }, worker));
  const wallMs = performance.now() - started;
  return { id: job.id, latenciesMs, wallMs, failures, ...(firstFailure ? { firstFailure } : {}), ...(firstBody !== undefined ? { firstBody } : {}) };
}

process.on("message", (message: DriverJob) => {
  runJob(message).then(
    (result) => process.send?.(result),
    (error: unknown) => process.send?.({ id: message.id, latenciesMs: new Float64Array(0), wallMs: 0, failures: 1, firstFailure: String(error) }),
  );
});
// Exit with the parent.
process.on("disconnect", () => process.exit(0));
