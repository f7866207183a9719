import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import type { RosterMember } from "../../lib/api";
import { errorMessage } from "../../lib/errors";
import { LIMITS } from "../../lib/limits";
import { aliasLabel } from "../../lib/roster";
import { useStaticTRPC } from "../../lib/trpc";
import { useRefreshRoster } from "./refresh";

/** The FFLogs characters that are this member: how report actors get mapped to the roster. */
export function AliasEditor({ member }: { member: RosterMember }) {
  const trpc = useStaticTRPC();
  const refresh = useRefreshRoster();
  const [characterName, setCharacterName] = useState("");
  const [server, setServer] = useState("");
  const [error, setError] = useState<string | null>(null);

  const add = useMutation(
    trpc.roster.addAlias.mutationOptions({
      onSuccess: () => {
        setCharacterName("");
        return refresh();
      },
      onError: (err) => setError(errorMessage(err)),
    }),
  );
  const remove = useMutation(trpc.roster.removeAlias.mutationOptions({ onSuccess: refresh, onError: (err) => setError(errorMessage(err)) }));

  function onAdd(event: FormEvent) {
    event.preventDefault();
    const name = characterName.trim();
    const world = server.trim();
    if (name === "" || world === "") {
      setError("Enter the character's name and server as FFLogs shows them.");
      return;
    }
    setError(null);
    add.mutate({ memberId: member.id, characterName: name, server: world });
  }

  return (
    <section className="stack-tight" aria-labelledby="aliases-heading">
      <h3 id="aliases-heading">Characters</h3>
      {member.aliases.length === 0 ? (
        <p className="muted">No characters yet. Add the ones {member.name} plays, so their logs count as theirs.</p>
      ) : (
        <ul className="member-list" aria-label="Characters">
          {member.aliases.map((alias) => (
            <li key={aliasLabel(alias)} className="member">
              <div className="member-who">
                <span className="member-name">{alias.characterName}</span>
                <span className="muted">{alias.server}</span>
              </div>
              <button
                data-edit
                type="button"
                className="button small ghost"
                aria-label={`Remove ${aliasLabel(alias)}`}
                disabled={remove.isPending}
                onClick={() => {
                  setError(null);
                  remove.mutate({ memberId: member.id, characterName: alias.characterName, server: alias.server });
                }}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="form-grid alias-form" onSubmit={onAdd} noValidate>
        <div className="field grow-2">
          <label htmlFor="alias-character">Character name</label>
          <input
            id="alias-character"
            className="input"
            autoComplete="off"
            spellCheck={false}
            placeholder="e.g. Aoi Tsukino"
            maxLength={LIMITS.characterName.maxLength}
            value={characterName}
            onChange={(event) => setCharacterName(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="alias-server">Server</label>
          <input
            id="alias-server"
            className="input"
            autoComplete="off"
            spellCheck={false}
            placeholder="e.g. Tonberry"
            maxLength={LIMITS.server.maxLength}
            value={server}
            onChange={(event) => setServer(event.target.value)}
          />
        </div>
        <button type="submit" className="button" disabled={add.isPending}>
          {add.isPending ? "Adding…" : "Add character"}
        </button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
