import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { Feedback } from "../../components/Feedback";
import { RoleSelect } from "../../components/JobRoleSelects";
import { abilityOfRef } from "../../lib/ability-search";
import type { RosterMember, Strat } from "../../lib/api";
import { errorMessage } from "../../lib/errors";
import { LIMITS } from "../../lib/limits";
import { refreshAnalysisAnd } from "../../lib/refresh";
import { RULE_LABELS, type StratDraft, stratInput, validateStrat } from "../../lib/strats";
import { useStaticTRPC } from "../../lib/trpc";
import { useNotice } from "../../lib/use-notice";
import { AbilityCombobox, abilityFacts } from "./AbilityCombobox";

interface StratFormProps {
  encounterId: number;
  initial: StratDraft;
  /** The mechanic whose assignment is being edited, or null for a new one. */
  editingRef: string | null;
  existing: readonly Strat[];
  members: readonly RosterMember[];
  onDone: () => void;
}

export function StratForm({ encounterId, initial, editingRef, existing, members, onDone }: StratFormProps) {
  const trpc = useStaticTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useNotice();
  const [loadedFor, setLoadedFor] = useState(editingRef);
  const roleRef = useRef<HTMLSelectElement>(null);
  const isEditing = editingRef !== null;

  // Another row picked for editing (or editing ended): start over from its values.
  if (loadedFor !== editingRef) {
    setLoadedFor(editingRef);
    setDraft(initial);
    setError(null);
    if (editingRef !== null) setNotice(null);
  }

  useEffect(() => {
    // Edit is pressed in the table below; take the person to the form.
    if (editingRef !== null) roleRef.current?.focus();
  }, [editingRef]);
  const abilities = useQuery(trpc.strats.abilities.queryOptions({ encounterId }));
  const fight = abilities.data ?? [];
  const picked = isEditing ? undefined : abilityOfRef(fight, draft.mechanicRef);
  const replaces = !isEditing && existing.some((s) => s.mechanicRef === draft.mechanicRef.trim());

  const upsert = useMutation(
    trpc.strats.upsert.mutationOptions({
      onSuccess: (saved) => {
        const named = abilities.data?.find((a) => String(a.id) === saved?.mechanicRef)?.name;
        setNotice(`Saved ${named ? `${named} (${saved?.mechanicRef})` : (saved?.mechanicRef ?? "the mechanic")}.`);
        if (isEditing) onDone();
        else setDraft(initial);
        // Its encounter becomes one of the static's configured encounters; every analysis reads the strats.
        return refreshAnalysisAnd(queryClient, trpc, [trpc.strats.pathFilter()]);
      },
      onError: (err) => setError(errorMessage(err)),
    }),
  );

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setNotice(null);
    const problem = validateStrat(draft);
    setError(problem);
    if (problem === null) upsert.mutate(stratInput(encounterId, draft));
  }

  const title = isEditing ? `Edit ${initial.mechanicRef}` : "Assign a mechanic";
  return (
    <form className="section" aria-label={title} onSubmit={onSubmit} noValidate>
      <h2>{title}</h2>
      <div className="form-grid">
        <div className="field grow-3">
          <label htmlFor="strat-mechanic">Mechanic</label>
          {isEditing ? (
            <input id="strat-mechanic" className="input" readOnly value={draft.mechanicRef} />
          ) : (
            <AbilityCombobox
              id="strat-mechanic"
              describedBy={picked ? "strat-mechanic-picked" : undefined}
              value={draft.mechanicRef}
              onChange={(mechanicRef) => setDraft({ ...draft, mechanicRef })}
              abilities={fight}
              maxLength={LIMITS.mechanicRef.maxLength}
              placeholder={fight.length > 0 ? "Search the fight's abilities: name or id" : "Ability id or name"}
            />
          )}
        </div>
        <div className="field">
          <label htmlFor="strat-role">Role</label>
          <RoleSelect ref={roleRef} id="strat-role" value={draft.role} emptyLabel="No role" onChange={(role) => setDraft({ ...draft, role })} />
        </div>
        <div className="field grow-2">
          <label htmlFor="strat-member">Player</label>
          <select
            id="strat-member"
            className="input"
            value={draft.memberId ?? ""}
            onChange={(event) => setDraft({ ...draft, memberId: event.target.value ? Number(event.target.value) : null })}
          >
            <option value="">No specific player</option>
            {members.map((member) => (
              <option key={member.id} value={member.id}>
                {member.job ? `${member.name} (${member.job})` : member.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field grow-2">
          <label htmlFor="strat-rule">A mistake is when it…</label>
          <select
            id="strat-rule"
            className="input"
            value={draft.rule}
            onChange={(event) => setDraft({ ...draft, rule: event.target.value as StratDraft["rule"] })}
          >
            {Object.entries(RULE_LABELS).map(([rule, label]) => (
              <option key={rule} value={rule}>
                {label}
              </option>
            ))}
          </select>
        </div>
        {draft.rule === "exactly" && (
          <div className="field">
            <label htmlFor="strat-hits">Players it should hit</label>
            <input
              id="strat-hits"
              className="input narrow"
              inputMode="numeric"
              autoComplete="off"
              value={draft.expectedHits}
              onChange={(event) => setDraft({ ...draft, expectedHits: event.target.value })}
            />
          </div>
        )}
        <div className="field grow-3">
          <label htmlFor="strat-notes">Notes</label>
          <input
            id="strat-notes"
            className="input"
            autoComplete="off"
            placeholder="e.g. Stack west, MT invulns"
            maxLength={LIMITS.notes.maxLength}
            value={draft.notes}
            onChange={(event) => setDraft({ ...draft, notes: event.target.value })}
          />
        </div>
        <div className="row">
          {isEditing && (
            <button type="button" className="button ghost" onClick={onDone}>
              Cancel
            </button>
          )}
          <button type="submit" className="button primary" disabled={upsert.isPending}>
            {upsert.isPending ? "Saving…" : isEditing || replaces ? "Update" : "Assign"}
          </button>
        </div>
      </div>
      {picked && (
        // Below the form, not under the box: a line appearing there as the list closes would move the button being clicked.
        <p className="combobox-picked" id="strat-mechanic-picked">
          {picked.name} ({picked.id}) · {abilityFacts(picked)}
        </p>
      )}
      <p className="hint">
        {replaces
          ? "This mechanic is already assigned: saving replaces that assignment."
          : fight.length > 0
            ? "Type part of a name or an id to search the abilities the boss used in your pulls (↑ ↓ and Enter pick one), or type any ability id or name from the logs. A failure debuff (Damage Down, Vulnerability Up…) is matched by name or by status id, the game's or FFLogs' (the game's + 1,000,000)."
            : "A mechanic is its FFLogs ability id, or its name in the logs. Once a report of this encounter is in, its abilities are listed here. A failure debuff (Damage Down, Vulnerability Up…) is matched by name or by status id."}
      </p>
      <Feedback error={error} notice={notice} />
    </form>
  );
}
