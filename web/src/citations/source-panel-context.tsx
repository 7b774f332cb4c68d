/**
 * Which source is open in the side panel. Chips open it; the panel closes it
 * and gives focus back to whatever opened it.
 */
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from "react";

export interface OpenSource {
  id: string;
  quote?: string;
}

export interface SourcePanelState {
  source: OpenSource | null;
  open(source: OpenSource, opener?: HTMLElement | null): void;
  close(): void;
}

const SourcePanelContext = createContext<SourcePanelState>({ source: null, open: () => {}, close: () => {} });

export function SourcePanelProvider({ children }: { children: ReactNode }) {
  const [source, setSource] = useState<OpenSource | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const open = useCallback((next: OpenSource, from?: HTMLElement | null) => {
    opener.current = from ?? null;
    setSource(next);
  }, []);
  const close = useCallback(() => {
    setSource(null);
    const back = opener.current;
    opener.current = null;
    if (back?.isConnected) back.focus();
  }, []);
  const value = useMemo(() => ({ source, open, close }), [source, open, close]);
  return <SourcePanelContext.Provider value={value}>{children}</SourcePanelContext.Provider>;
}

export function useSourcePanel(): SourcePanelState {
  return useContext(SourcePanelContext);
}
