/**
 * The category agentless scans ingest under: their results are a set of their own per
 * tool, apart from a pipeline's uploads of the same tool (which have their own category).
 */
export const AGENTLESS_CATEGORY = "agentless";
