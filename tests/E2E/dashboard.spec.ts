import { expect, test, type APIRequestContext, type Page } from '@playwright/test';

const shots = process.env.SCREENSHOT_DIR ?? '../../artifacts/screenshots';

/** Console errors and uncaught exceptions, CSP violations among them (Chromium logs those as errors). */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') {
      errors.push(m.text());
    }
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

async function searchFor(page: Page, text: string): Promise<void> {
  await page.getByRole('searchbox', { name: 'Search claims and sources' }).fill(text);
  await page.locator('#search-form').getByRole('button', { name: 'Search' }).click();
}

test('an Arabic name finds the Bloomberg withdrawal claim; its chain has the ISNA denial against it', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/');
  await searchFor(page, 'بلومبرغ');

  const withdrawal = page.locator('#search-results button.claim-open', { hasText: 'انسحابات' }).first();
  await expect(withdrawal).toBeVisible();
  await expect(withdrawal).toContainText('Unnamed US officials → Bloomberg → Baladi News');
  await withdrawal.click();

  await expect(page.locator('#chain-graph canvas').first()).toBeVisible();
  const denial = page.locator('#chain-list li[data-side="against"]');
  await expect(denial).toHaveCount(1);
  await expect(denial).toContainText('Hossein Amir-Abdollahian');
  await expect(denial).toContainText('ISNA');
  await expect(denial).toContainText('نفى نائب وزير الخارجية');
  await expect(page.locator('#chain-list li[data-side="with"]')).toHaveCount(2);

  await denial.getByRole('button', { name: 'Details' }).click();
  const hops = page.locator('#chain-details .hop');
  await expect(hops).toHaveCount(3);
  await expect(hops.nth(0)).toContainText('speaker');
  await expect(hops.nth(0)).toContainText('Hossein Amir-Abdollahian');
  await expect(hops.nth(1)).toContainText('relay');
  await expect(hops.nth(1)).toContainText('ISNA');
  await expect(hops.nth(2)).toContainText('Baladi News');
  await expect(page.locator('#chain-details')).toContainText('Belief');
  await expect(page.locator('#chain-details meter')).toHaveCount(1);

  await page.locator('#chain').screenshot({ path: `${shots}/chain.png` });
  await page.screenshot({ path: `${shots}/dashboard.png`, fullPage: true });
  expect(errors).toEqual([]);
});

test('hovering a node in the graph shows its attribution path and belief', async ({ page }) => {
  await page.goto('/#claim=3');
  const graph = page.locator('#chain-graph');
  await expect(graph.locator('canvas').first()).toBeVisible();
  await expect(page.locator('#chain-details .hop')).toHaveCount(3);
  // The root is pinned; hovering across the graph previews the other claims.
  const box = (await graph.boundingBox())!;
  const seen = new Set<string>();
  for (let y = 0.2; y < 0.9 && seen.size < 2; y += 0.1) {
    for (let x = 0.05; x < 1 && seen.size < 2; x += 0.05) {
      await page.mouse.move(box.x + box.width * x, box.y + box.height * y);
      seen.add((await page.locator('#chain-details h3').textContent()) ?? '');
    }
  }
  expect(seen.size).toBeGreaterThan(1);
});

test('an English search finds claims by text and by source', async ({ page }) => {
  await page.goto('/');
  await searchFor(page, 'Bloomberg');
  const results = page.locator('#search-results');
  await expect(results.locator('h3', { hasText: 'Claims said or relayed by Bloomberg' })).toBeVisible();
  await expect(results.locator('button.claim-open', { hasText: 'انسحابات' })).toHaveCount(1);

  await searchFor(page, 'Latakia air defence');
  await expect(results.locator('mark', { hasText: 'Latakia' }).first()).toBeVisible();
});

test('open contradictions come newest first', async ({ page }) => {
  await page.goto('/');
  const items = page.locator('#contradictions-list li.contradiction');
  await expect(items).toHaveCount(3);
  const times = await items.evaluateAll((lis) => lis.map((li) => Date.parse(li.getAttribute('data-created-at')!)));
  expect(times).toEqual([...times].sort((a, b) => b - a));
  await expect(page.locator('#contradictions-list')).toContainText('refutes');
  await page.locator('#contradictions').screenshot({ path: `${shots}/contradictions.png` });
});

test('the rankings draw intervals as error bars, and a source opens its score history', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/');
  await page.getByRole('link', { name: 'Rankings' }).click();
  const rows = page.locator('#rankings-table tbody tr');
  await expect(rows.first()).toBeVisible();
  await expect(page.locator('#rankings-table')).toContainText('Bloomberg');
  await expect(page.locator('#rankings-chart canvas')).toBeVisible();
  // Something was drawn: the canvas is not blank.
  const inked = await page.locator('#rankings-chart canvas').evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) {
      n += data[i] > 0 ? 1 : 0;
    }
    return n;
  });
  expect(inked).toBeGreaterThan(1000);
  await page.locator('#rankings').screenshot({ path: `${shots}/rankings.png` });

  await page.locator('#rankings-table button[data-source-id]', { hasText: 'Bloomberg' }).click();
  await expect(page.locator('#history-chart canvas')).toBeVisible();
  await expect(page.locator('#history-source')).toContainText('Bloomberg');
  await expect(page.locator('#history-summary')).toContainText('rated claims');
  // Its scores by topic (the seed tags its rated claims military or diplomacy).
  await expect(page.locator('#source-topics')).toContainText('military');
  await expect(page.locator('#source-topics')).toContainText('diplomacy');
  await page.locator('#history').screenshot({ path: `${shots}/history.png` });
  expect(errors).toEqual([]);
});

/** The API as an editor, for tests that make rows of their own (run.sh passes the admin key). */
function editor(request: APIRequestContext) {
  const headers = { Authorization: `Bearer ${process.env.ADMIN_KEY ?? ''}` };
  return async (path: string, data: object): Promise<{ id: number }> => {
    const response = await request.post(path, { headers, data });
    expect(response.ok(), `${path} answered ${response.status()}: ${await response.text()}`).toBe(true);
    return response.json();
  };
}

test('a claim on a categorical subject shows the rival values, each with its belief, and the one believed most', async ({ page, request }) => {
  const errors = watchErrors(page);
  const post = editor(request);
  const tag = `${Date.now()}`;
  const subject = `e2e-strike-${tag}`;
  // Three sources give one value in three spellings (equal once folded), one source a rival value.
  const values = ['Jaysh al-Islam', 'jaysh al islam', 'JAYSH AL-ISLAM', 'ISIS'];
  const ids: number[] = [];
  for (const [i, value] of values.entries()) {
    const source = await post('/v1/sources', { name: `E2E outlet ${i} ${tag}`, kind: 'outlet' });
    ids.push((await post('/v1/claims', { text: `The strike was carried out by ${value}`, speakerId: source.id, subject, value })).id);
  }
  // Beliefs are computed after the writes: wait until both values have theirs (the last write is in) and the estimate.
  await expect.poll(async () => {
    const view = await (await request.get(`/v1/subjects/${subject}`)).json();
    const believed = view.groups.length === 2 && view.groups.every((g: { belief: number | null }) => g.belief !== null);
    return believed ? view.estimate?.answer ?? null : null;
  }).toBe('Jaysh al-Islam');

  await page.goto(`/#claim=${ids[3]}`);
  const answers = page.locator('#subject-answers');
  const groups = answers.locator('li.subject-group[data-kind="value"]');
  await expect(groups).toHaveCount(2);
  await expect(groups.filter({ hasText: 'Jaysh al-Islam' })).toContainText('3 claims');
  await expect(groups.filter({ hasText: 'Jaysh al-Islam' })).toContainText('3 sources');
  await expect(groups.filter({ hasText: 'ISIS' })).toContainText('1 claim');
  await expect(groups.first()).toContainText('belief');
  await expect(answers).toContainText('Believed most: Jaysh al-Islam');
  // The beliefs shown are the service's, and the winner's is the larger.
  const view = await (await request.get(`/v1/subjects/${subject}`)).json();
  for (const group of view.groups) {
    await expect(groups.filter({ hasText: group.value })).toContainText(`belief ${Math.round(group.belief * 100)}%`);
  }
  await answers.screenshot({ path: `${shots}/subject-values.png` });
  expect(errors).toEqual([]);
});

test('a verdict shows the reviewer\'s own finer label beside the rating', async ({ page, request }) => {
  const post = editor(request);
  const tag = `${Date.now()}`;
  const source = await post('/v1/sources', { name: `E2E speaker ${tag}`, kind: 'person' });
  const claim = await post('/v1/claims', { text: `A claim rated on a finer scale ${tag}`, speakerId: source.id });
  await post(`/v1/claims/${claim.id}/verdicts`, { rating: 'false', reviewer: 'PolitiFact', originalLabel: 'Pants on Fire' });

  await page.goto(`/#claim=${claim.id}`);
  const verdict = page.locator('#chain-details dd.verdict');
  await expect(verdict).toContainText('false');
  await expect(verdict.locator('q.original-label')).toHaveText('Pants on Fire');
  await expect(verdict).toContainText('PolitiFact');
});

test('Arabic text reads right to left, English left to right', async ({ page }) => {
  await page.goto('/#q=Bloomberg&claim=3');
  await expect(page.locator('#chain-list li').first()).toBeVisible();
  await expect(page.locator('#search-results button.claim-open').first()).toBeVisible();
  const directions = await page.locator('.text').evaluateAll((nodes) => nodes
    .filter((n) => n.textContent!.trim())
    .map((n) => ({
      text: n.textContent!.trim(),
      direction: getComputedStyle(n).direction,
      // the first strong character decides a dir=auto paragraph
      arabic: /^[^A-Za-z\u0600-\u06FF]*[\u0600-\u06FF]/.test(n.textContent!),
    })));
  const arabic = directions.filter((d) => d.arabic);
  const latin = directions.filter((d) => !d.arabic);
  expect(arabic.length).toBeGreaterThan(3);
  expect(latin.length).toBeGreaterThan(3);
  expect(arabic.filter((d) => d.direction !== 'rtl')).toEqual([]);
  expect(latin.filter((d) => d.direction !== 'ltr')).toEqual([]);
  // A mixed line: Arabic with an English name inside stays right to left.
  expect(arabic.some((d) => d.text.includes('Bloomberg'))).toBe(true);
});

test.describe('on a 390px screen', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('the page fits the width and the chain is readable', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('/#q=بلومبرغ&claim=3');
    await expect(page.locator('#chain-list li[data-side="against"]')).toHaveCount(1);
    await expect(page.locator('#chain-graph canvas').first()).toBeVisible();
    await expect(page.locator('#rankings-table tbody tr').first()).toBeVisible();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${shots}/narrow.png`, fullPage: true });
    await page.locator('#chain').screenshot({ path: `${shots}/narrow-chain.png` });
    await page.locator('#rankings').screenshot({ path: `${shots}/narrow-rankings.png` });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${shots}/narrow-top.png` });
    expect(errors).toEqual([]);
  });
});

test('when reads need a key, the page asks for one and keeps it in sessionStorage only', async ({ page }) => {
  const key = 'reader-key-for-the-test';
  // As the service answers with Auth:PublicReads=false: 401 without a key.
  await page.route('**/v1/**', async (route) => {
    const { authorization, ...others } = route.request().headers();
    if (authorization === `Bearer ${key}`) {
      await route.continue({ headers: others });
    } else {
      await route.fulfill({
        status: 401,
        contentType: 'application/problem+json',
        body: JSON.stringify({ status: 401, title: "An API key is required: send 'Authorization: Bearer <key>'." }),
      });
    }
  });
  await page.goto('/');
  const form = page.locator('#key-form');
  await expect(form).toBeVisible();
  await form.locator('input').fill(key);
  await form.getByRole('button', { name: 'Use key' }).click();
  await expect(form).toBeHidden();
  await expect(page.locator('#contradictions-list li.contradiction')).toHaveCount(3);
  expect(await page.evaluate(() => sessionStorage.getItem('credibility.readerKey'))).toBe(key);
  expect(await page.evaluate(() => localStorage.length)).toBe(0);
  await expect(page.locator('#key-status')).toBeVisible();
});

test('the page is served with a strict Content-Security-Policy; the API keeps its own', async ({ request }) => {
  const page = await request.get('/');
  expect(page.headers()['content-type']).toContain('text/html');
  const policy = page.headers()['content-security-policy'];
  expect(policy).toContain("script-src 'self'");
  expect(policy).toContain("style-src 'self'");
  expect(policy).not.toContain('unsafe');
  const api = await request.get('/v1/sources');
  expect(api.headers()['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
});
