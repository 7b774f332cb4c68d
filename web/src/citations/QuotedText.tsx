/** Clause text with the quoted sentence(s) marked. */
import { excerptAround, markRuns, quoteRanges } from "./citations.ts";

export function QuotedText({ text, quote, maxChars }: { text: string; quote?: string; maxChars?: number }) {
  const ranges = quoteRanges(text, quote);
  const excerpt = maxChars ? excerptAround(text, ranges, maxChars) : { text, ranges, clippedStart: false, clippedEnd: false };
  return (
    <>
      {excerpt.clippedStart && "… "}
      {markRuns(excerpt.text, excerpt.ranges).map((run, i) =>
        run.marked ? (
          <mark key={i} className="quote-mark">
            {run.text}
          </mark>
        ) : (
          <span key={i}>{run.text}</span>
        ),
      )}
      {excerpt.clippedEnd && " …"}
    </>
  );
}
