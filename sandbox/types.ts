/** The three source-control providers the sandbox imitates. */
export const PROVIDERS = ["github", "gitlab", "azure-devops"] as const;
export type Provider = (typeof PROVIDERS)[number];

/** What a fixture user is there for (the consent page lists them all). */
export type UserPurpose = "admin" | "member" | "revocable" | "rate-limited";

/** A person who can sign in on a provider's consent page. */
export interface SandboxUser {
  /** What the consent page's "Sign in as" list submits, and what the control methods take. */
  login: string;
  name: string;
  email: string;
  purpose: UserPurpose;
  /** API requests allowed per rate-limit window (the provider's real quota when absent). */
  requestsPerWindow?: number;
}
