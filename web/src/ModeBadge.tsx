/** Which answerer is behind the page: Offline (extractive) or the LLM's model name. */
import { fetchHealth } from "./api/client.ts";
import { useResource } from "./api/resource.ts";

export function ModeBadge() {
  const health = useResource(fetchHealth);
  if (health.status === "loading") return null;
  if (health.status === "error") {
    return (
      <span className="mode-badge is-down" role="status">
        Server unreachable
      </span>
    );
  }
  const { mode, model, embedder } = health.data;
  const offline = mode !== "llm";
  return (
    <span
      className={offline ? "mode-badge is-offline" : "mode-badge is-llm"}
      title={offline ? `Offline: answers are sentences extracted from the documents (${embedder})` : `LLM answers grounded in the documents (${embedder})`}
    >
      <span className="mode-dot" aria-hidden="true" />
      <span className="sr-only">Mode: </span>
      {offline ? "Offline" : (model ?? "LLM")}
    </span>
  );
}
