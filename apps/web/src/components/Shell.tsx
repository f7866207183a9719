import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { resolveStaticId } from "../lib/current-static";
import { dropStaticFromMe, type Me, refreshMe } from "../lib/me";
import { clearPinnedStaticId, pinStaticId, readPinnedStaticId } from "../lib/static-pin";
import { trpc } from "../lib/trpc";
import { Header } from "./Header";
import { StaticScope } from "./StaticScope";
import { TabNav, TabPanel } from "./Tabs";

export function Shell({ me }: { me: Me }) {
  const queryClient = useQueryClient();
  const [pinned, setPinned] = useState(readPinnedStaticId);
  const staticId = resolveStaticId(pinned, me.currentStaticId, me.statics);
  const current = me.statics.find((s) => s.id === staticId);

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
    pinStaticId(id);
    setPinned(id);
    storeDefault.mutate({ staticId: id });
  }

  function leftStatic(id: number) {
    dropStaticFromMe(queryClient, id);
    clearPinnedStaticId();
    setPinned(null);
    void refreshMe(queryClient);
  }

  return (
    <StaticScope staticId={staticId}>
      <div className="shell">
        <Header me={me} current={current} onSwitch={switchStatic} onLeft={leftStatic} />
        <TabNav isAdmin={me.isAdmin} />
        {/* Keyed by static: tabs remount on a switch, so no state of the previous static survives. */}
        <TabPanel key={staticId} staticName={current.name} isAdmin={me.isAdmin} />
      </div>
    </StaticScope>
  );
}
