"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/*
 * This month's usage per day. Recharts draws; the exact figures are in a
 * table under a disclosure for screen readers and anyone who wants them.
 */

export interface UsageChartDay {
  date: string;
  conversations: number;
  callMinutes: number;
}

export function UsageChart({ days, timeZone }: { days: UsageChartDay[]; timeZone: string }) {
  const data = days.map((d) => ({ ...d, label: d.date.slice(8) }));
  return (
    <figure aria-labelledby="usage-chart-title" className="min-w-0">
      <figcaption id="usage-chart-title" className="mb-2 text-sm font-semibold">
        Per day this month <span className="font-normal text-ink-muted">({timeZone})</span>
      </figcaption>
      <div aria-hidden="true" className="h-56">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={8} />
            <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={36} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="conversations" name="Conversations started" fill="#0c665f" isAnimationActive={false} />
            <Bar dataKey="callMinutes" name="Call minutes" fill="#1d4ed8" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer text-brand-800">Figures per day</summary>
        <div tabIndex={0} role="region" aria-label="Figures per day" className="mt-2 max-h-72 overflow-auto">
          <table className="w-full text-left tabular-nums" data-testid="usage-chart-table">
            <thead>
              <tr>
                <th scope="col" className="border-b border-slate-200 px-2 py-1 font-semibold">Date</th>
                <th scope="col" className="border-b border-slate-200 px-2 py-1 font-semibold">Conversations</th>
                <th scope="col" className="border-b border-slate-200 px-2 py-1 font-semibold">Call minutes</th>
              </tr>
            </thead>
            <tbody>
              {days.map((d) => (
                <tr key={d.date}>
                  <th scope="row" className="px-2 py-1 font-normal">{d.date}</th>
                  <td className="px-2 py-1">{d.conversations}</td>
                  <td className="px-2 py-1">{d.callMinutes}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
