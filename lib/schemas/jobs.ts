/** A background job as Settings → Jobs shows it. */
export interface JobView {
  id: string;
  queue: string;
  state: "created" | "retry" | "active" | "completed" | "cancelled" | "failed";
  connector: { id: string; name: string } | null;
  trigger: string | null;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  durationMs: number | null;
  retries: number;
  /** What the job answered: the discovery's counts, or the error. */
  summary: string | null;
  error: string | null;
}
