/**
 * Both documents, loaded once for the whole app: the chips, previews and the
 * source panel look chunks up here, the reader renders the trees.
 */
import { createContext, useContext, useMemo, type ReactNode } from "react";
import type { Chunk, DocumentTree } from "../../../server/contract.ts";
import { fetchDocuments } from "../api/client.ts";
import { useResource, type Resource } from "../api/resource.ts";

export interface DocumentIndex {
  resource: Resource<DocumentTree[]>;
  documents: DocumentTree[];
  chunkById: Map<string, Chunk>;
  documentById: Map<string, DocumentTree>;
}

export function indexDocuments(resource: Resource<DocumentTree[]>): DocumentIndex {
  const documents = resource.status === "ready" ? resource.data : [];
  const chunkById = new Map<string, Chunk>();
  for (const doc of documents) {
    for (const section of doc.sections) {
      for (const sub of section.subsections) for (const chunk of sub.chunks) chunkById.set(chunk.id, chunk);
    }
  }
  return { resource, documents, chunkById, documentById: new Map(documents.map((d) => [d.id, d])) };
}

const DocumentsContext = createContext<DocumentIndex>(indexDocuments({ status: "loading" }));

export const DocumentsValueProvider = DocumentsContext.Provider;

export function DocumentsProvider({ children }: { children: ReactNode }) {
  const resource = useResource(fetchDocuments);
  const value = useMemo(() => indexDocuments(resource), [resource]);
  return <DocumentsContext.Provider value={value}>{children}</DocumentsContext.Provider>;
}

export function useDocuments(): DocumentIndex {
  return useContext(DocumentsContext);
}
