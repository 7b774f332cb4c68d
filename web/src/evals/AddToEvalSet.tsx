/**
 * "Add to eval set" under an answer: the question, its earlier turns and the
 * answer's citations prefilled as an eval case, editable (which citations are
 * gold, whether the documents should decline, the facts an answer must
 * contain, the kind of question), saved with POST /api/evals/cases. Saving
 * needs the admin token; without one configured the form says why it is off.
 */
import { useEffect, useId, useState, type FormEvent } from "react";
import { EVAL_TAGS, type Turn } from "../../../server/contract.ts";
import { fetchEvalCasesStatus, saveEvalCase } from "../api/client.ts";
import { describeProblem } from "../api/errors.ts";

/** The admin token, typed once per tab: "Add to eval set" and "Run a set" both keep it under this key. */
export const TOKEN_KEY = "clausewise:admin-token";

let savingEnabled: Promise<boolean> | undefined;
/** Whether this server saves cases at all (asked once per page load). */
function savingIsEnabled(): Promise<boolean> {
  savingEnabled ??= fetchEvalCasesStatus().then(
    (s) => s.enabled,
    () => false,
  );
  return savingEnabled;
}

export interface EvalCaseDraft {
  question: string;
  history: Turn[];
  citations: string[];
  /** The answer declined (related or none): the case starts as "should abstain". */
  declined: boolean;
}

type Status = { kind: "idle" } | { kind: "saving" } | { kind: "saved"; id: string; file: string } | { kind: "error"; message: string };

/** What a reader's thumbs down brings to the form: their note, and the facts it says the answer should contain. */
export interface EvalCasePrefill {
  note?: string;
  facts?: string;
}

/**
 * The button; the case is drawn from the conversation (`draft()`) only when it is opened, not on every render.
 * Each new `prefill` object opens the form (a thumbs down) and fills it in.
 */
export function AddToEvalSet({ draft, prefill }: { draft: () => EvalCaseDraft | undefined; prefill?: EvalCasePrefill }) {
  const [opened, setOpened] = useState<EvalCaseDraft | undefined>(undefined);
  // Only a new prefill opens the form: `draft` is a new function on every render of the conversation.
  useEffect(() => {
    if (prefill) setOpened((current) => current ?? draft());
  }, [prefill]);
  if (!opened) {
    return (
      <button type="button" className="text-button" onClick={() => setOpened(draft())}>
        Add to eval set
      </button>
    );
  }
  return <EvalCaseForm draft={opened} prefill={prefill} onCancel={() => setOpened(undefined)} />;
}

function EvalCaseForm({ draft, prefill, onCancel }: { draft: EvalCaseDraft; prefill?: EvalCasePrefill; onCancel: () => void }) {
  const [enabled, setEnabled] = useState<boolean | undefined>(undefined);
  const [question, setQuestion] = useState(draft.question);
  const [abstain, setAbstain] = useState(draft.declined);
  const [gold, setGold] = useState<string[]>(draft.declined ? [] : draft.citations);
  const [facts, setFacts] = useState(prefill?.facts ?? "");
  const [tag, setTag] = useState<string>(draft.declined ? "near-miss" : "factual");
  const [token, setToken] = useState(() => sessionStorage.getItem(TOKEN_KEY) ?? "");
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const id = useId();

  useEffect(() => {
    void savingIsEnabled().then(setEnabled);
  }, []);

  // The reader saved a note while the form was open: what it expects replaces the facts.
  useEffect(() => {
    if (prefill?.facts) setFacts(prefill.facts);
  }, [prefill]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setStatus({ kind: "saving" });
    const body = {
      question: question.trim(),
      answerable: !abstain,
      citations: abstain ? [] : gold,
      facts: abstain
        ? []
        : facts
            .split("\n")
            .map((f) => f.trim())
            .filter(Boolean)
            // "a | b" lists alternatives, as in the eval sets.
            .map((f) => (f.includes("|") ? f.split("|").map((x) => x.trim()).filter(Boolean) : f)),
      tags: [tag, ...(draft.history.length > 0 && !tag.includes("follow-up") ? ["follow-up"] : [])],
      history: draft.history,
    };
    try {
      const { saved, file } = await saveEvalCase(body, token);
      sessionStorage.setItem(TOKEN_KEY, token);
      setStatus({ kind: "saved", id: saved.id, file });
    } catch (error) {
      const problem = describeProblem(error);
      setStatus({ kind: "error", message: `${problem.title}. ${problem.detail}` });
    }
  }

  return (
    <form className="eval-case-form" onSubmit={(event) => void submit(event)} aria-label="Add to eval set">
      <h4>Add this question to the eval set</h4>
      {prefill?.note && <p className="eval-case-prefill">From your feedback: “{prefill.note}”</p>}
      {enabled === false && (
        <p className="eval-case-off" role="note">
          Saving is off on this server: it needs <code>CLAUSEWISE_ADMIN_TOKEN</code> set where the server runs.
        </p>
      )}
      <label htmlFor={`${id}-q`}>Question</label>
      <input id={`${id}-q`} value={question} onChange={(e) => setQuestion(e.target.value)} required />
      <label className="eval-case-check">
        <input type="checkbox" checked={abstain} onChange={(e) => setAbstain(e.target.checked)} />
        The documents do not answer this: the right answer declines
      </label>
      {!abstain && (
        <>
          <fieldset>
            <legend>Gold citations</legend>
            {draft.citations.length === 0 && <p>The answer cited nothing; a case that should be answered needs at least one.</p>}
            {draft.citations.map((c) => (
              <label key={c} className="eval-case-check">
                <input type="checkbox" checked={gold.includes(c)} onChange={(e) => setGold(e.target.checked ? [...gold, c] : gold.filter((g) => g !== c))} />
                {c}
              </label>
            ))}
          </fieldset>
          <label htmlFor={`${id}-facts`}>Expected facts, one per line (words the answer must contain; "a | b" for alternatives)</label>
          <textarea id={`${id}-facts`} rows={2} value={facts} onChange={(e) => setFacts(e.target.value)} />
        </>
      )}
      <label htmlFor={`${id}-tag`}>Kind of question</label>
      <select id={`${id}-tag`} value={tag} onChange={(e) => setTag(e.target.value)}>
        {EVAL_TAGS.map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-token`}>Admin token</label>
      <input id={`${id}-token`} type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} required disabled={enabled === false} />
      <div className="eval-case-actions">
        <button type="submit" className="button" disabled={enabled === false || status.kind === "saving"}>
          Save case
        </button>
        <button type="button" className="text-button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <p role="status" className="eval-case-status">
        {status.kind === "saved" ? `Saved as ${status.id} in ${status.file}.` : status.kind === "error" ? status.message : ""}
      </p>
    </form>
  );
}
