import { type FormEvent, useState } from "react";
import type { Encounter } from "../../lib/api";
import { encounterLabel, parseEncounterId, withEncounter } from "../../lib/encounters";

interface EncounterPickerProps {
  encounters: readonly Encounter[];
  value: number | null;
  onChange: (encounterId: number) => void;
}

export function EncounterPicker({ encounters, value, onChange }: EncounterPickerProps) {
  const [otherId, setOtherId] = useState("");
  const [error, setError] = useState<string | null>(null);
  const options = withEncounter(encounters, value);

  function onOpen(event: FormEvent) {
    event.preventDefault();
    const id = parseEncounterId(otherId);
    if (id === null) {
      setError("An encounter id is a positive whole number, as FFLogs shows it.");
      return;
    }
    setError(null);
    setOtherId("");
    onChange(id);
  }

  return (
    <section className="section" aria-labelledby="encounter-heading">
      <h2 id="encounter-heading">Choose an encounter</h2>
      <div className="form-grid">
        {options.length > 0 && (
          <div className="field encounter-field">
            <label htmlFor="strats-encounter">Encounter</label>
            <select id="strats-encounter" className="input" value={value ?? ""} onChange={(event) => onChange(Number(event.target.value))}>
              {options.map((encounter) => (
                <option key={encounter.encounterId} value={encounter.encounterId}>
                  {encounterLabel(encounter)}
                </option>
              ))}
            </select>
          </div>
        )}
        <form className="form-grid nested" onSubmit={onOpen} noValidate>
          <div className="field">
            <label htmlFor="strats-other-encounter">{options.length > 0 ? "Other encounter id" : "Encounter id"}</label>
            <input
              id="strats-other-encounter"
              className="input mono narrow"
              inputMode="numeric"
              autoComplete="off"
              placeholder="e.g. 1079"
              value={otherId}
              aria-invalid={error !== null}
              onChange={(event) => setOtherId(event.target.value)}
            />
          </div>
          <button type="submit" className="button">
            Open
          </button>
        </form>
      </div>
      {options.length === 0 && (
        <p className="hint">
          No encounters yet. They are listed once the static&apos;s watched reports have been fetched; until then, open one by its FFLogs encounter
          id.
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
