// Writing report export files, the formats openReportFile reads (../file.ts). progboard itself
// only reads them; tests, benchmarks and the demo-report command write them.
import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { RawReportData } from "../fflogs/schemas";
import { friendlyActorIds, pagesOf, STREAM_QUERIES, splitStreams } from "../fflogs/streams";
import type { ReportFileFormat } from "../file";

function formatFromName(path: string): ReportFileFormat {
  return /\.(jsonl|ndjson)$/i.test(path) ? "jsonl" : "json";
}

export interface WriteReportDataOptions {
  /** Default from the name: `.jsonl` / `.ndjson` → JSON Lines, otherwise one JSON document; JSON Lines for a stream. */
  format?: ReportFileFormat | undefined;
  /** Events per page. Default 10,000. */
  pageSize?: number | undefined;
}

/**
 * Write a report export to a file, or to a stream (which is ended when the report is written):
 * each fight's events split into the four streams and paged exactly as the FFLogs client would
 * receive them. Streams through a generator with backpressure, one fight in memory at a time.
 */
export async function writeReportData(
  target: string | NodeJS.WritableStream,
  data: RawReportData,
  options: WriteReportDataOptions = {},
): Promise<void> {
  const format = options.format ?? (typeof target === "string" ? formatFromName(target) : "jsonl");
  const pageSize = options.pageSize ?? 10_000;
  const friendly = friendlyActorIds(data.report);

  function* chunks(): Generator<string> {
    yield format === "jsonl" ? `${JSON.stringify({ report: data.report })}\n` : `{"report":${JSON.stringify(data.report)},\n"events":[\n`;
    let first = true;
    for (const fight of data.report.fights) {
      const streams = splitStreams(data.events(fight.id), friendly);
      for (const { stream } of STREAM_QUERIES) {
        for (const page of pagesOf(streams[stream], fight, pageSize)) {
          const line = JSON.stringify({ fightId: fight.id, stream, data: page.data });
          if (format === "jsonl") yield `${line}\n`;
          else yield first ? line : `,\n${line}`;
          first = false;
        }
      }
    }
    if (format === "json") yield "\n]}\n";
  }

  await pipeline(Readable.from(chunks()), typeof target === "string" ? createWriteStream(target) : target);
}
