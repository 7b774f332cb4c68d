/** Loads something once per mount (or when `key` changes, or on `reload()`) and tracks its state. */
import { useEffect, useState } from "react";

export type Resource<T> =
  | { status: "loading" }
  | { status: "ready"; data: T }
  | { status: "error"; error: unknown };

export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, key: unknown = null): Resource<T> & { reload: () => void } {
  const [state, setState] = useState<Resource<T>>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setState({ status: "loading" });
    load(controller.signal).then(
      (data) => !controller.signal.aborted && setState({ status: "ready", data }),
      (error: unknown) => !controller.signal.aborted && setState({ status: "error", error }),
    );
    return () => controller.abort();
    // `load` is a module-level function; only `key` says when to load again.
  }, [key, attempt]);
  return { ...state, reload: () => setAttempt((n) => n + 1) };
}
