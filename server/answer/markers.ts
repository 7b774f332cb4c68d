/** The citation marker an answer writes after a claim: `[statement/24]`. The web app and the evals read the same form. */
export function marker(id: string): string {
  return `[${id}]`;
}

/** Chunk ids named by markers in a text, in order of first appearance. */
export function markedIds(text: string): string[] {
  return [...new Set([...text.matchAll(/\[([a-z][a-z0-9-]*\/[a-z0-9-]+)\]/g)].map((m) => m[1]!))];
}
