/** What went wrong loading a page's data, in the words of describeProblem, with "Try again" when the page can. */
import { describeProblem } from "./errors.ts";

export function ProblemAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const problem = describeProblem(error);
  return (
    <div className="problem" role="alert">
      <p className="problem-title">{problem.title}</p>
      <p className="problem-detail">{problem.detail}</p>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
