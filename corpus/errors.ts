/**
 * A corpus that cannot be read: a missing or non-UTF-8 file, a malformed
 * manifest, a document the parser cannot cut into chunks. The message is
 * written for the person who edits the corpus (it names the file and, where
 * it can, the line), so the CLI and the server show it as it is.
 */
export class CorpusError extends Error {
  readonly code = "corpus" as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "CorpusError";
  }
}

/** Decodes bytes as UTF-8 and refuses anything that is not valid UTF-8. */
export function decodeUtf8Strict(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined;
  }
}
