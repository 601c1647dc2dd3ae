import {
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { BarWithErrorBar, BarWithErrorBarsController } from 'chartjs-chart-error-bars';
import { api, type History, type Rankings, type SourceCredibility } from './api';
import { clear, el, errorText, message, score, userText } from './dom';

// Only the pieces the two charts use, so the bundle carries no other chart types.
Chart.register(BarWithErrorBarsController, BarWithErrorBar, LineController, LineElement, PointElement,
  CategoryScale, LinearScale, Filler, Tooltip, Legend);

function useFonts(): void {
  // Canvas text needs the page's Arabic-capable stack spelled out.
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = '#1f2937';
}

let rankingsChart: Chart | null = null;
let historyChart: Chart | null = null;

export async function showRankings(box: HTMLElement, table: HTMLElement, kind: string, minEvidence: string, openSource: (id: number) => void): Promise<void> {
  useFonts();
  clear(table, message('Loading…'));
  let rankings: Rankings;
  try {
    rankings = await api.rankings(kind, minEvidence);
  } catch (error) {
    rankingsChart?.destroy();
    rankingsChart = null;
    box.hidden = true;
    clear(table, message(errorText(error), 'error'));
    return;
  }
  const items = rankings.items;
  rankingsChart?.destroy();
  rankingsChart = null;
  if (items.length === 0) {
    box.hidden = true;
    clear(table, message(`No source has ${rankings.minEvidence} or more evidence yet: rankings need verdicts.`));
    return;
  }
  box.hidden = false;
  box.style.height = `${Math.max(160, items.length * 34 + 70)}px`;
  rankingsChart = new Chart(box.querySelector('canvas')!, {
    type: 'barWithErrorBars',
    data: {
      labels: items.map((r) => r.source.name),
      datasets: [{
        label: 'score, 95% interval',
        data: items.map((r) => ({ x: r.score, xMin: r.interval.low, xMax: r.interval.high })),
        backgroundColor: 'rgba(31, 95, 168, 0.55)',
        borderColor: '#1f5fa8',
        borderWidth: 1,
        errorBarColor: '#111827',
        errorBarWhiskerColor: '#111827',
        errorBarLineWidth: 2,
        errorBarWhiskerLineWidth: 2,
        errorBarWhiskerSize: 12,
      }],
    },
    options: {
      indexAxis: 'y',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: { min: 0, max: 1, title: { display: true, text: 'credibility (posterior mean, 95% interval)' } },
        y: { ticks: { autoSkip: false } },
      },
      plugins: { legend: { display: false } },
      onClick: (_event, elements) => {
        if (elements.length) {
          openSource(items[elements[0].index].source.id);
        }
      },
    },
  });

  const rows = items.map((r) => {
    const name = el('button', { type: 'button', class: 'link', 'data-source-id': String(r.source.id), title: 'Score history' }, userText('span', r.source.name));
    name.addEventListener('click', () => openSource(r.source.id));
    return el('tr', {},
      el('td', { class: 'num' }, String(r.rank)),
      el('td', {}, name, el('span', { class: 'kind' }, ` ${r.source.kind}`)),
      el('td', { class: 'num' }, score(r.score)),
      el('td', { class: 'num' }, `${score(r.interval.low)}–${score(r.interval.high)}`),
      el('td', { class: 'num' }, r.weight.toFixed(1)),
      el('td', { class: 'num optional' }, String(r.claims)));
  });
  clear(table, el('div', { class: 'table-scroll' }, el('table', { class: 'rankings' },
    el('thead', {}, el('tr', {}, ...['#', 'Source', 'Score', '95% interval', 'Evidence', 'Claims'].map((h) => el('th', { scope: 'col', class: h === 'Claims' ? 'optional' : '' }, h)))),
    el('tbody', {}, ...rows))));
}

/** A source's affiliation (whose record sets its prior) and its scores by topic, shrunk toward its overall score. */
function standingOf(standing: SourceCredibility): HTMLElement[] {
  const parts: HTMLElement[] = [];
  if (standing.affiliation) {
    parts.push(el('p', { class: 'meta', id: 'source-affiliation' }, 'Affiliation: ', userText('span', standing.affiliation.name),
      ` (${standing.affiliation.kind}); a thin record starts from its pooled record.`));
  }
  const topics = standing.topics ?? [];
  if (topics.length > 0) {
    parts.push(el('div', { class: 'table-scroll' }, el('table', { class: 'rankings', id: 'source-topics' },
      el('caption', {}, 'By topic (shrunk toward the overall score where evidence is thin)'),
      el('thead', {}, el('tr', {}, ...['Topic', 'Score', '95% interval', 'Evidence', 'Claims'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, ...topics.map((t) => el('tr', {},
        userText('td', t.topic),
        el('td', { class: 'num' }, score(t.score)),
        el('td', { class: 'num' }, `${score(t.interval.low)}–${score(t.interval.high)}`),
        el('td', { class: 'num' }, t.weight.toFixed(1)),
        el('td', { class: 'num' }, String(t.claims))))))));
  }
  return parts;
}

function bucketLabel(iso: string, bucket: History['bucket']): string {
  const d = new Date(iso);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth();
  return bucket === 'year' ? `${year}` : bucket === 'quarter' ? `${year} Q${Math.floor(month / 3) + 1}` : `${year}-${String(month + 1).padStart(2, '0')}`;
}

export async function showHistory(body: HTMLElement, box: HTMLElement, title: HTMLElement, sourceId: number, bucket: string): Promise<void> {
  useFonts();
  clear(body, message('Loading…'));
  let history: History;
  let standing: SourceCredibility;
  try {
    [history, standing] = await Promise.all([api.history(sourceId, bucket), api.credibility(sourceId)]);
  } catch (error) {
    historyChart?.destroy();
    historyChart = null;
    box.hidden = true;
    clear(body, message(errorText(error), 'error'));
    return;
  }
  clear(title, '— ', userText('span', history.source.name), ` (${history.source.kind})`);
  historyChart?.destroy();
  historyChart = null;
  const points = history.points;
  if (points.length === 0) {
    box.hidden = true;
    clear(body, message('No rated claims involve this source yet, so it has no history.'), ...standingOf(standing));
    return;
  }
  const last = points[points.length - 1];
  clear(body, el('p', { class: 'meta', id: 'history-summary' },
    `Now ${score(last.score)} [${score(last.interval.low)}–${score(last.interval.high)}] from ${last.claims} rated claims, evidence ${last.weight.toFixed(1)}${last.status === 'insufficient-evidence' ? ' (insufficient evidence)' : ''}.`),
  ...standingOf(standing));
  box.hidden = false;
  historyChart = new Chart(box.querySelector('canvas')!, {
    type: 'line',
    data: {
      labels: points.map((p) => bucketLabel(p.start, history.bucket)),
      datasets: [
        { label: '95% low', data: points.map((p) => p.interval.low), borderColor: 'rgba(31, 95, 168, 0.35)', borderWidth: 1, pointRadius: 0, fill: false },
        { label: '95% interval', data: points.map((p) => p.interval.high), borderColor: 'rgba(31, 95, 168, 0.35)', borderWidth: 1, pointRadius: 0, backgroundColor: 'rgba(31, 95, 168, 0.15)', fill: '-1' },
        { label: 'score', data: points.map((p) => p.score), borderColor: '#1f5fa8', backgroundColor: '#1f5fa8', borderWidth: 2, pointRadius: points.length > 40 ? 0 : 3, fill: false, tension: 0 },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: 'index', intersect: false },
      scales: { y: { min: 0, max: 1, title: { display: true, text: 'credibility' } }, x: { ticks: { maxRotation: 0, autoSkipPadding: 12 } } },
      plugins: { legend: { labels: { filter: (item) => item.text !== '95% low' } } },
    },
  });
}
