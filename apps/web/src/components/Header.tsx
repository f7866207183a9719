import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { StaticSummary } from "../lib/current-static";
import type { Me } from "../lib/me";
import { trpc } from "../lib/trpc";
import { AdminModal } from "../pages/admin/AdminModal";
import { MembersModal } from "./MembersModal";
import { NewStaticInline } from "./NewStaticInline";
import { SignOutButton } from "./SignOutButton";

interface HeaderProps {
  me: Me;
  current: StaticSummary;
  onSwitch: (staticId: number) => void;
  onLeft: (staticId: number) => void;
  /** Opens the user's API keys page. */
  onApiKeys: () => void;
}

export function Header({ me, current, onSwitch, onLeft, onApiKeys }: HeaderProps) {
  const [isMembersOpen, setIsMembersOpen] = useState(false);
  const [isAdminOpen, setIsAdminOpen] = useState(false);
  // Instance admins set up FFLogs access (the Admin page).
  const isAdmin = useQuery(trpc.fflogs.status.queryOptions()).data?.canConfigure ?? false;

  return (
    <header className="header">
      <span className="brand" aria-hidden="true">
        progboard
      </span>
      <div className="identity">
        <details className="user-menu">
          <summary aria-label={`${me.user.username}: account menu`}>
            <span className="username">{me.user.username}</span>
          </summary>
          <div className="user-menu-items">
            <button
              type="button"
              className="button ghost"
              onClick={(event) => {
                event.currentTarget.closest("details")?.removeAttribute("open");
                onApiKeys();
              }}
            >
              API keys
            </button>
          </div>
        </details>
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
          {isAdmin && (
            <button type="button" className="button" aria-haspopup="dialog" onClick={() => setIsAdminOpen(true)}>
              Admin
            </button>
          )}
          <SignOutButton />
        </>
      )}
      {isAdminOpen && <AdminModal onClose={() => setIsAdminOpen(false)} />}
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
