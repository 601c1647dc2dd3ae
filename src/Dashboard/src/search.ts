import { api, ApiError, type Claim, type Resolution } from './api';
import { clear, date, el, errorText, message, path, snippet, userText } from './dom';

/** A resolved name must be this close before its claims are listed beside the text matches. */
const sourceMatchFloor = 0.75;

export async function search(root: HTMLElement, query: string, openClaim: (id: number) => void): Promise<void> {
  clear(root, message('Searching…'));
  try {
    // Full text over claims, and the same words as a source name (Arabic-aware: بلومبرغ finds Bloomberg).
    const [texts, names] = await Promise.all([api.searchClaims(query), resolveName(query)]);
    const sources = names.items.filter((r) => r.score >= sourceMatchFloor).slice(0, 2);
    const bySource = await Promise.all(sources.map((r) => api.claimsBySource(r.source.id)));

    const blocks: HTMLElement[] = [];
    blocks.push(el('h3', {}, `Claims that say “`, userText('span', query), `” (${texts.items.length})`));
    blocks.push(texts.items.length ? claimList(texts.items, openClaim, true) : message('No claim text matches.'));
    sources.forEach((match, i) => {
      blocks.push(el('h3', {}, 'Claims said or relayed by ', userText('span', match.source.name),
        match.matchedAlias && match.matchedAlias !== match.source.name ? el('span', { class: 'sub' }, ' (', userText('span', match.matchedAlias), ')') : null));
      blocks.push(bySource[i].items.length ? claimList(bySource[i].items, openClaim, false) : message('No claims on record.'));
    });
    clear(root, ...blocks);
  } catch (error) {
    clear(root, message(errorText(error), 'error'));
  }
}

/** The query as a source name; one that is no name at all (only marks or punctuation) matches none. */
async function resolveName(query: string): Promise<Resolution> {
  try {
    return await api.resolveSource(query);
  } catch (error) {
    if (error instanceof ApiError && error.status === 400) {
      return { items: [] };
    }
    throw error;
  }
}

function claimList(claims: Claim[], openClaim: (id: number) => void, withSnippet: boolean): HTMLElement {
  return el('ul', { class: 'claims' }, ...claims.map((claim) => {
    const open = el('button', { type: 'button', class: 'claim-open', 'data-claim-id': String(claim.id) },
      withSnippet && claim.snippet ? snippet(claim.snippet, claim.language) : userText('p', claim.text, claim.language, 'claim-text'),
      el('span', { class: 'meta' },
        userText('span', path(claim.attribution)),
        ` · ${claim.stance} · ${claim.status}`,
        claim.claimedAt ? ` · ${date(claim.claimedAt)}` : ''));
    open.addEventListener('click', () => openClaim(claim.id));
    return el('li', {}, open);
  }));
}
