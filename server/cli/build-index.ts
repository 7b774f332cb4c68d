/** `npm run index`: (re)builds the word-vector cache and the index now, rather than on first use. */
import { loadConfig, prepareDataDir } from "../config.ts";
import { loadCorpus } from "../../corpus/load.ts";
import { createEmbedder } from "../embeddings/index.ts";
import { openIndex } from "../engine.ts";
import { isClausewiseError } from "../errors.ts";

const log = (line: string) => process.stderr.write(`clausewise: ${line}\n`);
try {
  const config = loadConfig();
  const corpus = loadCorpus(config.corpusDir);
  const access = prepareDataDir(config.dataDir, log);
  const started = performance.now();
  const { index, status } = await openIndex(config, corpus, await createEmbedder(config, log, access), log, {
    force: process.argv.includes("--force"),
    access,
  });
  log(`index ${status.state}: ${index.size} chunks, embedder ${index.embedder}, ${index.store}, ${Math.round(performance.now() - started)} ms`);
} catch (error) {
  log(isClausewiseError(error) ? error.message : `unexpected error: ${(error as Error).message}`);
  process.exit(1);
}
