// The public read API, as the OpenAPI document (openapi/credibility-api.json) describes it.
// Only GETs: the dashboard never writes.

export type SourceKind = 'outlet' | 'person' | 'organization' | 'anonymous';
export type Side = 'with' | 'against' | 'conflicted';

export interface SourceRef { id: number; name: string; kind: SourceKind }
export interface Page<T> { items: T[]; nextCursor: string | null }
export interface Interval { low: number; high: number }

export interface VerdictSummary { id: number; rating: string; reviewer: string; reviewedAt: string }

export interface Claim {
  id: number;
  text: string;
  language: string | null;
  subject: string | null;
  stance: 'asserts' | 'denies';
  speakerId: number;
  attribution: SourceRef[];
  quantity: { value: number; unit: string; asOf: string | null } | null;
  claimedAt: string | null;
  status: string;
  latestVerdict: VerdictSummary | null;
  snippet?: string | null;
  belief: number | null;
}

export interface ChainNode {
  id: number;
  subject: string | null;
  stance: 'asserts' | 'denies';
  status: string;
  speakerId: number;
  attribution: number[];
  latestVerdict: VerdictSummary | null;
  belief: number | null;
  distance: number;
  side: Side;
}

export interface ChainEdge { id: number; fromClaimId: number; toClaimId: number; type: string; opposing: boolean }

export interface Chain {
  root: number;
  nodes: ChainNode[];
  edges: ChainEdge[];
  sides: Record<Side, number[]>;
  sources: SourceRef[];
  truncated: boolean;
  completeDepth: number;
}

export interface ProvenanceHop {
  position: number;
  role: 'speaker' | 'relay' | 'publisher';
  source: SourceRef;
  credibility: { score: number; low: number; high: number; status: string };
}

export interface Provenance { claimId: number; hops: ProvenanceHop[] }

export interface ContradictionClaim { id: number; text: string; subject: string | null; stance: string; status: string; speaker: SourceRef }

export interface Contradiction {
  relation: ChainEdge;
  status: string;
  from: ContradictionClaim;
  to: ContradictionClaim;
  createdAt: string;
}

export interface Ranking { rank: number; source: SourceRef; score: number; interval: Interval; weight: number; claims: number }
export interface Rankings { minEvidence: number; items: Ranking[] }

export interface HistoryPoint { start: string; end: string; score: number; interval: Interval; status: string; weight: number; claims: number }
export interface History { source: SourceRef; bucket: 'month' | 'quarter' | 'year'; points: HistoryPoint[] }

export interface Resolution { items: { source: SourceRef; matchedAlias: string | null; match: string; score: number }[] }

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
};
