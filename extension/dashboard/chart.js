// Runs in: the dashboard. The per-day chart of recorders found, blocked and fed noise, drawn as
// inline SVG by this file alone (no library, nothing remote). Days come from the core's
// `report.chart()`; days without a recorder are drawn as empty so the time axis is true.

import { el, t } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
/** The most recent days drawn. */
const MAX_DAYS = 60;
const SERIES = [
  // `met` is the core's name for recorders found that day.
  { key: 'met', label: 'dashChartFound' },
  { key: 'blocked', label: 'dashChartBlocked' },
  { key: 'fuzzed', label: 'dashChartFuzzed' },
];
const DAY_MS = 86400000;

function svg(tag, attrs = {}, children = []) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  for (const c of children) node.append(c);
  return node;
}

/** Every UTC day from the first to the last point (at most MAX_DAYS, the latest), zeros filled in. */
function days(points) {
  if (!points.length) return [];
  const byDay = new Map(points.map((p) => [p.day, p]));
  const last = Date.parse(`${points.at(-1).day}T00:00:00Z`);
  const first = Math.max(Date.parse(`${points[0].day}T00:00:00Z`), last - (MAX_DAYS - 1) * DAY_MS);
  const out = [];
  for (let d = first; d <= last; d += DAY_MS) {
    const day = new Date(d).toISOString().slice(0, 10);
    out.push(byDay.get(day) ?? { day, met: 0, blocked: 0, fuzzed: 0 });
  }
  return out;
}

let drawn = null;
let resizeTimer = null;
// Drawn at the width it is shown at, so its words keep their size on a phone and the bars fill
// a wide window: a new width draws it again.
addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => { if (drawn) drawChart(...drawn); }, 150);
});

/** Draws the chart into `container`; `points` is `report.chart()`. */
export function drawChart(container, points) {
  drawn = [container, points];
  const data = days(points);
  if (!data.length) {
    container.replaceChildren(el('p', { class: 'muted', text: t('dashChartEmpty') }));
    return;
  }
  const max = Math.max(1, ...data.map((d) => d.met));
  const W = Math.max(280, Math.round(container.clientWidth || 720)); const H = 200; const left = 32; const bottom = 22; const top = 8;
  const plotW = W - left - 8; const plotH = H - bottom - top;
  const slot = plotW / data.length;
  const barW = Math.max(1, Math.min(24, (slot - 2) / SERIES.length));
  const y = (v) => top + plotH - (v / max) * plotH;

  const grid = [];
  const ticks = max <= 4 ? [...Array(max + 1).keys()] : [0, Math.round(max / 2), max];
  for (const v of ticks) {
    grid.push(svg('line', { class: 'gridline', x1: left, x2: W - 8, y1: y(v), y2: y(v) }));
    grid.push(svg('text', { class: 'axis', x: left - 6, y: y(v) + 4, 'text-anchor': 'end' }, [String(v)]));
  }
  const bars = [];
  data.forEach((d, i) => {
    const x0 = left + i * slot + (slot - barW * SERIES.length) / 2;
    SERIES.forEach((s, j) => {
      const v = d[s.key] ?? 0;
      const title = svg('title', {}, [t('dashChartBarTitle', d.day, t(s.label), v)]);
      bars.push(svg('rect', {
        class: `bar ${s.key}`, x: x0 + j * barW, y: y(v), width: Math.max(1, barW - 1), height: Math.max(0, top + plotH - y(v)),
        'data-day': d.day, 'data-series': s.key, 'data-value': v,
      }, [title]));
    });
  });
  const labels = [0, data.length - 1].filter((i, k, a) => a.indexOf(i) === k).map((i) => svg('text', {
    class: 'axis', x: left + i * slot + slot / 2, y: H - 6, 'text-anchor': data.length === 1 ? 'middle' : i === 0 ? 'start' : 'end',
  }, [data[i].day]));

  const summary = t('dashChartSummary', data.length, data.reduce((n, d) => n + d.met, 0));
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': summary, class: 'chart-svg' }, [...grid, ...bars, ...labels]);
  const legend = el('ul', { class: 'legend' }, SERIES.map((s) => el('li', {}, [el('span', { class: `swatch ${s.key}`, 'aria-hidden': 'true' }), t(s.label)])));
  // The same numbers as a table, for screen readers and for copying.
  const table = el('table', { class: 'sr-only' }, [
    el('caption', { text: summary }),
    el('thead', {}, [el('tr', {}, [el('th', { scope: 'col', text: t('dashChartDay') }), ...SERIES.map((s) => el('th', { scope: 'col', text: t(s.label) }))])]),
    el('tbody', {}, data.filter((d) => d.met > 0).map((d) => el('tr', {}, [el('th', { scope: 'row', text: d.day }), ...SERIES.map((s) => el('td', { text: String(d[s.key] ?? 0) }))]))),
  ]);
  container.replaceChildren(chart, legend, table);
}
