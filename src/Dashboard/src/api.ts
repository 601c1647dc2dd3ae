// The public read API. Its types are generated from the committed OpenAPI document
// (openapi/credibility-api.json → src/generated/schema.ts by openapi-typescript, before every
// build), so a contract change that breaks the page fails its type check. Only GETs: the
// dashboard never writes.

import type { components } from './generated/schema';

type Schemas = components['schemas'];

export type SourceKind = Schemas['SourceKind'];
export type Side = Schemas['Side'];
export type SourceRef = Schemas['SourceRef'];
export type Interval = Schemas['CredibilityInterval'];
export type VerdictSummary = Schemas['VerdictSummary'];
export type Claim = Schemas['ClaimResponse'];
export type ChainNode = Schemas['ChainNode'];
export type ChainEdge = Schemas['ChainEdge'];
export type Chain = Schemas['ChainResponse'];
export type ProvenanceHop = Schemas['ProvenanceHop'];
export type Provenance = Schemas['ProvenanceResponse'];
export type ContradictionClaim = Schemas['ContradictionClaim'];
export type Contradiction = Schemas['ContradictionResponse'];
export type Ranking = Schemas['CredibilityRanking'];
export type Rankings = Schemas['CredibilityRankingsResponse'];
export type HistoryPoint = Schemas['CredibilityHistoryPoint'];
export type History = Schemas['CredibilityHistoryResponse'];
export type SourceCredibility = Schemas['SourceCredibilityResponse'];
export type Resolution = Schemas['SourceResolution'];
export type Page<T> = { items: T[]; nextCursor: string | null };

/** A problem document (RFC 9457) or a transport failure, ready to show. */
export class ApiError extends Error {
  constructor(readonly status: number, title: string) {
    super(title);
  }
}

const keyStorage = 'credibility.readerKey';

/** The pasted reader key lives in sessionStorage only: it ends with the tab. */
export const readerKey = {
  get: (): string | null => sessionStorage.getItem(keyStorage),
  /** Keeps the key when it can be sent in a header (visible ASCII); answers whether it did. */
  set: (key: string): boolean => {
    const trimmed = key.trim();
    if (!/^[\x21-\x7e]+$/.test(trimmed)) {
      return false;
    }
    sessionStorage.setItem(keyStorage, trimmed);
    return true;
  },
  clear: () => sessionStorage.removeItem(keyStorage),
};

let onUnauthorized: () => void = () => {};

/** Called when a read answers 401: the page asks for a key. */
export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler;
}

type Query = Record<string, string | number | null | undefined>;

export async function get<T>(path: string, query: Query = {}): Promise<T> {
  // Relative to the page, so a proxy that mounts the service under a path still works.
  const url = new URL(path, document.baseURI);
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') {
      url.searchParams.set(name, String(value));
    }
  }
  const headers: Record<string, string> = { Accept: 'application/json' };
  const key = readerKey.get();
  if (key) {
    headers.Authorization = `Bearer ${key}`;
  }
  let response: Response;
  try {
    response = await fetch(url, { headers });
  } catch {
    throw new ApiError(0, 'The service did not answer.');
  }
  if (response.status === 401) {
    onUnauthorized();
  }
  if (!response.ok) {
    let title = `${response.status} ${response.statusText}`;
    try {
      const problem = (await response.json()) as { title?: string; detail?: string };
      title = [problem.title, problem.detail].filter(Boolean).join(' ') || title;
    } catch {
      // not a problem document: keep the status line
    }
    throw new ApiError(response.status, title);
  }
  return (await response.json()) as T;
}

export const api = {
  searchClaims: (q: string) => get<Page<Claim>>('v1/claims', { q, limit: 20 }),
  claimsBySource: (sourceId: number) => get<Page<Claim>>('v1/claims', { sourceId, limit: 20 }),
  resolveSource: (name: string) => get<Resolution>('v1/sources/resolve', { name, limit: 5 }),
  claim: (id: number) => get<Claim>(`v1/claims/${id}`),
  chain: (id: number) => get<Chain>(`v1/claims/${id}/chain`, { depth: 4 }),
  provenance: (id: number) => get<Provenance>(`v1/claims/${id}/provenance`),
  contradictions: (cursor?: string) => get<Page<Contradiction>>('v1/contradictions', { status: 'open', limit: 10, cursor }),
  rankings: (kind: string, minEvidence: string) => get<Rankings>('v1/credibility/rankings', { kind, minEvidence, limit: 30 }),
  history: (sourceId: number, bucket: string) => get<History>(`v1/sources/${sourceId}/credibility/history`, { bucket }),
  credibility: (sourceId: number) => get<SourceCredibility>(`v1/sources/${sourceId}/credibility`, {}),
};
