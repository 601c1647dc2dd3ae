import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';

const shots = process.env.SCREENSHOT_DIR ?? '../../artifacts/screenshots';

/** The corpus page as scraped: the demo stored it once under its own address, the test imports it again under another. */
const corpusPage = readFileSync(new URL('../../src/CredibilityApi/Demo/baladi-2015-iran-russia-syria.txt', import.meta.url), 'utf8');

/** An editor key made with the admin key run.sh gave the service. */
async function editorKey(page: Page): Promise<string> {
  const response = await page.request.post('/v1/api-keys', {
    headers: { Authorization: `Bearer ${process.env.ADMIN_KEY}` },
    data: { name: `e2e editor ${Date.now()}`, role: 'editor' },
  });
  expect(response.status()).toBe(201);
  return (await response.json()).key as string;
}

/** Index of the first proposal whose text contains these words (and has this stance, when given). */
function proposalIndex(page: Page, words: string, stance?: string): Promise<number> {
  return page.locator('#import-proposals > li').evaluateAll((items, [w, s]) => items.findIndex((li) =>
    (li.querySelector('textarea') as HTMLTextAreaElement).value.includes(w!)
      && (!s || (li.querySelector('select') as HTMLSelectElement).value === s)), [words, stance]);
}

test('the corpus page: paste, review the proposals, accept, and the denial stands against the withdrawal claim', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const key = await editorKey(page);
  await page.goto('/');

  const importForm = page.locator('#import-form');
  await importForm.getByLabel("The page's address").fill(`https://example.org/e2e/baladi-${Date.now()}`);
  await importForm.getByLabel("The page's text").fill(corpusPage);
  await importForm.getByRole('button', { name: 'Read the page' }).click();

  // No editor key yet: the view asks for one, as the page asks for a reader key.
  const keyForm = page.locator('#import-key-form');
  await expect(keyForm).toBeVisible();
  await keyForm.locator('input').fill(key);
  await keyForm.getByRole('button', { name: 'Use key' }).click();
  await expect(keyForm).toBeHidden();
  await importForm.getByRole('button', { name: 'Read the page' }).click();

  const proposals = page.locator('#import-proposals > li');
  await expect(proposals.first()).toBeVisible();
  expect(await proposals.count()).toBeGreaterThanOrEqual(9);
  await expect(page.locator('#import-text mark.citation', { hasText: 'بلومبرج' }).first()).toBeVisible();

  const denial = await proposalIndex(page, 'خلافات', 'denies');
  const withdrawal = await proposalIndex(page, 'سحب قوات النخبة');
  const welcome = await proposalIndex(page, 'بحفاوة');
  expect(denial).toBeGreaterThanOrEqual(0);
  expect(withdrawal).toBeGreaterThanOrEqual(0);
  expect(welcome).toBeGreaterThanOrEqual(0);

  // Hovering a proposal lights its span in the text.
  await proposals.nth(denial).hover();
  await expect(page.locator('#import-text .lit').first()).toBeVisible();
  await expect(page.locator('#import-text')).toContainText('خلافات');
  await page.locator('#import').screenshot({ path: `${shots}/import.png` });

  // A person stays in charge: one proposal unticked, the denial's text edited.
  await proposals.nth(welcome).getByRole('checkbox').uncheck();
  const denialText = proposals.nth(denial).locator('textarea');
  const edited = `${await denialText.inputValue()} (e2e)`;
  await denialText.fill(edited);

  const accepted = page.waitForResponse((r) => /\/v1\/articles\/\d+\/claims$/.test(r.url()) && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Accept the ticked claims' }).click();
  const answer = await (await accepted).json() as { claims: { claimId: number }[] };
  expect((await accepted).status()).toBe(201);
  const count = await proposals.count();
  expect(answer.claims).toHaveLength(count - 1);
  // The kept claims in order, the unticked one left out.
  const position = (i: number) => i - (i > welcome ? 1 : 0);
  const denialId = answer.claims[position(denial)].claimId;
  const withdrawalId = answer.claims[position(withdrawal)].claimId;

  // The page lands on the first new claim's chain.
  await expect(page).toHaveURL(new RegExp(`claim=${answer.claims[0].claimId}(&|$)`));
  await expect(page.locator('#chain-list li').first()).toBeVisible();

  await page.goto(`/#claim=${withdrawalId}`);
  const against = page.locator(`#chain-list li[data-side="against"][data-claim-id="${denialId}"]`);
  await expect(against).toHaveCount(1);
  await expect(against).toContainText('(e2e)');
  await expect(against).toContainText('Amir-Abdollahian');
  await page.locator('#chain').screenshot({ path: `${shots}/import-chain.png` });
  expect(errors).toEqual([]);
});
