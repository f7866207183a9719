import { type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { abilityOfRef, filterAbilities } from "../../lib/ability-search";
import type { EncounterAbility } from "../../lib/api";

interface AbilityComboboxProps {
  id: string;
  /** What describes the box (the picked ability, below the form). */
  describedBy?: string;
  /** The mechanic as typed or picked: an ability id, or a name. */
  value: string;
  onChange: (value: string) => void;
  /** The fight's abilities in the static's reports (empty before any report of it is in). */
  abilities: readonly EncounterAbility[];
  maxLength: number;
  placeholder: string;
}

const count = (n: number, word: string, words = `${word}s`) => `${n.toLocaleString("en")} ${n === 1 ? word : words}`;
const abilitiesCount = (n: number) => count(n, "ability", "abilities");

/** "P1 · 1,234 hits · 2 deaths": where it was first met and what it did. */
export function abilityFacts(a: EncounterAbility): string {
  return [a.phase === null ? "phase not logged" : `first seen in ${a.phase}`, count(a.hits, "hit"), count(a.deaths, "death")].join(" · ");
}

/**
 * The mechanic field: a text box that searches the fight's abilities by name or id as one types
 * (the WAI-ARIA editable combobox with a list popup). Picking one puts its id in the box; anything
 * typed (an id not in the list, a name) stays the mechanic as typed.
 */
export function AbilityCombobox({ id, describedBy, value, onChange, abilities, maxLength, placeholder }: AbilityComboboxProps) {
  const listId = useId();
  const optionId = (abilityId: number) => `${listId}-${abilityId}`;
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState<number | null>(null);
  const listRef = useRef<HTMLUListElement>(null);
  // A picked ability shows its id in the box: open again, the whole list is offered, the pick first.
  const picked = abilityOfRef(abilities, value);
  const matches = filterAbilities(abilities, picked ? "" : value);
  const shown = picked ? [picked, ...matches.shown.filter((a) => a !== picked)] : matches.shown;
  const isOpen = open && abilities.length > 0;
  const activeAbility = isOpen && active !== null ? shown[active] : undefined;

  const activeId = activeAbility ? optionId(activeAbility.id) : undefined;

  useEffect(() => {
    // Arrowed to an option below (or above) the list's scroll: bring it into view.
    if (activeId !== undefined) listRef.current?.querySelector(`[id="${CSS.escape(activeId)}"]`)?.scrollIntoView({ block: "nearest" });
  }, [activeId]);

  function pick(ability: EncounterAbility) {
    onChange(String(ability.id));
    setOpen(false);
    setActive(null);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    const last = shown.length - 1;
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (!isOpen) {
          setOpen(true);
          setActive(event.altKey || last < 0 ? null : 0);
        } else if (last >= 0) setActive(active === null || active >= last ? 0 : active + 1);
        break;
      case "ArrowUp":
        event.preventDefault();
        if (!isOpen) setOpen(true);
        if (last >= 0) setActive(active === null || active <= 0 ? last : active - 1);
        break;
      case "Enter":
        // With an option active, Enter picks it; otherwise it submits the form as usual.
        if (activeAbility) {
          event.preventDefault();
          pick(activeAbility);
        }
        break;
      case "Escape":
        if (isOpen) {
          event.preventDefault();
          setOpen(false);
          setActive(null);
        }
        break;
    }
  }

  const total = picked ? abilities.length : matches.total;
  const more = total - shown.length;
  const announcement = !isOpen
    ? ""
    : shown.length === 0
      ? "No ability of the fight matches: the mechanic is kept as typed."
      : `${abilitiesCount(total)} ${picked || value.trim() === "" ? "in the fight" : total === 1 ? "matches" : "match"}.`;
  return (
    <div className="combobox">
      <input
        id={id}
        className="input"
        type="text"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={isOpen}
        aria-controls={listId}
        aria-activedescendant={activeId}
        aria-describedby={describedBy}
        autoComplete="off"
        spellCheck={false}
        placeholder={placeholder}
        maxLength={maxLength}
        value={value}
        onChange={(event) => {
          onChange(event.target.value);
          setOpen(true);
          setActive(null);
        }}
        onClick={() => setOpen(true)}
        onKeyDown={onKeyDown}
        onBlur={() => {
          setOpen(false);
          setActive(null);
        }}
      />
      <div className="combobox-popup" hidden={!isOpen}>
        <ul id={listId} role="listbox" aria-label="Abilities of the fight" className="combobox-list" ref={listRef}>
          {isOpen &&
            shown.map((a, i) => (
              <li
                key={a.id}
                id={optionId(a.id)}
                role="option"
                aria-selected={i === active}
                className="combobox-option"
                // Keep the focus in the box: the click picks, the blur would close the list first.
                onMouseDown={(event) => event.preventDefault()}
                onMouseMove={() => setActive(i)}
                onClick={() => pick(a)}
              >
                <span className="combobox-name">
                  {a.name} <span className="combobox-id">{a.id}</span>
                </span>
                <span className="combobox-facts">{abilityFacts(a)}</span>
              </li>
            ))}
        </ul>
        {isOpen && shown.length === 0 && (
          <p className="combobox-note">No ability of the fight matches: the mechanic is kept as typed (an ability id, or a name from the logs).</p>
        )}
        {isOpen && more > 0 && <p className="combobox-note">{count(more, "more ability", "more abilities")}: type part of a name to narrow.</p>}
      </div>
      <div className="visually-hidden" aria-live="polite">
        {announcement}
      </div>
    </div>
  );
}
