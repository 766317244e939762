"use client";

import {
  Badge,
  Button,
  Caption1,
  Field,
  Input,
  makeStyles,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
  type BadgeProps,
} from "@fluentui/react-components";
import { ArrowDown16Regular, Dismiss16Regular, Search16Regular } from "@fluentui/react-icons";
import { useEffect, useRef, useState } from "react";
import { callApi, type Problem } from "@/components/common/api";
import { LocalTime } from "@/components/common/LocalTime";
import { ProblemBar } from "@/components/common/ProblemBar";

const PAGE_SIZE = 50;
const DEBOUNCE_MS = 350;

const useStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", gap: "12px" },
  panel: {
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    overflowX: "auto",
  },
  filters: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "flex-end",
    gap: "12px",
    padding: "8px 12px 12px",
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  filter: { width: "260px" },
  spacer: { flexGrow: 1 },
  status: { color: tokens.colorNeutralForeground3, display: "flex", alignItems: "center", gap: "8px", paddingBottom: "6px" },
  table: { minWidth: "900px" },
  colTime: { width: "190px" },
  colActor: { width: "220px" },
  colAction: { width: "200px" },
  colFrom: { width: "140px" },
  nowrap: { whiteSpace: "nowrap" },
  muted: { color: tokens.colorNeutralForeground3 },
  empty: { textAlign: "center", padding: "24px", color: tokens.colorNeutralForeground3 },
  footer: { display: "flex", justifyContent: "center", padding: "8px", borderTop: `1px solid ${tokens.colorNeutralStroke2}` },
});

/** One audit event as `GET /api/audit-log` answers it. */
export interface AuditEventRow {
  id: string;
  at: string;
  actorEmail: string | null;
  action: string;
  summary: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  userAgent: string | null;
}

interface AuditPage {
  events: AuditEventRow[];
  nextBefore: string | null;
}

interface Filters {
  action: string;
  actor: string;
}

function actionColor(action: string): BadgeProps["color"] {
  if (/(delete|disable|remove|revoke|fail|denied)/.test(action)) return "danger";
  if (/(create|enable|assign)/.test(action)) return "success";
  if (action.startsWith("auth.") || action.startsWith("session.")) return "informative";
  return "brand";
}

function auditUrl(filters: Filters, before?: string): string {
  const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (before) params.set("before", before);
  if (filters.action.trim()) params.set("action", filters.action.trim());
  if (filters.actor.trim()) params.set("actor", filters.actor.trim());
  return `/api/audit-log?${params.toString()}`;
}

/** The audit log, newest first: filter by action prefix and actor, and page back with "Load older". */
export function AuditLog({ initialEvents, initialNextBefore }: { initialEvents: AuditEventRow[]; initialNextBefore: string | null }) {
  const styles = useStyles();
  const [filters, setFilters] = useState<Filters>({ action: "", actor: "" });
  const [events, setEvents] = useState(initialEvents);
  const [nextBefore, setNextBefore] = useState(initialNextBefore);
  /** The filters `events` were loaded with (the inputs may be ahead of them while typing). */
  const applied = useRef<Filters>({ action: "", actor: "" });
  const [loading, setLoading] = useState<"filter" | "older" | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inFlight = useRef<AbortController | null>(null);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      inFlight.current?.abort();
    },
    [],
  );

  async function load(next: Filters, before?: string) {
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    setLoading(before ? "older" : "filter");
    setProblem(null);
    const result = await callApi<AuditPage>("GET", auditUrl(next, before), undefined, controller.signal).catch(() => null);
    // Aborted: a newer request (or leaving the page) replaced this one.
    if (result === null || inFlight.current !== controller) return;
    inFlight.current = null;
    setLoading(null);
    if (!result.ok) {
      setProblem(result.problem);
      return;
    }
    applied.current = next;
    setEvents((current) => {
      if (!before) return result.data.events;
      const seen = new Set(current.map((e) => e.id));
      return [...current, ...result.data.events.filter((e) => !seen.has(e.id))];
    });
    setNextBefore(result.data.nextBefore);
  }

  function changeFilter(key: keyof Filters, value: string) {
    const next = { ...filters, [key]: value };
    setFilters(next);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      if (next.action.trim() === applied.current.action.trim() && next.actor.trim() === applied.current.actor.trim()) return;
      void load(next);
    }, DEBOUNCE_MS);
  }

  function clearFilters() {
    if (timer.current) clearTimeout(timer.current);
    const next = { action: "", actor: "" };
    setFilters(next);
    void load(next);
  }

  const filtered = filters.action.trim() !== "" || filters.actor.trim() !== "";

  return (
    <div className={styles.stack}>
      <ProblemBar problem={problem} />
      <div className={styles.panel}>
        <div className={styles.filters} role="search" aria-label="Filter the audit log">
          <Field label="Action starts with" className={styles.filter}>
            <Input
              contentBefore={<Search16Regular />}
              placeholder="e.g. user. or role_assignment"
              value={filters.action}
              onChange={(_e, d) => changeFilter("action", d.value)}
            />
          </Field>
          <Field label="Actor email contains" className={styles.filter}>
            <Input contentBefore={<Search16Regular />} placeholder="e.g. alice@" value={filters.actor} onChange={(_e, d) => changeFilter("actor", d.value)} />
          </Field>
          {filtered ? (
            <Button appearance="subtle" icon={<Dismiss16Regular />} onClick={clearFilters}>
              Clear filters
            </Button>
          ) : null}
          <div className={styles.spacer} />
          <Caption1 className={styles.status} aria-live="polite">
            {loading === "filter" ? <Spinner size="extra-tiny" aria-label="Loading" /> : null}
            {events.length === 1 ? "1 event" : `${events.length} events`}
            {nextBefore ? " shown" : ""}
          </Caption1>
        </div>
        <Table size="small" aria-label="Audit events" className={styles.table}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell className={styles.colTime}>Time</TableHeaderCell>
              <TableHeaderCell className={styles.colActor}>Actor</TableHeaderCell>
              <TableHeaderCell className={styles.colAction}>Action</TableHeaderCell>
              <TableHeaderCell>Summary</TableHeaderCell>
              <TableHeaderCell className={styles.colFrom}>From</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {events.length === 0 ? (
              <TableRow>
                <TableCell colSpan={5} className={styles.empty}>
                  {filtered ? "No events match these filters." : "No events recorded yet."}
                </TableCell>
              </TableRow>
            ) : (
              events.map((e) => (
                <TableRow key={e.id}>
                  <TableCell className={styles.nowrap}>
                    <LocalTime iso={e.at} format="date-time" />
                  </TableCell>
                  <TableCell>{e.actorEmail ?? <span className={styles.muted}>System</span>}</TableCell>
                  <TableCell>
                    <Badge appearance="tint" color={actionColor(e.action)} shape="rounded">
                      {e.action}
                    </Badge>
                  </TableCell>
                  <TableCell>{e.summary}</TableCell>
                  <TableCell className={styles.nowrap} title={e.userAgent ?? undefined}>
                    {e.ip ?? <span className={styles.muted}>—</span>}
                  </TableCell>
                </TableRow>
              ))
            )}
          </TableBody>
        </Table>
        {nextBefore ? (
          <div className={styles.footer}>
            <Button
              appearance="secondary"
              icon={loading === "older" ? <Spinner size="tiny" /> : <ArrowDown16Regular />}
              disabled={loading !== null}
              onClick={() => void load(applied.current, nextBefore)}
            >
              Load older
            </Button>
          </div>
        ) : null}
      </div>
    </div>
  );
}
