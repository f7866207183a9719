import { useEffect, useState } from "react";

const NOTICE_MS = 6000;

/**
 * A success message that clears itself after a few seconds: it has been announced (role="status")
 * by then, and left on screen it would soon describe something no longer true.
 */
export function useNotice(): [string | null, (message: string | null) => void] {
  const [notice, setNotice] = useState<{ text: string; at: number } | null>(null);

  useEffect(() => {
    if (notice === null) return;
    const timer = setTimeout(() => setNotice(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  return [notice?.text ?? null, (message) => setNotice(message === null ? null : { text: message, at: Date.now() })];
}
