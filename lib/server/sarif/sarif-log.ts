/**
 * The parts of a SARIF 2.1.0 log that ingestion reads. The official schema
 * (sarif-schema-2.1.0.json) validates the whole document first; these types only
 * describe what the code then relies on, so every other property stays `unknown`
 * behind an index signature rather than being modelled here.
 */

export type SarifLevel = "none" | "note" | "warning" | "error";

/** SARIF property bags hold any JSON; tools put "security-severity", "tags", "precision" etc. here. */
export type SarifPropertyBag = { tags?: string[] } & Record<string, unknown>;

export type SarifMessage = { text?: string; markdown?: string; id?: string; arguments?: string[] };

export type SarifMultiformatMessage = { text: string; markdown?: string };

export type SarifArtifactLocation = { uri?: string; uriBaseId?: string; index?: number; description?: SarifMessage };

export type SarifRegion = {
  startLine?: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
  snippet?: { text?: string };
};

export type SarifPhysicalLocation = {
  artifactLocation?: SarifArtifactLocation;
  region?: SarifRegion;
  contextRegion?: SarifRegion;
};

export type SarifLocation = {
  physicalLocation?: SarifPhysicalLocation;
  logicalLocations?: { name?: string; fullyQualifiedName?: string; kind?: string }[];
  message?: SarifMessage;
};

export type SarifReportingDescriptor = {
  id: string;
  name?: string;
  shortDescription?: SarifMultiformatMessage;
  fullDescription?: SarifMultiformatMessage;
  help?: SarifMultiformatMessage;
  helpUri?: string;
  defaultConfiguration?: { enabled?: boolean; level?: SarifLevel; rank?: number };
  messageStrings?: Record<string, SarifMultiformatMessage>;
  properties?: SarifPropertyBag;
};

export type SarifToolComponent = {
  name: string;
  version?: string;
  semanticVersion?: string;
  informationUri?: string;
  rules?: SarifReportingDescriptor[];
};

export type SarifResult = {
  ruleId?: string;
  ruleIndex?: number;
  rule?: { id?: string; index?: number };
  kind?: "notApplicable" | "pass" | "fail" | "review" | "open" | "informational";
  level?: SarifLevel;
  message: SarifMessage;
  locations?: SarifLocation[];
  partialFingerprints?: Record<string, string>;
  fingerprints?: Record<string, string>;
  /** In-source or external suppressions (e.g. an eslint-disable comment). */
  suppressions?: { kind?: string; status?: "accepted" | "underReview" | "rejected"; justification?: string }[];
  properties?: SarifPropertyBag;
};

export type SarifVersionControlDetails = {
  repositoryUri: string;
  revisionId?: string;
  branch?: string;
  mappedTo?: SarifArtifactLocation;
};

export type SarifRun = {
  tool: { driver: SarifToolComponent; extensions?: SarifToolComponent[] };
  results?: SarifResult[];
  originalUriBaseIds?: Record<string, SarifArtifactLocation>;
  versionControlProvenance?: SarifVersionControlDetails[];
  automationDetails?: { id?: string; guid?: string };
  artifacts?: { location?: SarifArtifactLocation }[];
  properties?: SarifPropertyBag;
};

export type SarifLog = {
  version: "2.1.0";
  $schema?: string;
  runs: SarifRun[];
  properties?: SarifPropertyBag;
};
