/** The citation marker an answer writes after a claim: `[statement/24]`. The web app and the evals read the same form. */
export function marker(id: string): string {
  return `[${id}]`;
}
