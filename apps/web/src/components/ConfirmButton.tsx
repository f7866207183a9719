import { useEffect, useRef, useState } from "react";

interface ConfirmButtonProps {
  /** The trigger's text, e.g. "Remove". */
  label: string;
  /** The trigger's accessible name when its text alone would be ambiguous in a list. */
  triggerName?: string;
  /** Asked before acting, e.g. "Stop watching AbCd…?". */
  question: string;
  confirmLabel: string;
  pendingLabel: string;
  isPending: boolean;
  disabled?: boolean;
  onConfirm: () => void;
}

/** A destructive action that asks first, in place: Escape or Cancel backs out. */
export function ConfirmButton(props: ConfirmButtonProps) {
  const { label, triggerName, question, confirmLabel, pendingLabel, isPending, disabled, onConfirm } = props;
  const [isAsking, setIsAsking] = useState(false);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const shouldRefocus = useRef(false);

  useEffect(() => {
    if (!isAsking && shouldRefocus.current) {
      shouldRefocus.current = false;
      triggerRef.current?.focus();
    }
  }, [isAsking]);

  function cancel() {
    shouldRefocus.current = true;
    setIsAsking(false);
  }

  if (!isAsking) {
    return (
      <button
        data-edit
        ref={triggerRef}
        type="button"
        className="button small ghost"
        aria-label={triggerName}
        disabled={disabled}
        onClick={() => setIsAsking(true)}
      >
        {label}
      </button>
    );
  }

  return (
    <span
      className="confirm-inline"
      role="group"
      aria-label={question}
      onKeyDown={(event) => {
        if (event.key === "Escape") {
          event.preventDefault();
          cancel();
        }
      }}
    >
      <span className="confirm-question">{question}</span>
      {/* The question replaces the button just pressed, so focus moves to its answer. */}
      <button type="button" className="button small danger" autoFocus disabled={isPending} onClick={onConfirm}>
        {isPending ? pendingLabel : confirmLabel}
      </button>
      <button type="button" className="button small ghost" disabled={isPending} onClick={cancel}>
        Cancel
      </button>
    </span>
  );
}
