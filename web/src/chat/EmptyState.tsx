/** What the page says before the first question: what can be asked, and six ways to start. */

export interface Suggestion {
  kind: string;
  question: string;
}

export const SUGGESTIONS: Suggestion[] = [
  { kind: "Clause lookup", question: "What does clause 24 say?" },
  { kind: "Date", question: "When did Tô Lâm visit Bulgaria?" },
  { kind: "Paraphrase", question: "How will the two countries make it easier for tourists to travel?" },
  { kind: "Across both documents", question: "What do both documents say about the 75th anniversary of diplomatic relations?" },
  { kind: "Defence", question: "What did the two sides agree on defence cooperation?" },
  { kind: "Not in the documents", question: "How much will Bulgaria invest in Vietnam?" },
];

export function EmptyState({ onAsk }: { onAsk: (question: string) => void }) {
  return (
    <section className="empty-state" aria-labelledby="empty-title">
      <h1 id="empty-title">Ask the Vietnam–Bulgaria documents</h1>
      <p className="empty-lede">
        Questions about the October 2025 Joint Statement on a Strategic Partnership and the VNA/VNS report on Tô Lâm's visit. Every answer cites its
        clause, or says plainly that the documents don't say.
      </p>
      <ul className="suggestions" aria-label="Suggested questions">
        {SUGGESTIONS.map((s) => (
          <li key={s.question}>
            <button type="button" className="suggestion" onClick={() => onAsk(s.question)}>
              <span className="suggestion-kind">{s.kind}</span>
              <span className="suggestion-question">{s.question}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
