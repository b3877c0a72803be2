"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { fillMessage } from "@/lib/i18n";
import type { OverviewMessages } from "@/lib/i18n/overview-messages";

/*
 * Recharts draws; the numbers come from the server (SQL on the tenant's wall
 * clock) with their labels already in the console's language. Each chart has
 * its data as a table under a disclosure, for screen readers and for anyone
 * who wants the exact figures.
 */

export interface ChartData {
  conversations: Array<{ label: string; date: string; voice: number; whatsapp: number; web: number }>;
  bookings: Array<{ label: string; date: string; bookings: number }>;
  hours: Array<{ label: string; conversations: number }>;
}

const COLORS = { voice: "#0c665f", whatsapp: "#7c3aed", web: "#c2410c", bookings: "#0c665f", conversations: "#1d4ed8" };

function DataTable({ caption, columns, rows, testId }: { caption: string; columns: string[]; rows: Array<Array<string | number>>; testId: string }) {
  return (
    <details className="mt-2 text-sm">
      <summary className="cursor-pointer text-brand-800">{caption}</summary>
      <div tabIndex={0} role="region" aria-label={caption} className="mt-2 max-h-72 overflow-auto">
        <table data-testid={testId} className="w-full text-left tabular-nums">
          <caption className="sr-only">{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c} scope="col" className="border-b border-slate-200 px-2 py-1 font-semibold">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={String(r[0])}>
                {r.map((cell, i) =>
                  i === 0 ? (
                    <th key={i} scope="row" className="px-2 py-1 font-normal">
                      {cell}
                    </th>
                  ) : (
                    <td key={i} className="px-2 py-1">
                      {cell}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

function Frame({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <figure aria-labelledby={id} className="min-w-0 rounded-xl p-4 ring-1 ring-slate-200">
      <figcaption id={id} className="mb-3 text-sm font-semibold">
        {title}
      </figcaption>
      {children}
    </figure>
  );
}

export function ActivityCharts({ data, zone, t }: { data: ChartData; zone: string; t: OverviewMessages }) {
  const channelName = { voice: t.voice, whatsapp: t.whatsapp, web: t.web };
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Frame id="chart-conversations" title={t.conversationsChart}>
        <div aria-hidden="true" className="h-56">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data.conversations} accessibilityLayer={false}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={12} />
              <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={32} />
              <Tooltip />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              {(["voice", "whatsapp", "web"] as const).map((c) => (
                <Bar key={c} dataKey={c} name={channelName[c]} stackId="channels" fill={COLORS[c]} isAnimationActive={false} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
        <DataTable
          caption={fillMessage(t.chartTable, { title: t.conversationsChart })}
          testId="chart-conversations-table"
          columns={[t.date, t.voice, t.whatsapp, t.web, t.total]}
          rows={data.conversations.map((d) => [d.label, d.voice, d.whatsapp, d.web, d.voice + d.whatsapp + d.web])}
        />
      </Frame>
      <Frame id="chart-bookings" title={t.bookingsChart}>
        <div aria-hidden="true" className="h-56">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data.bookings} accessibilityLayer={false}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={12} />
              <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={32} />
              <Tooltip />
              <Bar dataKey="bookings" name={t.bookings} fill={COLORS.bookings} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
        <DataTable
          caption={fillMessage(t.chartTable, { title: t.bookingsChart })}
          testId="chart-bookings-table"
          columns={[t.date, t.bookings]}
          rows={data.bookings.map((d) => [d.label, d.bookings])}
        />
      </Frame>
      <Frame id="chart-hours" title={fillMessage(t.hoursChart, { zone })}>
        <div aria-hidden="true" className="h-56">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data.hours} accessibilityLayer={false}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="label" tick={{ fontSize: 11 }} interval={2} />
              <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={32} />
              <Tooltip />
              <Bar dataKey="conversations" name={t.conversations} fill={COLORS.conversations} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
        <DataTable
          caption={fillMessage(t.chartTable, { title: t.hoursChart.replace(/\s*\(.*\)$/, "") })}
          testId="chart-hours-table"
          columns={[t.hour, t.conversations]}
          rows={data.hours.map((d) => [d.label, d.conversations])}
        />
      </Frame>
    </div>
  );
}
