import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmButton } from "../../components/ConfirmButton";
import { RoleBadge } from "../../components/RoleBadge";
import type { Strat } from "../../lib/api";
import { describeAge, formatDateTime } from "../../lib/dates";
import { errorMessage } from "../../lib/errors";
import { refreshAnalysisAnd } from "../../lib/refresh";
import { useStaticTRPC } from "../../lib/trpc";

interface StratRowProps {
  encounterId: number;
  strat: Strat;
  isEditing: boolean;
  onEdit: () => void;
  onRemoved: () => void;
}

export function StratRow({ encounterId, strat, isEditing, onEdit, onRemoved }: StratRowProps) {
  const trpc = useStaticTRPC();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);

  const remove = useMutation(
    trpc.strats.remove.mutationOptions({
      onSuccess: () => {
        onRemoved();
        return refreshAnalysisAnd(queryClient, trpc, [trpc.strats.pathFilter()]);
      },
      onError: (err) => setError(errorMessage(err)),
    }),
  );

  return (
    <>
      <tr className={isEditing ? "is-editing" : undefined}>
        {/* Ability ids read better in a fixed-width font; names as they are. */}
        <th scope="row" className={/^\d+$/.test(strat.mechanicRef) && !strat.mechanicName ? "mono" : undefined}>
          {strat.mechanicName ? (
            // An id with the ability it names in the static's reports.
            <>
              <span className="mechanic-name">{strat.mechanicName}</span> <span className="muted">({strat.mechanicRef})</span>
            </>
          ) : (
            strat.mechanicRef
          )}
        </th>
        <td>
          <span className="responsible">
            {strat.role && <RoleBadge role={strat.role} />}
            {strat.memberName && <span>{strat.memberName}</span>}
            {/* Removing a roster member clears their assignments' player. */}
            {!strat.role && !strat.memberName && (strat.rule === null || strat.rule === "only") && (
              <span className="muted">Nobody (player removed)</span>
            )}
          </span>
          {strat.rule !== null && strat.rule !== "only" && (
            <span className="muted">
              {" "}
              {strat.rule === "exactly"
                ? `should hit exactly ${strat.expectedHits} players`
                : strat.rule === "none"
                  ? "should hit no one"
                  : "failure debuff"}
            </span>
          )}
        </td>
        <td className="notes-cell">{strat.notes ?? <span className="muted">—</span>}</td>
        <td>
          <time className="muted" dateTime={strat.updatedAt} title={formatDateTime(strat.updatedAt)}>
            {describeAge(strat.updatedAt)}
          </time>
        </td>
        <td className="actions">
          <button
            data-edit
            type="button"
            className="button small ghost"
            aria-label={`Edit ${strat.mechanicRef}`}
            aria-pressed={isEditing}
            onClick={onEdit}
          >
            Edit
          </button>
          <ConfirmButton
            label="Remove"
            triggerName={`Remove ${strat.mechanicRef}`}
            question={`Remove the assignment for ${strat.mechanicRef}?`}
            confirmLabel="Remove"
            pendingLabel="Removing…"
            isPending={remove.isPending}
            onConfirm={() => {
              setError(null);
              remove.mutate({ encounterId, mechanicRef: strat.mechanicRef });
            }}
          />
        </td>
      </tr>
      {error && (
        <tr className="row-error">
          <td colSpan={5}>
            <p role="alert" className="error">
              {error}
            </p>
          </td>
        </tr>
      )}
    </>
  );
}
