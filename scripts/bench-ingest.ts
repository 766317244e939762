/**
 * `npm run bench:ingest`: SARIF ingestion at the size GitHub code scanning allows, on one
 * throwaway PostgreSQL, against a plain COPY of the same rows in the same run.
 *
 * Three repositories each already hold 100,000 findings (of another tool). For each, a
 * 25,000-result log (60 rules, 500 files, fingerprints, snippets) is uploaded through
 * POST /api/v1/scans in-process (token, body, gzip, schema validation, limits, repository
 * and scope, storage, queue), processed by a real scan worker of this process, and timed
 * until GET /api/v1/scans/{id} says complete. Then a second upload of changed results
 * (5,000 fixed, 5,000 new, 2,000 moved) is timed the same way. In the same run, COPY
 * loads the same 25,000 rows into the findings table.
 *
 * Target (issue 5): complete within 5 s, and at least a quarter of COPY's rows per second.
 * Exits 1 when a scenario misses it.
 */
import { performance } from "node:perf_hooks";
import { withThrowawayDatabase } from "./bench-database";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { from as copyFrom } from "pg-copy-streams";
import type { SarifLog, SarifResult } from "@/lib/server/sarif/sarif-log";

const REPOSITORIES = 3;
const EXISTING_FINDINGS = 100_000;
const RESULTS = 25_000;
const TARGET_SECONDS = 5;
const TARGET_COPY_FRACTION = 0.25;

function makeLog(repositoryUrl: string, variant: "first" | "changed"): SarifLog {
  const rules = Array.from({ length: 60 }, (_, r) => ({
    id: `security/rule-${r}`,
    shortDescription: { text: `Security rule ${r}: something an attacker could use` },
    fullDescription: { text: `A longer description of rule ${r}, as ESLint plugins write them.` },
    helpUri: `https://example.test/rules/${r}`,
    help: { text: `Fix rule ${r} like this.`, markdown: `Fix **rule ${r}** like this.` },
    properties: { tags: ["security", `external/cwe/cwe-${70 + r}`], "security-severity": String(2 + (r % 8)) },
  }));
  const results: SarifResult[] = [];
  // "changed": the first 5,000 are gone (fixed), 5,000 new ones come after, 2,000 moved down.
  const ids = variant === "first" ? Array.from({ length: RESULTS }, (_, i) => i) : Array.from({ length: RESULTS }, (_, i) => i + 5_000);
  for (const i of ids) {
    const file = `src/module-${i % 50}/file-${i % 500}.ts`;
    const moved = variant === "changed" && i >= 5_000 && i < 7_000;
    const line = 1 + Math.floor(i / 500) * 3 + (moved ? 40 : 0);
    results.push({
      ruleId: `security/rule-${i % 60}`,
      ruleIndex: i % 60,
      level: "warning",
      message: { text: `Unsafe call in ${file} (${i})` },
      locations: [{ physicalLocation: { artifactLocation: { uri: file, uriBaseId: "%SRCROOT%" }, region: { startLine: line, startColumn: 3, endLine: line, endColumn: 40, snippet: { text: `doSomethingUnsafe(input${i});` } } } }],
      partialFingerprints: { "rampartContent/v1": `fp-${i}` },
    });
  }
  return {
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "ESLint", version: "9.39.1", rules } },
        results,
        versionControlProvenance: [{ repositoryUri: repositoryUrl, revisionId: variant === "first" ? "1111111" : "2222222", branch: "main" }],
      },
    ],
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function copyText(value: string | number | null): string {
  if (value === null) return "\\N";
  return String(value).replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}

async function main(): Promise<boolean> {
  return withThrowawayDatabase("ingest", async (sql) => {
    const { db, disconnectDb } = await import("@/lib/server/db/client");
    const { newApiToken } = await import("@/lib/server/api-tokens/token-secret");
    const { startJobQueue, stopJobQueue } = await import("@/lib/server/jobs/job-queue");
    const { startScanWorker } = await import("@/lib/server/scans/scan-jobs");
    const { normalizeLog } = await import("@/lib/server/sarif/normalize-log");
    const { recountFindings } = await import("@/lib/server/findings/finding-counts");
    const { call } = await import("../test/http");
    const scansRoute = await import("@/app/api/v1/scans/route");
    const scanRoute = await import("@/app/api/v1/scans/[id]/route");

    // ---- Seed: repositories that already hold 100,000 findings each -------------------------
    const seedStart = performance.now();
    const subscription = await db.subscription.create({ data: { name: "Contoso" } });
    const group = await db.resourceGroup.create({ data: { subscriptionId: subscription.id, name: "rg-bench" } });
    const connector = await db.connector.create({ data: { name: "bench", provider: "GITHUB", host: "cloud", resourceGroupId: group.id, scanners: [], scanScopeEntries: [] } });
    const repositories: { id: string; url: string }[] = [];
    for (let k = 0; k < REPOSITORIES; k++) {
      const name = `storefront-${k}`;
      repositories.push(
        await db.repository.create({
          data: {
            connectorId: connector.id,
            provider: "GITHUB",
            externalId: `r${k}`,
            organizationExternalId: "o1",
            organizationName: "contoso",
            name,
            nameKey: name,
            fullName: `contoso/${name}`,
            searchKey: `contoso/${name}`,
            url: `https://github.com/contoso/${name}`,
            visibility: "private",
          },
        }),
      );
    }
    await sql.query(
      `INSERT INTO "Finding" (id, "repositoryId", type, severity, state, tool, "ruleId", title, message, path, "startLine", fingerprint, "severityReason")
       SELECT gen_random_uuid(), r.id, 'IAC', (ARRAY['CRITICAL','HIGH','MEDIUM','LOW']::"Severity"[])[1 + g % 4],
              CASE WHEN g % 5 = 0 THEN 'FIXED'::"FindingState" ELSE 'OPEN'::"FindingState" END,
              'Checkov', 'CKV_' || (g % 300), 'Rule ' || (g % 300), 'A message about resource ' || g, 'infra/module-' || (g % 200) || '/main.tf', 1 + g % 900,
              md5(r.id::text || g), 'level "warning" on the result → Medium'
       FROM "Repository" r CROSS JOIN generate_series(1, $1) g`,
      [EXISTING_FINDINGS],
    );
    await recountFindings(null);
    await sql.query(`VACUUM ANALYZE "Finding"`);
    await sql.query(`VACUUM ANALYZE "Repository"`);
    const seedSeconds = (performance.now() - seedStart) / 1000;

    const owner = await db.user.create({ data: { email: "admin@bench.test", name: "Admin", roleAssignments: { create: { role: "SECURITY_ADMIN", scopeType: "WORKSPACE" } } } });
    const secret = newApiToken();
    await db.apiToken.create({
      data: { name: "bench", prefix: secret.prefix, hash: secret.hash, permission: "UPLOAD", expiresAt: new Date(Date.now() + 86_400_000), createdById: owner.id, scopes: { create: [{ scopeType: "WORKSPACE" }] } },
    });

    const boss = await startJobQueue("worker");
    await startScanWorker(boss, { concurrency: 2 });

    const upload = async (log: SarifLog) => {
      const body = new Uint8Array(gzipSync(JSON.stringify(log)));
      const start = performance.now();
      const accepted = await call(scansRoute.POST, {
        method: "POST",
        path: "/api/v1/scans",
        body,
        headers: { authorization: `Bearer ${secret.token}`, "content-type": "application/sarif+json", "content-encoding": "gzip" },
      });
      if (accepted.status !== 202) throw new Error(`upload answered ${accepted.status}: ${accepted.json?.detail}`);
      const acceptedMs = performance.now() - start;
      const id = accepted.json.id as string;
      for (;;) {
        const status = await call(scanRoute.GET, { path: `/api/v1/scans/${id}`, params: { id }, headers: { authorization: `Bearer ${secret.token}` } });
        const state = status.json.state as string;
        if (state === "complete") return { acceptedMs, totalMs: performance.now() - start, counts: status.json.counts as Record<string, number>, bytes: body.length };
        if (state === "failed") throw new Error(`scan failed: ${status.json.error}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };

    // ---- Uploads ---------------------------------------------------------------------------------
    const first = [];
    for (const repository of repositories) first.push(await upload(makeLog(repository.url, "first")));
    const changed = [];
    for (const repository of repositories) changed.push(await upload(makeLog(repository.url, "changed")));

    // ---- Plain COPY of the same rows ---------------------------------------------------------------
    const rows = normalizeLog(makeLog(repositories[0]!.url, "first"))[0]!.results;
    const columns = `id, "repositoryId", type, severity, "severityReason", state, tool, category, "ruleId", title, message, path, "startLine", "endLine", "startColumn", "endColumn", snippet, fingerprint, "fingerprintSource", occurrence, "firstSeenAt", "lastSeenAt"`;
    const copies: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const now = new Date().toISOString();
      const text = rows
        .map((r) =>
          [crypto.randomUUID(), repositories[0]!.id, "CODE", r.severity, r.severityReason, "OPEN", "ESLint", `copy-${attempt}`, r.ruleId, r.title, r.message, r.path, r.startLine, r.endLine, r.startColumn, r.endColumn, r.snippet, r.fingerprint, r.fingerprintSource, r.occurrence, now, now]
            .map(copyText)
            .join("\t"),
        )
        .join("\n");
      const client = await sql.connect();
      try {
        await client.query("BEGIN");
        const start = performance.now();
        await pipeline(Readable.from([`${text}\n`]), client.query(copyFrom(`COPY "Finding" (${columns}) FROM STDIN`)));
        copies.push(performance.now() - start);
        await client.query("ROLLBACK");
      } finally {
        client.release();
      }
    }

    // ---- Report ------------------------------------------------------------------------------------
    const copyMs = median(copies);
    const copyRate = RESULTS / (copyMs / 1000);
    const line = (label: string, runs: { acceptedMs: number; totalMs: number; counts: Record<string, number> }[]) => {
      const total = median(runs.map((r) => r.totalMs));
      const worst = Math.max(...runs.map((r) => r.totalMs));
      const rate = RESULTS / (total / 1000);
      const ok = total / 1000 <= TARGET_SECONDS && rate >= TARGET_COPY_FRACTION * copyRate;
      const c = runs[0]!.counts;
      console.log(
        `${label.padEnd(34)} accepted ${median(runs.map((r) => r.acceptedMs)).toFixed(0).padStart(5)} ms   complete p50 ${total.toFixed(0).padStart(5)} ms  max ${worst.toFixed(0).padStart(5)} ms   ` +
          `${Math.round(rate).toLocaleString("en-US").padStart(7)} rows/s = ${(rate / copyRate).toFixed(2)} × COPY   ` +
          `(new ${c.new}, unchanged ${c.unchanged}, fixed ${c.fixed}, reopened ${c.reopened})   ${ok ? "ok" : "MISSES TARGET"}`,
      );
      return ok;
    };
    console.log(`\nrampart bench:ingest — ${REPOSITORIES} repositories × ${EXISTING_FINDINGS.toLocaleString("en-US")} findings seeded in ${seedSeconds.toFixed(1)} s; logs of ${RESULTS.toLocaleString("en-US")} results (${(first[0]!.bytes / 1024 / 1024).toFixed(1)} MB gzipped)`);
    console.log(`plain COPY of the same ${RESULTS.toLocaleString("en-US")} rows: median ${copyMs.toFixed(0)} ms = ${Math.round(copyRate).toLocaleString("en-US")} rows/s (runs: ${copies.map((c) => c.toFixed(0)).join(", ")} ms)`);
    console.log(`target: complete within ${TARGET_SECONDS} s and at least ${TARGET_COPY_FRACTION} × COPY's rows per second (judged on the median of the runs; COPY likewise)\n`);
    const okFirst = line("first upload (25,000 new)", first);
    const okChanged = line("next upload (5k fixed, 5k new, 2k moved)", changed);
    console.log(okFirst && okChanged ? "\nall scenarios meet the target" : "\nsome scenarios miss the target");
    await stopJobQueue();
    await disconnectDb();
    return okFirst && okChanged;
  }, { poolSize: 2 });
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
