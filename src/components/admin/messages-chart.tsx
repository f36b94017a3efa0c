"use client";
// Messages per day as an SVG bar chart, drawn here (no chart library) at the width it is
// given, so its labels stay at text size on a phone and a wide screen. Screen readers get a
// one-line summary and the numbers as a table.
import { useEffect, useRef, useState } from "react";
import { formatCount, formatDay } from "./format";

type Day = { day: string; count: number };

const HEIGHT = 200;
const PAD = { top: 12, right: 8, bottom: 24, left: 44 };
/** Room one day label needs, in pixels. */
const LABEL_PX = 56;

/** A round axis maximum (2, 4, 10 × 10ⁿ) at or above the busiest day: its half is round too. */
function niceMax(value: number): number {
  if (value <= 2) return 2;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [2, 4, 10]) if (value <= step * power) return step * power;
  return 20 * power;
}

/** The element's width, following resizes. */
function useWidth(fallback: number) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => entry && setWidth(Math.max(200, Math.floor(entry.contentRect.width))));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
}

export function MessagesChart({ days }: { days: Day[] }) {
  const { ref, width: WIDTH } = useWidth(600);
  const max = niceMax(Math.max(0, ...days.map((d) => d.count)));
  const total = days.reduce((sum, d) => sum + d.count, 0);
  const busiest = days.reduce<Day | null>((best, d) => (!best || d.count > best.count ? d : best), null);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(days.length, 1);
  const barW = Math.max(2, slot * 0.7);
  // Label every n-th day, counting back from today so that today is always labelled.
  const every = Math.max(1, Math.ceil(LABEL_PX / slot));
  const y = (count: number) => PAD.top + plotH - (count / max) * plotH;
  const summary = busiest && busiest.count > 0
    ? `${formatCount(total)} messages in the last ${days.length} days; the busiest day was ${formatDay(busiest.day)} with ${formatCount(busiest.count)}.`
    : `No messages in the last ${days.length} days.`;

  return (
    <figure ref={ref}>
      <svg width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="block" role="img" aria-label={`Messages per day. ${summary}`}>
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line
              x1={PAD.left}
              x2={WIDTH - PAD.right}
              y1={y(max * f)}
              y2={y(max * f)}
              className="stroke-slate-200 dark:stroke-slate-800"
              strokeWidth={1}
            />
            <text x={PAD.left - 6} y={y(max * f) + 4} textAnchor="end" className="fill-slate-500 text-[11px] dark:fill-slate-400">
              {formatCount(Math.round(max * f))}
            </text>
          </g>
        ))}
        {days.map((d, i) => {
          const x = PAD.left + i * slot + (slot - barW) / 2;
          const top = y(d.count);
          return (
            <g key={d.day}>
              <rect
                x={x}
                y={top}
                width={barW}
                height={Math.max(0, PAD.top + plotH - top)}
                rx={2}
                className="fill-brand-500 dark:fill-brand-500"
              >
                <title>{`${formatDay(d.day)}: ${formatCount(d.count)} messages`}</title>
              </rect>
              {(days.length - 1 - i) % every === 0 ? (
                // The last label ends at its bar, so it is never cut off at the edge.
                <text
                  x={i === days.length - 1 ? x + barW : x + barW / 2}
                  y={HEIGHT - 6}
                  textAnchor={i === days.length - 1 ? "end" : "middle"}
                  className="fill-slate-500 text-[11px] dark:fill-slate-400"
                >
                  {formatDay(d.day)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-1 text-xs text-slate-500 dark:text-slate-400">{summary} Days are UTC.</figcaption>
      <table className="sr-only">
        <caption>Messages per day</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Messages</th>
          </tr>
        </thead>
        <tbody>
          {days.map((d) => (
            <tr key={d.day}>
              <td>{formatDay(d.day)}</td>
              <td>{d.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
