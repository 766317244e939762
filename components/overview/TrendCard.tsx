"use client";

import { makeStyles, Text, ToggleButton, tokens } from "@fluentui/react-components";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useVisuallyHiddenStyles } from "@/components/common/visually-hidden";
import { SEVERITY_COLORS } from "@/components/repository/finding-badges";
import { SEVERITIES, SEVERITY_KEYS, SEVERITY_LABELS } from "@/lib/schemas/findings";
import { TREND_WINDOWS, type OverviewMetrics } from "@/lib/schemas/overview";
import { formatCount } from "./format";
import { OverviewCard } from "./OverviewCard";

const useStyles = makeStyles({
  figure: { margin: 0, display: "flex", flexDirection: "column", gap: "8px", minWidth: 0 },
  chart: { width: "100%", height: "260px", minWidth: 0 },
  caption: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  legendText: { color: tokens.colorNeutralForeground2 },
  windows: { display: "inline-flex", gap: "2px" },
  nothing: {
    display: "flex",
    alignItems: "center",
    justifyContent: "center",
    height: "200px",
    margin: 0,
    color: tokens.colorNeutralForeground3,
    backgroundColor: tokens.colorNeutralBackground2,
    borderRadius: tokens.borderRadiusMedium,
  },
});

type Point = OverviewMetrics["trend"]["points"][number];

/** A YYYY-MM-DD day as "Mar 3" (the day itself, whatever the reader's time zone). */
function shortDay(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
}

function longDay(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString("en-US", { dateStyle: "medium", timeZone: "UTC" });
}

/** Most severe first, as everywhere else (the legend and the tooltip would sort by name). */
const LEGEND_ORDER: string[] = SEVERITIES.map((s) => SEVERITY_KEYS[s]);

const total = (p: Point) => p.critical + p.high + p.medium + p.low;

function split(p: Point): string {
  return SEVERITIES.map((s) => `${formatCount(p[SEVERITY_KEYS[s]])} ${SEVERITY_LABELS[s].toLowerCase()}`).join(", ");
}

/** What the chart shows, in one or two sentences: where the window starts and ends. */
export function trendSummary(points: Point[], days: number): string {
  if (points.length === 0) return `No scan reported findings in the last ${days} days.`;
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const end = `${formatCount(total(last))} open findings on ${longDay(last.day)} (${split(last)})`;
  if (points.length === 1) return `${end}.`;
  const change = total(last) - total(first);
  const direction = change === 0 ? "no change" : change > 0 ? `up ${formatCount(change)}` : `down ${formatCount(-change)}`;
  return `${end}: ${direction} from ${formatCount(total(first))} on ${longDay(first.day)}.`;
}

/**
 * Open findings by severity over the last 30 or 90 days. The chart is drawn for the eye;
 * a sentence says where it starts and ends, and a table (read by screen readers only)
 * holds every day's numbers.
 */
export function TrendCard({ trend, days, onDays, className }: { trend: OverviewMetrics["trend"]; days: number; onDays: (days: number) => void; className?: string }) {
  const styles = useStyles();
  const hidden = useVisuallyHiddenStyles();
  const summary = trendSummary(trend.points, days);
  return (
    <OverviewCard
      id="trend"
      title="Open findings over time"
      className={className}
      action={
        <span role="group" aria-label="Trend window" className={styles.windows}>
          {TREND_WINDOWS.map((d) => (
            <ToggleButton key={d} size="small" appearance="subtle" checked={days === d} onClick={() => days === d || onDays(d)}>
              {d} days
            </ToggleButton>
          ))}
        </span>
      }
    >
      {trend.points.length === 0 ? (
        <Text as="p" className={styles.nothing}>
          {summary}
        </Text>
      ) : (
        <figure className={styles.figure} aria-labelledby="trend-caption">
          <div className={styles.chart} aria-hidden>
            <ResponsiveContainer width="100%" height="100%">
              <LineChart data={trend.points} accessibilityLayer={false} margin={{ top: 8, right: 12, bottom: 0, left: -12 }}>
                <CartesianGrid stroke={tokens.colorNeutralStroke2} strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="day" tickFormatter={shortDay} tick={{ fill: tokens.colorNeutralForeground3, fontSize: 12 }} stroke={tokens.colorNeutralStroke1} minTickGap={24} />
                <YAxis allowDecimals={false} tick={{ fill: tokens.colorNeutralForeground3, fontSize: 12 }} stroke={tokens.colorNeutralStroke1} width={48} />
                <Tooltip
                  itemSorter={(item) => LEGEND_ORDER.indexOf(String(item.dataKey))}
                  labelFormatter={(day) => longDay(String(day))}
                  contentStyle={{ backgroundColor: tokens.colorNeutralBackground1, borderColor: tokens.colorNeutralStroke1, borderRadius: 4, fontSize: 12 }}
                  labelStyle={{ color: tokens.colorNeutralForeground1, fontWeight: 600 }}
                  // The series' colours mark the lines; text in them (yellow Low) would be unreadable.
                  itemStyle={{ color: tokens.colorNeutralForeground1 }}
                />
                <Legend
                  iconType="plainline"
                  itemSorter={(item) => LEGEND_ORDER.indexOf(String(item.dataKey))}
                  formatter={(value) => <span className={styles.legendText}>{value}</span>}
                  wrapperStyle={{ fontSize: 12 }}
                />
                {SEVERITIES.map((s) => (
                  <Line key={s} type="monotone" dataKey={SEVERITY_KEYS[s]} name={SEVERITY_LABELS[s]} stroke={SEVERITY_COLORS[s]} strokeWidth={2} dot={trend.points.length === 1} isAnimationActive={false} />
                ))}
              </LineChart>
            </ResponsiveContainer>
          </div>
          <figcaption id="trend-caption" className={styles.caption}>
            {summary}
          </figcaption>
          <table className={hidden.hidden}>
            <caption>Open findings by severity at the end of each day with data, last {days} days</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                {SEVERITIES.map((s) => (
                  <th key={s} scope="col">
                    {SEVERITY_LABELS[s]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {trend.points.map((p) => (
                <tr key={p.day}>
                  <th scope="row">{longDay(p.day)}</th>
                  {SEVERITIES.map((s) => (
                    <td key={s}>{formatCount(p[SEVERITY_KEYS[s]])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </figure>
      )}
    </OverviewCard>
  );
}
