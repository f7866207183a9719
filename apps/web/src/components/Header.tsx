import { useState } from "react";
import type { StaticSummary } from "../lib/current-static";
import type { Me } from "../lib/me";
import { MembersModal } from "./MembersModal";
import { NewStaticInline } from "./NewStaticInline";
import { SignOutButton } from "./SignOutButton";

interface HeaderProps {
  me: Me;
  current: StaticSummary;
  onSwitch: (staticId: number) => void;
  onLeft: (staticId: number) => void;
}

export function Header({ me, current, onSwitch, onLeft }: HeaderProps) {
  const [isMembersOpen, setIsMembersOpen] = useState(false);

  return (
    <header className="header">
      <span className="brand" aria-hidden="true">
        progboard
      </span>
      <div className="identity">
        <span className="username">{me.user.username}</span>
        <span className="separator" aria-hidden="true">
          ·
        </span>
        <select className="static-select" aria-label="Current static" value={current.id} onChange={(event) => onSwitch(Number(event.target.value))}>
          {me.statics.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </div>
      {!me.demo && (
        <>
          <button type="button" className="button" aria-haspopup="dialog" onClick={() => setIsMembersOpen(true)}>
            Members <span className="badge">{current.memberCount}</span>
          </button>
          <NewStaticInline onCreated={onSwitch} />
          <span className="spacer" />
          <SignOutButton />
        </>
      )}
      {isMembersOpen && (
        <MembersModal
          me={me}
          current={current}
          onClose={() => setIsMembersOpen(false)}
          onLeft={() => {
            setIsMembersOpen(false);
            onLeft(current.id);
          }}
        />
      )}
    </header>
  );
}
