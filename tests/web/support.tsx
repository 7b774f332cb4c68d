/**
 * Helpers for the web component tests: the real documents (from the engine,
 * as GET /api/documents serves them) and a render wrapper that provides them
 * with the source panel, as the app does.
 */
import { render, type RenderResult } from "@testing-library/react";
import type { ReactNode } from "react";
import type { DocumentTree } from "../../server/contract.ts";
import { SourcePanel } from "../../web/src/citations/SourcePanel.tsx";
import { SourcePanelProvider } from "../../web/src/citations/source-panel-context.tsx";
import { DocumentsValueProvider, indexDocuments } from "../../web/src/documents/context.tsx";
import { testEngine } from "../support/engine.ts";

let documents: Promise<DocumentTree[]> | undefined;

/** Both documents, parsed once per test file from the real corpus. */
export function realDocuments(): Promise<DocumentTree[]> {
  documents ??= testEngine().then((engine) => engine.documents());
  return documents;
}

export function renderWithDocuments(ui: ReactNode, docs: DocumentTree[] | "loading" = "loading"): RenderResult {
  const value = indexDocuments(docs === "loading" ? { status: "loading" } : { status: "ready", data: docs });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <DocumentsValueProvider value={value}>
      <SourcePanelProvider>
        {children}
        <SourcePanel />
      </SourcePanelProvider>
    </DocumentsValueProvider>
  );
  return render(ui, { wrapper });
}
