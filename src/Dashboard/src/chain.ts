import cytoscape from 'cytoscape';
import dagre from 'cytoscape-dagre';
import { api, type Chain, type ChainNode, type Claim, type Provenance, type ProvenanceHop, type Side, type SourceRef, type SubjectGroup } from './api';
import { clear, date, el, errorText, message, path, percent, score, userText } from './dom';

cytoscape.use(dagre);

export const sideColours: Record<Side, string> = { with: '#1f5fa8', against: '#b4262f', conflicted: '#7a3e9d' };
const sideWords: Record<Side, string> = { with: 'with', against: 'against', conflicted: 'conflicted' };

/**
 * Cytoscape adds a <style> element for its container class unless an element with this id
 * exists; the page's CSP allows no inline styles, so the rule lives in styles.css and this
 * marker tells cytoscape it is there.
 */
function preemptCytoscapeStylesheet(): void {
  const id = '__________cytoscape_stylesheet';
  if (!document.getElementById(id)) {
    document.head.append(el('meta', { id, name: 'cytoscape-stylesheet', content: 'in styles.css' }));
  }
}

export interface ChainHandlers {
  openClaim(id: number): void;
  openSource(id: number): void;
}

interface Loaded {
  chain: Chain;
  claims: Map<number, Claim>;
  sources: Map<number, SourceRef>;
}

/** Claims whose text the chain view fetches; the graph shows every node either way. */
const maxTexts = 60;

const provenanceCache = new Map<number, Promise<Provenance>>();

function provenance(id: number): Promise<Provenance> {
  let p = provenanceCache.get(id);
  if (!p) {
    p = api.provenance(id);
    p.catch(() => provenanceCache.delete(id));
    provenanceCache.set(id, p);
  }
  return p;
}

let graph: cytoscape.Core | null = null;

export async function showChain(root: HTMLElement, claimId: number, handlers: ChainHandlers): Promise<void> {
  clear(root, message('Loading the chain…'));
  provenanceCache.clear();
  let loaded: Loaded;
  try {
    const chain = await api.chain(claimId);
    // The chain names claims by id; their text comes from each claim, the nearest first and a
    // few requests at a time, so a large chain neither floods the service nor waits forever.
    const nearest = [...chain.nodes].sort((a, b) => a.distance - b.distance).slice(0, maxTexts);
    const claims: Claim[] = [];
    for (let i = 0; i < nearest.length; i += 8) {
      claims.push(...await Promise.all(nearest.slice(i, i + 8).map((n) => api.claim(n.id))));
    }
    loaded = {
      chain,
      claims: new Map(claims.map((c) => [c.id, c])),
      sources: new Map(chain.sources.map((s) => [s.id, s])),
    };
  } catch (error) {
    clear(root, message(errorText(error), 'error'));
    return;
  }
  render(root, loaded, handlers);
}

/** What one group of a subject answers: its categorical value, its number, or its stance. */
function groupLabel(group: SubjectGroup): string {
  if (group.value) return group.value;
  if (group.quantity) return `${group.quantity.value} ${group.quantity.unit}`;
  return group.stance ?? group.kind;
}

/** The rival answers on the root claim's subject, each with its belief and claims; loaded after the chain. */
async function showSubject(into: HTMLElement, subject: string): Promise<void> {
  clear(into, el('h3', {}, 'Answers on this subject'), message('Loading the subject…'));
  try {
    const view = await api.subject(subject);
    const items = view.groups.map((group) => el('li', { class: `subject-group kind-${group.kind}`, 'data-kind': group.kind },
      userText('strong', groupLabel(group)),
      ` · belief ${percent(group.belief)} · ${group.claims.length} claim${group.claims.length === 1 ? '' : 's'} · ${group.sources.length} source${group.sources.length === 1 ? '' : 's'}`));
    const estimate = view.estimate;
    const best = estimate ? (estimate.answer ?? `${estimate.value ?? ''} ${estimate.unit ?? ''}`.trim()) : null;
    clear(into, el('h3', {}, 'Answers on this subject'),
      best ? el('p', { class: 'meta' }, 'Believed most: ', userText('strong', best), ` (${percent(estimate?.belief)})`) : null,
      el('ul', { class: 'subject-groups' }, ...items));
  } catch (error) {
    clear(into, el('h3', {}, 'Answers on this subject'), message(errorText(error), 'error'));
  }
}

/** A node's status, or its latest verdict: the rating, the reviewer's own finer label when one was recorded, who and when. */
function verdictText(node: ChainNode): (string | HTMLElement)[] {
  const verdict = node.latestVerdict;
  if (!verdict) return [node.status];
  return [
    verdict.rating,
    ...(verdict.originalLabel ? [' · ', userText('q', verdict.originalLabel, undefined, 'original-label')] : []),
    ` (${verdict.reviewer}, ${date(verdict.reviewedAt)})`,
  ];
}

function speakerOf(node: ChainNode, loaded: Loaded): string {
  return loaded.sources.get(node.speakerId)?.name ?? `source ${node.speakerId}`;
}

function render(root: HTMLElement, loaded: Loaded, handlers: ChainHandlers): void {
  const { chain, claims } = loaded;
  const rootClaim = claims.get(chain.root)!;
  const nodesById = new Map(chain.nodes.map((n) => [n.id, n]));

  const header = el('div', { class: 'claim-head' },
    userText('p', rootClaim.text, rootClaim.language, 'claim-text claim-root'),
    el('p', { class: 'meta' },
      el('span', { class: 'attribution' }, userText('span', path(rootClaim.attribution))),
      ` · ${rootClaim.stance} · ${rootClaim.status}`,
      rootClaim.subject ? ` · ${rootClaim.subject}` : '',
      rootClaim.claimedAt ? ` · ${date(rootClaim.claimedAt)}` : ''));

  const legend = el('ul', { class: 'legend', 'aria-label': 'Sides' },
    ...(['with', 'against', 'conflicted'] as Side[]).map((side) =>
      el('li', {}, el('span', { class: `swatch side-${side}` }), `${sideWords[side]} the claim (${chain.sides[side].length})`)),
    el('li', {}, el('span', { class: 'swatch edge-opposing' }), 'opposing relation'),
    el('li', {}, el('span', { class: 'swatch edge-agreeing' }), 'agreeing relation'));

  const canvas = el('div', { class: 'graph', id: 'chain-graph', role: 'img', 'aria-label': 'Contradiction chain graph; the list below has the same claims' });
  const details = el('div', { class: 'node-details', id: 'chain-details', 'aria-live': 'polite' });
  const list = el('ol', { class: 'chain-list', id: 'chain-list' });

  for (const node of [...chain.nodes].sort((a, b) => a.distance - b.distance || a.id - b.id)) {
    const claim = claims.get(node.id);
    const item = el('li', { class: `chain-item side-${node.side}`, 'data-claim-id': String(node.id), 'data-side': node.side },
      el('span', { class: `badge side-${node.side}` }, sideWords[node.side]),
      el('div', { class: 'chain-item-body' },
        el('p', { class: 'meta' }, el('strong', {}, userText('span', speakerOf(node, loaded))), ` · ${node.stance} · belief ${percent(node.belief)}`),
        claim ? userText('p', claim.text, claim.language, 'claim-text') : el('p', { class: 'hint' }, `claim ${node.id}: open it to read it`),
        claim ? el('p', { class: 'meta attribution' }, userText('span', path(claim.attribution))) : null),
    );
    const buttons = el('div', { class: 'chain-item-actions' });
    const detailsButton = el('button', { type: 'button', class: 'small' }, 'Details');
    detailsButton.addEventListener('click', () => select(node.id, true));
    buttons.append(detailsButton);
    if (node.id !== chain.root) {
      const open = el('button', { type: 'button', class: 'small secondary' }, 'Open');
      open.addEventListener('click', () => handlers.openClaim(node.id));
      buttons.append(open);
    }
    item.append(buttons);
    list.append(item);
  }

  const answers = rootClaim.subject ? el('section', { class: 'subject-answers', id: 'subject-answers', 'aria-live': 'polite' }) : null;
  if (answers && rootClaim.subject) {
    void showSubject(answers, rootClaim.subject);
  }

  clear(root, header, answers, legend, canvas,
    chain.truncated ? message(`The chain is too dense to walk whole: shown complete to ${chain.completeDepth} relation${chain.completeDepth === 1 ? '' : 's'} from the claim.`) : null,
    details,
    el('h3', {}, 'Claims in the chain'), list);

  graph?.destroy();
  preemptCytoscapeStylesheet();
  const narrow = canvas.clientWidth < 560;
  const font = getComputedStyle(document.body).fontFamily;
  graph = cytoscape({
    container: canvas,
    elements: [
      ...chain.nodes.map((n) => ({
        data: {
          id: `c${n.id}`,
          claimId: n.id,
          side: n.side,
          root: n.id === chain.root ? 1 : 0,
          label: `${speakerOf(n, loaded)}\n${n.stance} · belief ${percent(n.belief)}`,
        },
      })),
      ...chain.edges
        .filter((e) => nodesById.has(e.fromClaimId) && nodesById.has(e.toClaimId))
        .map((e) => ({
          data: { id: `r${e.id}`, source: `c${e.fromClaimId}`, target: `c${e.toClaimId}`, label: e.type, opposing: e.opposing ? 1 : 0 },
        })),
    ],
    style: [
      {
        selector: 'node',
        style: {
          shape: 'round-rectangle',
          label: 'data(label)',
          'background-color': sideColours.with,
          color: '#ffffff',
          'font-family': font,
          'font-size': narrow ? 12 : 13,
          'text-wrap': 'wrap',
          'text-max-width': narrow ? '110px' : '170px',
          'text-valign': 'center',
          'text-halign': 'center',
          width: 'label',
          height: 'label',
          padding: '12px',
          'border-width': 0,
        },
      },
      ...(['against', 'conflicted'] as Side[]).map((side) => ({ selector: `node[side = "${side}"]`, style: { 'background-color': sideColours[side] } })),
      { selector: 'node[root = 1]', style: { 'border-width': 4, 'border-color': '#111111' } },
      // The selection is a ring, not a tint: the fill is the side and must stay readable as such.
      { selector: 'node:selected', style: { 'border-width': 5, 'border-color': '#f2b705' } },
      {
        selector: 'edge',
        style: {
          width: 2,
          'curve-style': 'bezier',
          'line-color': '#6b7280',
          'target-arrow-color': '#6b7280',
          'target-arrow-shape': 'triangle',
          'arrow-scale': 1.3,
          label: 'data(label)',
          'font-family': font,
          'font-size': 12,
          color: '#1f2937',
          'text-background-color': '#ffffff',
          'text-background-opacity': 1,
          'text-background-padding': '3px',
          'text-rotation': 'autorotate',
        },
      },
      { selector: 'edge[opposing = 1]', style: { 'line-color': '#b4262f', 'target-arrow-color': '#b4262f', 'line-style': 'dashed', color: '#b4262f' } },
    ],
    layout: { name: 'dagre', rankDir: narrow ? 'TB' : 'LR', nodeSep: 30, rankSep: narrow ? 60 : 110, padding: 16 } as cytoscape.LayoutOptions,
    userZoomingEnabled: false,
    boxSelectionEnabled: false,
    autoungrabify: true,
    minZoom: 0.3,
    maxZoom: 1.6,
  });
  const cy = graph;
  cy.fit(undefined, 16);
  if (cy.zoom() > 1.3) {
    cy.zoom(1.3);
    cy.center();
  } else if (cy.zoom() < 0.75) {
    // Readable labels before seeing everything at once: a large chain is panned from its root,
    // not shrunk to dots.
    cy.zoom(0.75);
    cy.center(cy.getElementById(`c${chain.root}`));
  }

  let pinned = chain.root;
  const select = (id: number, scroll = false) => {
    pinned = id;
    cy.nodes().unselect();
    cy.getElementById(`c${id}`).select();
    void showDetails(details, nodesById.get(id)!, loaded, handlers);
    if (scroll) {
      details.scrollIntoView({ block: 'nearest' });
    }
  };
  cy.on('tap', 'node', (e) => select(e.target.data('claimId') as number));
  cy.on('mouseover', 'node', (e) => {
    void showDetails(details, nodesById.get(e.target.data('claimId') as number)!, loaded, handlers);
  });
  cy.on('mouseout', 'node', () => void showDetails(details, nodesById.get(pinned)!, loaded, handlers));
  select(chain.root);
}

let detailsFor = 0;

async function showDetails(box: HTMLElement, node: ChainNode, loaded: Loaded, handlers: ChainHandlers): Promise<void> {
  detailsFor = node.id;
  const claim = loaded.claims.get(node.id);
  const hops = el('ol', { class: 'hops' }, el('li', { class: 'hint' }, 'Loading the attribution path…'));
  clear(box,
    el('h3', {}, el('span', { class: `badge side-${node.side}` }, sideWords[node.side]), ' ', userText('span', speakerOf(node, loaded))),
    claim ? userText('p', claim.text, claim.language, 'claim-text') : null,
    el('dl', { class: 'facts' },
      el('dt', {}, 'Belief'), el('dd', {}, beliefBar(node.belief)),
      el('dt', {}, 'Stance'), el('dd', {}, node.stance),
      el('dt', {}, 'Status'), el('dd', { class: 'verdict' }, ...verdictText(node)),
      node.subject ? el('dt', {}, 'Subject') : null, node.subject ? el('dd', {}, node.subject) : null),
    el('h4', {}, 'Attribution path'),
    hops);
  try {
    const p = await provenance(node.id);
    if (detailsFor !== node.id) {
      return;
    }
    clear(hops, ...p.hops.map((hop) => {
      const name = el('button', { type: 'button', class: 'link', title: 'Score history of this source' }, userText('span', hop.source.name));
      name.addEventListener('click', () => handlers.openSource(hop.source.id));
      return el('li', { class: 'hop' },
        el('span', { class: 'role' }, hop.role),
        name,
        el('span', { class: 'cred' }, credibilityText(hop.credibility)));
    }));
  } catch (error) {
    if (detailsFor === node.id) {
      clear(hops, el('li', { class: 'error' }, errorText(error)));
    }
  }
}

function beliefBar(belief: number | null): HTMLElement {
  if (belief === null) {
    return el('span', {}, 'no belief yet');
  }
  const meter = el('meter', { min: '0', max: '1', value: String(belief), 'aria-label': 'belief' });
  return el('span', { class: 'belief' }, meter, ` ${percent(belief)}`);
}

/** A hop's standing: no score for a source that takes none (an anonymous speaker), else the score and its interval. */
function credibilityText(credibility: ProvenanceHop['credibility']): string {
  if (credibility === null) {
    return 'no score';
  }
  return credibility.status === 'insufficient-evidence'
    ? 'insufficient evidence'
    : `${score(credibility.score)} [${score(credibility.low)}–${score(credibility.high)}]`;
}
