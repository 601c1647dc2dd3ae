// The public API. Its types are generated from the committed OpenAPI document
// (openapi/credibility-api.json → src/generated/schema.ts by openapi-typescript, before every
// build), so a contract change that breaks the page fails its type check. The page reads with
// GETs; only the Import view writes (the import and the accept of its claims), with an editor key.

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
export type Article = Schemas['ArticleResponse'];
export type ProposedSource = Schemas['ProposedSource'];
export type ProposedClaim = Schemas['ProposedClaim'];
export type ProposedRelation = Schemas['ProposedRelation'];
export type AcceptProposals = Schemas['AcceptProposalsRequest'];
export type AcceptedProposals = Schemas['AcceptedProposals'];
/** The import's analysis with the claims it proposes (issue 16; absent from an import that proposes none). */
export type ArticleAnalysis = Schemas['ArticleAnalysis'] & { claims?: ProposedClaim[] | null; relations?: ProposedRelation[] | null };
export type Subject = Schemas['SubjectResponse'];
export type SubjectGroup = Schemas['SubjectGroup'];
export type Page<T> = { items: T[]; nextCursor: string | null };

/** A problem document (RFC 9457) or a transport failure, ready to show; a validation problem keeps its errors by field path. */
export class ApiError extends Error {
  constructor(readonly status: number, title: string, readonly errors: Record<string, string[]> = {}) {
    super(title);
  }
}

/** A pasted key lives in sessionStorage only: it ends with the tab. */
function keyStore(storage: string) {
  return {
    get: (): string | null => sessionStorage.getItem(storage),
    /** Keeps the key when it can be sent in a header (visible ASCII); answers whether it did. */
    set: (key: string): boolean => {
      const trimmed = key.trim();
      if (!/^[\x21-\x7e]+$/.test(trimmed)) {
        return false;
      }
      sessionStorage.setItem(storage, trimmed);
      return true;
    },
    clear: () => sessionStorage.removeItem(storage),
  };
}

export const readerKey = keyStore('credibility.readerKey');

/** The key the Import view writes with; reads use it too when no reader key was pasted. */
export const editorKey = keyStore('credibility.editorKey');

let onUnauthorized: () => void = () => {};

/** Called when a read answers 401: the page asks for a key. */
export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler;
}

type Query = Record<string, string | number | boolean | null | undefined>;

function urlOf(path: string, query: Query): URL {
  // Relative to the page, so a proxy that mounts the service under a path still works.
  const url = new URL(path, document.baseURI);
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') {
      url.searchParams.set(name, String(value));
    }
  }
  return url;
}

async function send<T>(url: URL, init: RequestInit, key: string | null): Promise<T> {
  const headers = new Headers(init.headers);
  headers.set('Accept', 'application/json');
  if (key) {
    headers.set('Authorization', `Bearer ${key}`);
  }
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers });
  } catch {
    throw new ApiError(0, 'The service did not answer.');
  }
  if (!response.ok) {
    let title = `${response.status} ${response.statusText}`;
    let errors: Record<string, string[]> = {};
    try {
      const problem = (await response.json()) as { title?: string; detail?: string; errors?: Record<string, string[]> };
      title = [problem.title, problem.detail].filter(Boolean).join(' ') || title;
      errors = problem.errors ?? {};
    } catch {
      // not a problem document: keep the status line
    }
    throw new ApiError(response.status, title, errors);
  }
  return (await response.json()) as T;
}

export async function get<T>(path: string, query: Query = {}): Promise<T> {
  try {
    return await send<T>(urlOf(path, query), {}, readerKey.get() ?? editorKey.get());
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      onUnauthorized();
    }
    throw error;
  }
}

/** A write, with the editor key: the caller asks for one on 401 or 403. */
function post<T>(path: string, query: Query, body: string, contentType: string): Promise<T> {
  return send<T>(urlOf(path, query), { method: 'POST', body, headers: { 'Content-Type': contentType } }, editorKey.get());
}

export const api = {
  searchClaims: (q: string) => get<Page<Claim>>('v1/claims', { q, limit: 20 }),
  claimsBySource: (sourceId: number) => get<Page<Claim>>('v1/claims', { sourceId, limit: 20 }),
  resolveSource: (name: string) => get<Resolution>('v1/sources/resolve', { name, limit: 5 }),
  claim: (id: number) => get<Claim>(`v1/claims/${id}`),
  chain: (id: number) => get<Chain>(`v1/claims/${id}/chain`, { depth: 4 }),
  provenance: (id: number) => get<Provenance>(`v1/claims/${id}/provenance`),
  subject: (subject: string) => get<Subject>(`v1/subjects/${encodeURIComponent(subject)}`),
  contradictions: (cursor?: string) => get<Page<Contradiction>>('v1/contradictions', { status: 'open', limit: 10, cursor }),
  rankings: (kind: string, minEvidence: string) => get<Rankings>('v1/credibility/rankings', { kind, minEvidence, limit: 30 }),
  history: (sourceId: number, bucket: string) => get<History>(`v1/sources/${sourceId}/credibility/history`, { bucket }),
  /** What the import would store, and the claims it proposes: nothing is written (the same 400 or 409 as the import). */
  readPage: (text: string, url: string) =>
    post<ArticleAnalysis>('v1/articles/import', { dryRun: true, url }, text, 'text/plain; charset=utf-8'),
  importPage: (text: string, url: string) => post<Article>('v1/articles/import', { url }, text, 'text/plain; charset=utf-8'),
  acceptClaims: (articleId: number, proposals: AcceptProposals) =>
    post<AcceptedProposals>(`v1/articles/${articleId}/claims`, {}, JSON.stringify(proposals), 'application/json'),
  credibility: (sourceId: number) => get<SourceCredibility>(`v1/sources/${sourceId}/credibility`, {}),
};
