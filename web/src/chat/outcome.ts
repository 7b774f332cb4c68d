/**
 * What an assistant message is — an answer, related passages, or nothing —
 * and the words each look uses, kept together so the label a reader sees,
 * the heading a screen reader hears and the live announcement agree.
 */
import { ANSWER_OUTCOMES, type AnswerOutcome, type ChatMetadata } from "../../../server/contract.ts";

/**
 * The outcome of a finished message. Messages saved before `outcome` existed
 * (or a server that does not send it) fall back on `abstained`.
 */
export function outcomeOf(metadata: ChatMetadata | undefined): AnswerOutcome {
  const outcome = metadata?.outcome;
  if (outcome && (ANSWER_OUTCOMES as readonly string[]).includes(outcome)) return outcome;
  return metadata?.abstained === true ? "none" : "answer";
}

export interface OutcomeCopy {
  /** The visible label above the text; absent for an answer. */
  label?: string;
  /** The message's heading for assistive technology. */
  heading: string;
  /** Said by the live region when the message finishes. */
  announcement: string;
  /** The title of the citations list, or absent when none is shown. */
  sourcesTitle?: string;
}

export const OUTCOME_COPY: Record<AnswerOutcome, OutcomeCopy> = {
  answer: { heading: "Clausewise answered", announcement: "Answer ready.", sourcesTitle: "Sources" },
  related: {
    label: "Not stated in the documents — closest passages",
    heading: "Clausewise: not stated in the documents; closest passages",
    announcement: "Answer ready: the documents don't state it; the closest passages are listed.",
    sourcesTitle: "Related passages",
  },
  none: {
    label: "Not in the documents",
    heading: "Clausewise: not in the documents",
    announcement: "Answer ready: the documents don't say.",
  },
};
