/** The page frame: header, the current page, and the source panel that any citation can open. */
import { useEffect } from "react";
import { useChat } from "@ai-sdk/react";
import type { ChatMessage } from "../../server/contract.ts";
import { SourcePanel } from "./citations/SourcePanel.tsx";
import { SourcePanelProvider, useSourcePanel } from "./citations/source-panel-context.tsx";
import { ChatPage } from "./chat/ChatPage.tsx";
import { useConversations, type ChatSession } from "./chat/session.ts";
import { DocumentReader } from "./documents/DocumentReader.tsx";
import { DocumentsProvider } from "./documents/context.tsx";
import { ComparePage } from "./evals/ComparePage.tsx";
import { EvalsPage } from "./evals/EvalsPage.tsx";
import { ModeBadge } from "./ModeBadge.tsx";
import { Link, useLocation, type Route } from "./router.tsx";

function NavLink({ href, current, children }: { href: string; current: boolean; children: string }) {
  return (
    <Link href={href} className={current ? "nav-link is-current" : "nav-link"} aria-current={current ? "page" : undefined}>
      {children}
    </Link>
  );
}

function Header({ route, session }: { route: Route; session: ChatSession }) {
  const { currentId } = useConversations(session);
  const { status } = useChat<ChatMessage>({ chat: session.chatOf(currentId) });
  const answering = route.page !== "chat" && (status === "submitted" || status === "streaming");
  return (
    <header className="site-header">
      <Link href="/" className="brand" aria-label="Clausewise, home">
        <span className="brand-mark" aria-hidden="true">
          §
        </span>
        <span className="brand-name">Clausewise</span>
      </Link>
      <nav className="site-nav" aria-label="Main">
        <NavLink href="/" current={route.page === "chat"}>
          {answering ? "Ask •" : "Ask"}
        </NavLink>
        <NavLink href="/doc/statement" current={route.page === "doc"}>
          Documents
        </NavLink>
        <NavLink href="/evals" current={route.page === "evals" || route.page === "evals-compare"}>
          Evals
        </NavLink>
      </nav>
      <ModeBadge />
    </header>
  );
}

function Page({ session }: { session: ChatSession }) {
  const { route, state } = useLocation();
  const { source, close } = useSourcePanel();
  // A passage belongs with the conversation or the reader it was opened from; the eval pages have no room for it.
  const elsewhere = route.page !== "chat" && route.page !== "doc";
  useEffect(() => {
    if (elsewhere && source) close();
  }, [elsewhere, source, close]);
  let page;
  switch (route.page) {
    case "chat":
      page = <ChatPage session={session} />;
      break;
    case "doc":
      page = <DocumentReader docId={route.docId} anchor={route.anchor} quote={state.quote} />;
      break;
    case "evals":
      page = <EvalsPage />;
      break;
    case "evals-compare":
      page = <ComparePage a={route.a} b={route.b} only={route.only} />;
      break;
    default:
      page = (
        <div className="page-status">
          <h1>Page not found</h1>
          <p>
            Nothing lives at {route.path}. <Link href="/">Ask a question</Link> or <Link href="/doc/statement">read the documents</Link>.
          </p>
        </div>
      );
  }
  return (
    <div className={source ? "app has-panel" : "app"}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Header route={route} session={session} />
      <main id="main" className={`main main-${route.page}`} tabIndex={-1}>
        {page}
      </main>
      <SourcePanel />
    </div>
  );
}

/** `chat` is the page's chat session: the reader's conversations, each with its own AI SDK Chat. */
export function App({ chat }: { chat: ChatSession }) {
  return (
    <DocumentsProvider>
      <SourcePanelProvider>
        <Page session={chat} />
      </SourcePanelProvider>
    </DocumentsProvider>
  );
}
