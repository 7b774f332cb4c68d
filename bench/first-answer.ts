/**
 * Child process for the cold-start benchmark: does what `ask` does (load
 * modules, open the engine, answer once) and prints, as one JSON line, how
 * long each phase took since the process started.
 */
const atStart = performance.now();
const { openEngine } = await import("../server/engine.ts");
const imported = performance.now();
const engine = await openEngine({ log: () => {} });
const opened = performance.now();
await engine.answer(process.argv[2] ?? "How many days can Bulgarians stay in Vietnam without a visa?");
const answered = performance.now();

process.stdout.write(
  `${JSON.stringify({
    startup: atStart,
    imports: imported - atStart,
    openEngine: opened - imported,
    answer: answered - opened,
    total: answered,
    maxRssKb: process.resourceUsage().maxRSS,
  })}\n`,
);
