/**
 * The scale run (benchScale in bench/engine.ts) in a process of its own, so
 * that its peak RSS is the scale run's alone and not whatever the other
 * benchmarks of `npm run bench` left in the same process. Prints the result
 * as one JSON line on stdout; progress goes to stderr.
 *
 *   node --import tsx bench/scale.ts [--chunks 100000] [--queries 300]
 */
import { parseArgs } from "node:util";
import { benchScale } from "./engine.ts";

const { values } = parseArgs({ options: { chunks: { type: "string", default: "100000" }, queries: { type: "string", default: "300" } } });
const result = await benchScale({ chunks: Number(values.chunks), queries: Number(values.queries) });
process.stdout.write(`${JSON.stringify(result)}\n`);
