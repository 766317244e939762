// Stand-in for the "server-only" package in processes that are servers by definition
// (the `rampart` command, start and migration scripts, Vitest). See tsconfig.scripts.json.
export {};
