/**
 * A small history-API router: three pages and a hash anchor are all the app
 * needs, so a routing library would be weight without benefit. The server
 * answers every non-API path with index.html, so deep links such as
 * /doc/statement#24 load directly.
 */
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from "react";

/** What a compare link filters to: a comparison's regressions, or a single report's wrong answers. */
export type CompareFilter = "regressions" | "wrong";

export type Route =
  | { page: "chat" }
  | { page: "doc"; docId: string; anchor?: string }
  | { page: "evals" }
  /** Two eval reports side by side (/evals/compare?a=test&b=test.llm); either may be missing until chosen. */
  | { page: "evals-compare"; a?: string; b?: string; only?: CompareFilter }
  | { page: "not-found"; path: string };

/** What a navigation may carry along, e.g. the quote to highlight in the reader. */
export interface NavigationState {
  quote?: string;
}

const CHANGE = "clausewise:navigate";

export function parseRoute(pathname: string, hash: string, search = ""): Route {
  const path = pathname.replace(/\/+$/, "") || "/";
  if (path === "/") return { page: "chat" };
  if (path === "/evals") return { page: "evals" };
  if (path === "/evals/compare") {
    const params = new URLSearchParams(search);
    const a = params.get("a") || undefined;
    const b = params.get("b") || undefined;
    const only = params.get("only");
    return { page: "evals-compare", ...(a ? { a } : {}), ...(b ? { b } : {}), ...(only === "regressions" || only === "wrong" ? { only } : {}) };
  }
  const doc = /^\/doc\/([a-z][a-z0-9-]*)$/.exec(path);
  if (doc) {
    const anchor = decodeURIComponent(hash.replace(/^#/, ""));
    return { page: "doc", docId: doc[1]!, ...(anchor ? { anchor } : {}) };
  }
  return { page: "not-found", path };
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener("popstate", onChange);
  window.addEventListener("hashchange", onChange);
  window.addEventListener(CHANGE, onChange);
  return () => {
    window.removeEventListener("popstate", onChange);
    window.removeEventListener("hashchange", onChange);
    window.removeEventListener(CHANGE, onChange);
  };
}

/** Changes whenever the URL or the history state does (a new object per navigation). */
function snapshot(): string {
  return `${window.location.pathname}${window.location.search}${window.location.hash}\u0000${JSON.stringify(window.history.state ?? null)}`;
}

export interface Location {
  route: Route;
  state: NavigationState;
}

export function useLocation(): Location {
  const key = useSyncExternalStore(subscribe, snapshot, () => "/");
  const [href] = key.split("\u0000");
  const url = new URL(href ?? "/", window.location.origin);
  const state = (window.history.state ?? {}) as NavigationState;
  return { route: parseRoute(url.pathname, url.hash, url.search), state };
}

/** Goes to `to`; with `replace`, without a new history entry (a filter or a choice on the same page). */
export function navigate(to: string, state: NavigationState = {}, { replace = false }: { replace?: boolean } = {}): void {
  if (replace) window.history.replaceState(state, "", to);
  else window.history.pushState(state, "", to);
  window.dispatchEvent(new Event(CHANGE));
}

/** An anchor that navigates in-app on a plain left click and behaves normally otherwise. */
export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  function handleClick(event: MouseEvent<HTMLAnchorElement>) {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  }
  return <a href={href} onClick={handleClick} {...rest} />;
}
