import {
  api, ApiError, editorKey,
  type AcceptedProposals, type ArticleAnalysis, type ProposedClaim, type ProposedRelation, type ProposedSource, type SourceKind,
} from './api';
import { clear, el, errorText, message, userText } from './dom';

const kinds: SourceKind[] = ['outlet', 'person', 'organization', 'anonymous'];
const stances: ProposedClaim['stance'][] = ['asserts', 'denies'];

/** A proposal as the person edits it: kept or not, and the source each name was proposed as. */
interface Draft {
  keep: boolean;
  claim: ProposedClaim;
  proposed: { speaker: ProposedSource; via: ProposedSource[] };
}

interface RelationDraft {
  keep: boolean;
  relation: ProposedRelation;
}

/** What was read: the page and address the analysis came from, so accepting imports exactly that. */
interface Read {
  text: string;
  url: string;
  analysis: ArticleAnalysis;
  drafts: Draft[];
  relations: RelationDraft[];
  /** The article once the real import stored it, so a second accept does not import again. */
  articleId: number | null;
}

export interface ImportHandlers {
  /** An editor key is needed (none yet, or the one given was refused): show the key form with this message. */
  askForKey(why: string): void;
  /** The claims are stored: open the first one's chain. */
  openClaim(id: number): void;
}

/**
 * The Import view: paste a page, read it with the import's dry run, review the proposed claims
 * beside the text (citations marked, a proposal's span lit while the pointer or focus is on it),
 * untick or edit them, then accept: the real import stores the article, POST /v1/articles/{id}/claims
 * stores the claims kept, and the page opens the first new claim's chain.
 */
export class ImportView {
  private read: Read | null = null;
  private segments: { start: number; end: number; node: HTMLElement }[] = [];

  constructor(private readonly root: HTMLElement, private readonly handlers: ImportHandlers) {}

  async readPage(text: string, url: string): Promise<void> {
    if (!editorKey.get()) {
      this.handlers.askForKey('Reading a page for import needs an editor key. Paste one; it is kept in this tab only (sessionStorage).');
      return;
    }
    clear(this.root, message('Reading the page…'));
    try {
      const analysis = await api.readPage(text, url);
      const drafts = (analysis.claims ?? []).map((claim): Draft => ({
        keep: true,
        claim: { ...claim, speaker: { ...claim.speaker }, via: claim.via.map((v) => ({ ...v })) },
        proposed: { speaker: claim.speaker, via: claim.via },
      }));
      const relations = (analysis.relations ?? []).map((relation) => ({ keep: true, relation }));
      this.read = { text, url, analysis, drafts, relations, articleId: null };
      this.render();
    } catch (error) {
      this.failed(error);
    }
  }

  private failed(error: unknown): void {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
      editorKey.clear();
      this.handlers.askForKey(error.status === 401
        ? 'That key was refused. Paste a valid editor key; it is kept in this tab only (sessionStorage).'
        : 'That key may only read. Paste an editor key; it is kept in this tab only (sessionStorage).');
    }
    clear(this.root, message(errorText(error), 'error'));
  }

  private render(): void {
    const read = this.read!;
    const { analysis } = read;
    const publisher = analysis.publisher?.name ?? analysis.publisherName;
    const summary = el('div', { class: 'import-summary' },
      userText('h3', analysis.title, analysis.language),
      el('p', { class: 'meta' },
        'Publisher: ', publisher ? userText('span', publisher) : '—',
        analysis.unknownPublisher ? el('span', { class: 'warn' }, ' (no known source has this name; the article is stored without a publisher)') : '',
        analysis.author ? ' · Author: ' : '', analysis.author ? userText('span', analysis.author) : '',
        ` · ${analysis.citations.length} cited sources · ${read.drafts.length} proposed claims`));

    const text = this.bodyText(analysis);
    const proposals = el('ol', { class: 'proposals', id: 'import-proposals', 'aria-label': 'Proposed claims' },
      ...read.drafts.map((draft, i) => this.proposal(draft, i)));
    const relations = this.relationList(read);
    const status = el('div', { id: 'import-status', 'aria-live': 'polite' });
    const accept = el('button', { type: 'button', id: 'import-accept' }, 'Accept the ticked claims');
    accept.addEventListener('click', () => void this.accept(accept, status));
    const side = el('div', { class: 'import-side' },
      el('h3', {}, 'Proposed claims'),
      read.drafts.length ? proposals : message('The import proposes no claims for this page.'),
      relations,
      el('div', { class: 'row' }, accept),
      status);
    clear(this.root, summary, el('div', { class: 'import-columns' }, text, side));
  }

  /** The body with each citation marked, cut at every citation's and proposal's edge so a proposal's span can be lit. */
  private bodyText(analysis: ArticleAnalysis): HTMLElement {
    const body = analysis.body;
    const proposals = this.read!.drafts.map((d) => d.claim);
    const cuts = new Set<number>([0, body.length]);
    for (const span of [...analysis.citations, ...proposals]) {
      cuts.add(Math.max(0, Math.min(body.length, span.start)));
      cuts.add(Math.max(0, Math.min(body.length, span.end)));
    }
    const points = [...cuts].sort((a, b) => a - b);
    const node = userText('div', '', analysis.language, 'import-text');
    node.id = 'import-text';
    this.segments = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const [start, end] = [points[i], points[i + 1]];
      const citation = analysis.citations.find((c) => c.start <= start && end <= c.end);
      const piece = citation
        ? el('mark', { class: 'citation', title: citation.sourceName, 'data-source-id': String(citation.sourceId) }, body.slice(start, end))
        : el('span', {}, body.slice(start, end));
      this.segments.push({ start, end, node: piece });
      node.append(piece);
    }
    return node;
  }

  private light(claim: ProposedClaim | null): void {
    for (const segment of this.segments) {
      segment.node.classList.toggle('lit', claim !== null && claim.start <= segment.start && segment.end <= claim.end && claim.start < claim.end);
    }
    // The text scrolls inside its own box to the lit words; the page itself never moves under the pointer.
    const lit = claim ? this.segments.find((s) => s.node.classList.contains('lit'))?.node : undefined;
    const box = lit?.offsetParent as HTMLElement | null | undefined;
    if (lit && box?.id === 'import-text' && (lit.offsetTop < box.scrollTop || lit.offsetTop > box.scrollTop + box.clientHeight - lit.offsetHeight)) {
      box.scrollTop = Math.max(0, lit.offsetTop - box.clientHeight / 3);
    }
  }

  private proposal(draft: Draft, index: number): HTMLElement {
    const { claim } = draft;
    const item = el('li', { class: 'proposal', 'data-index': String(index) });
    const keep = el('input', { type: 'checkbox', 'aria-label': `Keep claim ${index + 1}` });
    keep.checked = draft.keep;
    keep.addEventListener('change', () => {
      draft.keep = keep.checked;
      item.classList.toggle('dropped', !draft.keep);
    });

    const stance = select(stances, claim.stance, `Stance of claim ${index + 1}`);
    stance.addEventListener('change', () => { claim.stance = stance.value as ProposedClaim['stance']; });

    const text = el('textarea', { rows: '2', dir: 'auto', class: 'text', 'aria-label': `Text of claim ${index + 1}` });
    text.value = claim.text;
    text.addEventListener('input', () => { claim.text = text.value; });

    const path = el('p', { class: 'meta attribution proposal-path' });
    const showPath = () => clear(path, userText('span', [claim.speaker, ...claim.via].map((s) => s.name || '…').join(' → ')
      + (this.read!.analysis.publisher ? ` → ${this.read!.analysis.publisher.name}` : '')));
    showPath();

    const speaker = this.sourceEditor(claim.speaker, draft.proposed.speaker, `Speaker of claim ${index + 1}`, showPath);
    const via = el('ol', { class: 'relays' });
    const showRelays = () => {
      clear(via, ...claim.via.map((relay, j) => {
        const remove = el('button', { type: 'button', class: 'small secondary', 'aria-label': `Remove relay ${j + 1} of claim ${index + 1}` }, '×');
        remove.addEventListener('click', () => {
          claim.via.splice(j, 1);
          draft.proposed.via.splice(j, 1);
          showRelays();
          showPath();
        });
        return el('li', {}, this.sourceEditor(relay, draft.proposed.via[j], `Relay ${j + 1} of claim ${index + 1}`, showPath), remove);
      }));
    };
    showRelays();
    const addRelay = el('button', { type: 'button', class: 'small secondary' }, 'Add relay');
    addRelay.addEventListener('click', () => {
      const relay: ProposedSource = { sourceId: null, name: '', kind: 'outlet' };
      claim.via.push(relay);
      draft.proposed.via.push({ ...relay });
      showRelays();
      showPath();
    });

    const quantity = claim.quantity ? el('span', { class: 'quantity' }, `${claim.quantity.value} ${claim.quantity.unit}`) : null;
    item.append(
      el('div', { class: 'row proposal-head' },
        el('label', { class: 'keep' }, keep, ` ${index + 1}`),
        stance,
        quantity,
        claim.cue ? userText('span', claim.cue, null, 'cue') : null),
      path,
      el('div', { class: 'field' }, el('span', { class: 'field-name' }, 'Speaker'), speaker),
      el('div', { class: 'field' }, el('span', { class: 'field-name' }, 'Via'), via, addRelay),
      el('div', { class: 'field' }, el('span', { class: 'field-name' }, 'Text'), text),
      el('ul', { class: 'problems error' }));
    item.addEventListener('mouseenter', () => this.light(claim));
    item.addEventListener('mouseleave', () => this.light(null));
    item.addEventListener('focusin', () => this.light(claim));
    item.addEventListener('focusout', () => this.light(null));
    return item;
  }

  /** A name and kind; editing either makes it a name to resolve (sourceId null) unless it is back to what was proposed. */
  private sourceEditor(source: ProposedSource, proposed: ProposedSource, label: string, changed: () => void): HTMLElement {
    const name = el('input', { type: 'text', dir: 'auto', 'aria-label': `${label}: name`, class: 'source-name' });
    name.value = source.name;
    const kind = select(kinds, source.kind, `${label}: kind`);
    const badge = el('span', { class: 'badge-known' });
    const update = () => {
      source.name = name.value;
      source.kind = kind.value as SourceKind;
      source.sourceId = source.name === proposed.name && source.kind === proposed.kind ? proposed.sourceId : null;
      badge.textContent = source.sourceId !== null ? 'known' : source.kind === 'anonymous' ? 'anonymous' : 'new';
      badge.title = source.sourceId !== null ? `source ${source.sourceId}` : 'stored as a new source unless one has this name';
      changed();
    };
    name.addEventListener('input', update);
    kind.addEventListener('change', update);
    update();
    return el('span', { class: 'source-editor' }, name, kind, badge);
  }

  private relationList(read: Read): HTMLElement | null {
    if (read.relations.length === 0) {
      return null;
    }
    const words = (i: number) => {
      const text = read.drafts[i]?.claim.text ?? '';
      return text.length > 40 ? `${text.slice(0, 40)}…` : text;
    };
    return el('div', { class: 'relations' },
      el('h4', {}, 'Relations'),
      el('ul', { id: 'import-relations' }, ...read.relations.map((draft, i) => {
        const keep = el('input', { type: 'checkbox', 'aria-label': `Keep relation ${i + 1}` });
        keep.checked = draft.keep;
        keep.addEventListener('change', () => { draft.keep = keep.checked; });
        const { from, to, type } = draft.relation;
        return el('li', { 'data-index': String(i) },
          el('label', {}, keep, ` ${from + 1} `, el('strong', {}, type), ` ${to + 1}: `),
          userText('span', words(from)), ' → ', userText('span', words(to)));
      })));
  }

  private async accept(button: HTMLButtonElement, status: HTMLElement): Promise<void> {
    const read = this.read!;
    const kept = read.drafts.map((draft, index) => ({ draft, index })).filter((k) => k.draft.keep);
    for (const item of this.root.querySelectorAll('.proposal .problems')) {
      clear(item);
    }
    if (kept.length === 0) {
      clear(status, message('Tick at least one claim to accept.', 'error'));
      return;
    }
    if (!editorKey.get()) {
      this.handlers.askForKey('Accepting stores the article and its claims: it needs an editor key. Paste one; it is kept in this tab only (sessionStorage).');
      return;
    }
    // Relations follow their claims: one whose claim is unticked goes too; indexes count the kept claims only.
    const position = new Map(kept.map((k, i) => [k.index, i]));
    const relations = read.relations
      .filter((r) => r.keep && position.has(r.relation.from) && position.has(r.relation.to))
      .map((r) => ({ from: position.get(r.relation.from)!, to: position.get(r.relation.to)!, type: r.relation.type }));

    button.disabled = true;
    clear(status, message(read.articleId === null ? 'Storing the article…' : 'Storing the claims…'));
    let accepted: AcceptedProposals;
    try {
      if (read.articleId === null) {
        read.articleId = (await api.importPage(read.text, read.url)).id;
      }
      clear(status, message('Storing the claims…'));
      accepted = await api.acceptClaims(read.articleId, { claims: kept.map((k) => k.draft.claim), relations });
    } catch (error) {
      button.disabled = false;
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
        this.failed(error);
        return;
      }
      clear(status, message(errorText(error), 'error'));
      this.showProblems(error, kept.map((k) => k.index), status);
      return;
    }
    button.disabled = false;
    clear(status, message(
      `Stored ${accepted.claims.length} claims and ${accepted.relations.length} relations in article ${accepted.articleId}` +
      (accepted.createdSources.length ? `, with ${accepted.createdSources.length} new sources.` : '.'), 'done'));
    this.handlers.openClaim(accepted.claims[0].claimId);
  }

  /** A validation problem's errors under the proposal they name (claims[k] is the k-th kept one); the rest under the button. */
  private showProblems(error: unknown, keptIndexes: number[], status: HTMLElement): void {
    if (!(error instanceof ApiError)) {
      return;
    }
    const others = el('ul', { class: 'problems error' });
    for (const [field, messages] of Object.entries(error.errors)) {
      const match = /^claims\[(\d+)\]\.?(.*)$/.exec(field);
      const original = match ? keptIndexes[Number(match[1])] : undefined;
      const list = original === undefined ? null : this.root.querySelector(`.proposal[data-index="${original}"] .problems`);
      if (list) {
        list.append(...messages.map((m) => el('li', {}, `${match![2] || 'claim'}: ${m}`)));
      } else {
        others.append(...messages.map((m) => el('li', {}, `${field}: ${m}`)));
      }
    }
    status.append(others);
  }
}

function select<T extends string>(values: readonly T[], value: T, label: string): HTMLSelectElement {
  const node = el('select', { 'aria-label': label }, ...values.map((v) => el('option', { value: v }, v)));
  node.value = value;
  return node;
}
