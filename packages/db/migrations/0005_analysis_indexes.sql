-- What the analysis reads of `events` without walking them all: deaths, and the events of a few
-- abilities (the static's configured mechanics, the enrage, its prog points' abilities). The two
-- fields it reads from the raw JSON become stored generated columns (PostgreSQL computes them on
-- every insert, so no writer names them), and two partial covering indexes hold every column the
-- loader selects, so once autovacuum has marked the pages all-visible the loader's queries are
-- index-only scans.
ALTER TABLE "events" ADD COLUMN "tick" boolean GENERATED ALWAYS AS (coalesce(data -> 'tick' = 'true'::jsonb, false)) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "killing_ability_id" bigint GENERATED ALWAYS AS (case when jsonb_typeof(data -> 'killingAbilityGameID') = 'number' then case when (data -> 'killingAbilityGameID')::numeric between 1 and 9007199254740991 then (data -> 'killingAbilityGameID')::numeric::bigint end end) STORED;--> statement-breakpoint
CREATE INDEX "events_deaths_idx" ON "events" USING btree ("report_code", "fight_id", "seq") INCLUDE ("timestamp", "source_id", "target_id", "ability_game_id", "killing_ability_id") WHERE type = 'death';--> statement-breakpoint
CREATE INDEX "events_ability_idx" ON "events" USING btree ("report_code", "ability_game_id") INCLUDE ("fight_id", "seq", "timestamp", "type", "source_id", "target_id", "tick");
