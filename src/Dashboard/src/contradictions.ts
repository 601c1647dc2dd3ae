import { api, type Contradiction, type ContradictionClaim } from './api';
import { date, el, errorText, message, userText } from './dom';

/** Open contradictions as the service orders them (newest first), a page at a time. */
export class Contradictions {
  private cursor: string | null = null;

  constructor(
    private readonly list: HTMLOListElement,
    private readonly more: HTMLButtonElement,
    private readonly openClaim: (id: number) => void,
  ) {
    more.addEventListener('click', () => void this.load(false));
  }

  async load(fresh = true): Promise<void> {
    if (fresh) {
      this.cursor = null;
      this.list.replaceChildren(el('li', { class: 'hint' }, 'Loading…'));
    }
    try {
      const page = await api.contradictions(this.cursor ?? undefined);
      if (fresh) {
        this.list.replaceChildren();
      }
      this.list.append(...page.items.map((c) => this.item(c)));
      if (fresh && page.items.length === 0) {
        this.list.append(el('li', { class: 'hint' }, 'No open contradictions.'));
      }
      this.cursor = page.nextCursor;
      this.more.hidden = !page.nextCursor;
    } catch (error) {
      this.list.replaceChildren(el('li', {}, message(errorText(error), 'error')));
      this.more.hidden = true;
    }
  }

  private item(c: Contradiction): HTMLElement {
    return el('li', { class: 'contradiction', 'data-created-at': c.createdAt },
      el('p', { class: 'meta' }, el('time', { datetime: c.createdAt }, date(c.createdAt)), c.from.subject ? ` · ${c.from.subject}` : ''),
      this.side(c.from),
      el('p', { class: 'relation' }, el('span', { class: 'arrow', 'aria-hidden': 'true' }, '↓'), ` ${c.relation.type}`),
      this.side(c.to));
  }

  private side(claim: ContradictionClaim): HTMLElement {
    const open = el('button', { type: 'button', class: 'claim-open', 'data-claim-id': String(claim.id) },
      el('span', { class: 'meta' }, el('strong', {}, userText('span', claim.speaker.name)), ` · ${claim.stance} · ${claim.status}`),
      userText('p', claim.text, null, 'claim-text'));
    open.addEventListener('click', () => this.openClaim(claim.id));
    return open;
  }
}
