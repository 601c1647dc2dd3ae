import { request, type FullConfig } from '@playwright/test';

// The demo has claims and relations but no verdicts, so no source is ranked yet. Give a few of
// its sources a record of rated claims over the past months (through the API, as a desk would),
// leaving the demo's own claims unrated so its contradictions stay open.
const records: { source: string; claims: { text: string; language: string; rating: string }[] }[] = [
  {
    source: 'Bloomberg',
    claims: [
      { text: 'Russia moved S-400 air defence systems to Latakia', language: 'en', rating: 'true' },
      { text: 'Iran cut the number of IRGC advisers in Aleppo by half', language: 'en', rating: 'mostly-true' },
      { text: 'أكدت وكالة Bloomberg أن 2000 جندي إيراني فقط بقوا في سوريا', language: 'ar', rating: 'true' },
      { text: 'Moscow and Tehran signed a new arms deal in October', language: 'en', rating: 'mixed' },
      { text: 'The Syrian army retook Kuweires airbase without Russian air cover', language: 'en', rating: 'false' },
      { text: 'Russian jets flew over 1,000 sorties in Syria in five weeks', language: 'en', rating: 'true' },
    ],
  },
  {
    source: 'ISNA',
    claims: [
      { text: 'لا خلافات بين طهران وموسكو حول مستقبل سوريا', language: 'ar', rating: 'mostly-false' },
      { text: 'Iran will attend the Vienna talks on Syria', language: 'en', rating: 'true' },
      { text: 'قائد فيلق القدس لم يصب بأي أذى', language: 'ar', rating: 'mostly-true' },
      { text: 'No Iranian ground troops are fighting in Syria', language: 'en', rating: 'false' },
    ],
  },
  {
    source: 'Tasnim News Agency',
    claims: [
      { text: 'سليماني التقى بوتين في موسكو الأسبوع الماضي', language: 'ar', rating: 'mostly-true' },
      { text: 'Western reports of Soleimani being wounded were fabricated', language: 'en', rating: 'mixed' },
      { text: 'Iran has no military advisers in Iraq', language: 'en', rating: 'false' },
      { text: 'الحرس الثوري لم ينسحب من جبهات حلب', language: 'ar', rating: 'mostly-false' },
    ],
  },
];

export default async function seed(config: FullConfig): Promise<void> {
  const baseURL = config.projects[0].use.baseURL!;
  const key = process.env.ADMIN_KEY;
  if (!key) {
    throw new Error('ADMIN_KEY must hold the service\'s CREDIBILITY_ADMIN_KEY to seed verdicts.');
  }
  const api = await request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${key}` } });
  const ok = async (response: Awaited<ReturnType<typeof api.get>>) => {
    if (!response.ok()) {
      throw new Error(`${response.url()} answered ${response.status()}: ${await response.text()}`);
    }
    return response.json();
  };
  const now = new Date();
  for (const record of records) {
    const found = await ok(await api.get('/v1/sources/resolve', { params: { name: record.source } }));
    const sourceId: number = found.items[0].source.id;
    for (const [i, claim] of record.claims.entries()) {
      // One rated claim a month, the oldest seven months back.
      const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 7 + i, 10));
      const created = await ok(await api.post('/v1/claims', {
        data: {
          text: claim.text, speakerId: sourceId, language: claim.language, subject: `e2e-${record.source.toLowerCase().replace(/\W+/g, '-')}-${i}`, claimedAt: at.toISOString(),
          topics: [i % 2 === 0 ? 'military' : 'diplomacy'],
        },
      }));
      await ok(await api.post(`/v1/claims/${created.id}/verdicts`, {
        data: { rating: claim.rating, reviewer: 'E2E desk', url: `https://example.org/checks/${created.id}`, reviewedAt: new Date(at.getTime() + 5 * 86_400_000).toISOString() },
      }));
    }
  }
  await api.dispose();
}
