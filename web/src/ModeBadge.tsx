/**
 * The header's two signals, kept apart because they mean different things: which
 * answerer is behind the page ("Offline answers", or the LLM's model name), and — only
 * when it happens — that the server cannot be reached. The health check repeats every
 * 15 s and when the window regains focus, so the second comes and goes with the server.
 */
import { useEffect, useState } from "react";
import { fetchHealth, type Health } from "./api/client.ts";

const HEALTH_EVERY_MS = 15_000;

function useHealth(): { health?: Health; reachable: boolean } {
  const [state, setState] = useState<{ health?: Health; reachable: boolean }>({ reachable: true });
  useEffect(() => {
    let controller = new AbortController();
    const check = () => {
      controller.abort();
      controller = new AbortController();
      const { signal } = controller;
      fetchHealth(signal).then(
        (health) => !signal.aborted && setState({ health, reachable: true }),
        () => !signal.aborted && setState((previous) => ({ ...previous, reachable: false })),
      );
    };
    check();
    const timer = setInterval(check, HEALTH_EVERY_MS);
    window.addEventListener("focus", check);
    window.addEventListener("online", check);
    return () => {
      controller.abort();
      clearInterval(timer);
      window.removeEventListener("focus", check);
      window.removeEventListener("online", check);
    };
  }, []);
  return state;
}

export function ModeBadge() {
  const { health, reachable } = useHealth();
  const offline = health?.mode !== "llm";
  return (
    <div className="header-status">
      {!reachable && (
        <span className="connection-lost" role="status">
          Can't reach the server
        </span>
      )}
      {health && (
        <span
          className={offline ? "mode-badge is-offline" : "mode-badge is-llm"}
          title={offline ? `Answers are sentences quoted from the documents, no language model (${health.embedder})` : `LLM answers grounded in the documents (${health.embedder})`}
        >
          <span className="sr-only">Answering with: </span>
          {offline ? "Offline answers" : (health.model ?? "LLM")}
        </span>
      )}
    </div>
  );
}
