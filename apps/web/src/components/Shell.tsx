import { hashKey, useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { resolveStaticId } from "../lib/current-static";
import { dropStaticFromMe, type Me, refreshMe } from "../lib/me";
import { clearPinnedStaticId, pinStaticId, readPinnedStaticId, setDemoTab } from "../lib/static-pin";
import { trpc } from "../lib/trpc";
import { ApiKeysPage } from "../pages/ApiKeysPage";
import { Header } from "./Header";
import { StaticScope } from "./StaticScope";
import { TabNav, TabPanel } from "./Tabs";

/** The demo tab's banner: what it is, and the way out (back to the sign-in page). */
function DemoBanner() {
  const queryClient = useQueryClient();
  async function leave() {
    setDemoTab(false);
    clearPinnedStaticId();
    queryClient.removeQueries({ predicate: (query) => query.queryHash !== hashKey(trpc.me.get.queryKey()) });
    await queryClient.resetQueries(trpc.me.get.queryFilter());
  }
  return (
    <div className="demo-banner" role="status">
      <span>
        <strong>Demo · read-only</strong> A generated prog of seven nights: look around every tab; changes are turned off.
      </span>
      <button type="button" className="button small" onClick={() => void leave()}>
        Leave the demo
      </button>
    </div>
  );
}

export function Shell({ me }: { me: Me }) {
  const queryClient = useQueryClient();
  const [pinned, setPinned] = useState(readPinnedStaticId);
  const [page, setPage] = useState<"static" | "apiKeys">("static");
  const staticId = resolveStaticId(pinned, me.currentStaticId, me.statics);
  const current = me.statics.find((s) => s.id === staticId);

  // The static this tab showed last: when it drops out of me.statics without the user leaving it
  // here, they were removed (by another member, or in another tab), and the tab says so.
  const [shown, setShown] = useState<{ id: number; name: string } | null>(null);
  const [removedFrom, setRemovedFrom] = useState<string | null>(null);
  if (current && (shown?.id !== current.id || shown.name !== current.name)) {
    if (shown && shown.id !== current.id && !me.statics.some((s) => s.id === shown.id)) setRemovedFrom(shown.name);
    setShown({ id: current.id, name: current.name });
  }

  const storeDefault = useMutation(trpc.me.setCurrentStatic.mutationOptions({ onSettled: () => refreshMe(queryClient) }));

  // Pin whatever the tab shows (first load, or a fallback after the pinned static went away), so
  // another tab changing the stored default doesn't move this one.
  useEffect(() => {
    if (staticId !== null && staticId !== pinned) {
      pinStaticId(staticId);
      // eslint-disable-next-line react-hooks/set-state-in-effect -- one extra render on first load; the fix changes when the pin is written
      setPinned(staticId);
    }
  }, [staticId, pinned]);

  if (staticId === null || current === undefined) return null;

  function switchStatic(id: number) {
    setRemovedFrom(null);
    pinStaticId(id);
    setPinned(id);
    storeDefault.mutate({ staticId: id });
  }

  function leftStatic(id: number) {
    // Leaving is the user's own doing: nothing to explain.
    setShown(null);
    dropStaticFromMe(queryClient, id);
    clearPinnedStaticId();
    setPinned(null);
    void refreshMe(queryClient);
  }

  return (
    <StaticScope staticId={staticId}>
      <div className={me.demo ? "shell demo" : "shell"}>
        <Header
          me={me}
          current={current}
          onSwitch={(id) => {
            setPage("static");
            switchStatic(id);
          }}
          onLeft={leftStatic}
          onApiKeys={() => setPage("apiKeys")}
        />
        {me.demo && <DemoBanner />}
        {page === "apiKeys" ? (
          <main className="panel" aria-label="API keys">
            <ApiKeysPage me={me} onBack={() => setPage("static")} />
          </main>
        ) : (
          <>
            <TabNav isAdmin={me.isAdmin} />
            {removedFrom !== null && (
              <div className="removed-banner" role="status">
                <span>
                  You are no longer a member of <strong>{removedFrom}</strong>. Showing <strong>{current.name}</strong> instead.
                </span>
                <button type="button" className="button small ghost" onClick={() => setRemovedFrom(null)}>
                  OK
                </button>
              </div>
            )}
            {/* Keyed by static: tabs remount on a switch, so no state of the previous static survives. */}
            <TabPanel key={staticId} staticName={current.name} isAdmin={me.isAdmin} />
          </>
        )}
      </div>
    </StaticScope>
  );
}
