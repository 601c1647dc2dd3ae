import '@fontsource/noto-sans-arabic/arabic-400.css';
import '@fontsource/noto-sans-arabic/arabic-600.css';
import './styles.css';
import { api, editorKey, readerKey, whenUnauthorized } from './api';
import { showChain } from './chain';
import { showHistory, showRankings } from './charts';
import { Contradictions } from './contradictions';
import { clear, errorText, message } from './dom';
import { ImportView } from './import';
import { search } from './search';

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const keyForm = byId<HTMLFormElement>('key-form');
const keyStatus = byId<HTMLElement>('key-status');
const searchForm = byId<HTMLFormElement>('search-form');
const searchInput = byId<HTMLInputElement>('search-input');
const searchResults = byId<HTMLElement>('search-results');
const chainBody = byId<HTMLElement>('chain-body');
const rankingsForm = byId<HTMLFormElement>('rankings-form');
const historyForm = byId<HTMLFormElement>('history-form');

// The URL's fragment holds what is open (#claim=3&source=3&q=…), so a view can be shared and
// the back button works.
function state(): URLSearchParams {
  return new URLSearchParams(location.hash.replace(/^#/, '').includes('=') ? location.hash.slice(1) : '');
}

function navigate(change: Record<string, string | null>, section?: string): void {
  const next = state();
  for (const [name, value] of Object.entries(change)) {
    if (value === null) {
      next.delete(name);
    } else {
      next.set(name, value);
    }
  }
  history.pushState(null, '', `#${next.toString()}`);
  void render();
  if (section) {
    byId(section).scrollIntoView({ block: 'start' });
  }
}

const openClaim = (id: number) => navigate({ claim: String(id) }, 'chain');
const openSource = (id: number) => navigate({ source: String(id) }, 'history');

const contradictions = new Contradictions(byId('contradictions-list'), byId('contradictions-more'), openClaim);

let shown = { q: '', claim: '', source: '', bucket: '' };

async function render(force = false): Promise<void> {
  const s = state();
  const q = s.get('q') ?? '';
  const claim = s.get('claim') ?? '';
  const source = s.get('source') ?? '';
  const bucket = s.get('bucket') ?? 'month';
  const work: Promise<void>[] = [];
  if (q && (force || q !== shown.q)) {
    searchInput.value = q;
    work.push(search(searchResults, q, openClaim));
  }
  if (claim && (force || claim !== shown.claim)) {
    work.push(showChain(chainBody, Number(claim), { openClaim, openSource }));
  }
  if (source && (force || source !== shown.source || bucket !== shown.bucket)) {
    (historyForm.elements.namedItem('bucket') as HTMLSelectElement).value = bucket;
    work.push(showHistory(byId('history-body'), byId('history-chart'), byId('history-source'), Number(source), bucket));
  }
  shown = { q, claim, source, bucket };
  await Promise.all(work);
}

function loadRankings(): Promise<void> {
  const data = new FormData(rankingsForm);
  return showRankings(byId('rankings-chart'), byId('rankings-table'), String(data.get('kind') ?? ''), String(data.get('minEvidence') ?? ''), openSource);
}

function refreshAll(): void {
  showKeyStatus();
  void contradictions.load();
  void loadRankings();
  void render(true);
}

function showKeyStatus(): void {
  keyStatus.hidden = !readerKey.get();
}

whenUnauthorized(() => {
  keyForm.hidden = false;
  if (readerKey.get()) {
    readerKey.clear();
    showKeyStatus();
    keyForm.querySelector('label')!.textContent = 'That key was refused. Paste a valid reader key; it is kept in this tab only (sessionStorage).';
  }
});

keyForm.addEventListener('submit', (e) => {
  e.preventDefault();
  const input = byId<HTMLInputElement>('key-input');
  if (!readerKey.set(input.value)) {
    // A key with spaces inside, line breaks or non-ASCII letters cannot go in a header.
    keyForm.querySelector('label')!.textContent = 'A key is one word of plain ASCII letters, digits and signs. Paste it again.';
    return;
  }
  input.value = '';
  keyForm.hidden = true;
  refreshAll();
});

byId('key-forget').addEventListener('click', () => {
  readerKey.clear();
  refreshAll();
});

searchForm.addEventListener('submit', (e) => {
  e.preventDefault();
  const q = searchInput.value.trim();
  if (q && q === state().get('q')) {
    void search(searchResults, q, openClaim); // the same words again: fresh results
  } else if (q) {
    navigate({ q });
  }
});

rankingsForm.addEventListener('change', () => void loadRankings());
rankingsForm.addEventListener('submit', (e) => {
  e.preventDefault();
  void loadRankings();
});

historyForm.addEventListener('change', (e) => {
  if ((e.target as HTMLElement).getAttribute('name') === 'bucket' && state().get('source')) {
    navigate({ bucket: (e.target as HTMLSelectElement).value });
  }
});
historyForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  const name = String(new FormData(historyForm).get('name') ?? '').trim();
  const bucket = String(new FormData(historyForm).get('bucket') ?? 'month');
  if (!name) {
    return;
  }
  try {
    const found = await api.resolveSource(name);
    if (found.items.length === 0) {
      clear(byId('history-body'), message(`No source is called “${name}”.`));
      return;
    }
    navigate({ source: String(found.items[0].source.id), bucket });
  } catch (error) {
    clear(byId('history-body'), message(errorText(error), 'error'));
  }
});

// The section links scroll without touching the fragment, which holds what is open.
for (const link of document.querySelectorAll<HTMLAnchorElement>('nav a[href^="#"]')) {
  link.addEventListener('click', (e) => {
    e.preventDefault();
    byId(link.getAttribute('href')!.slice(1)).scrollIntoView({ block: 'start' });
  });
}

// The Import view writes with an editor key, asked for the way the reader key is.
const importKeyForm = byId<HTMLFormElement>('import-key-form');
const importKeyStatus = byId<HTMLElement>('import-key-status');
const importForm = byId<HTMLFormElement>('import-form');

function showEditorKeyStatus(): void {
  importKeyStatus.hidden = !editorKey.get();
}

const importView = new ImportView(byId('import-body'), {
  askForKey: (why) => {
    showEditorKeyStatus();
    importKeyForm.querySelector('label')!.textContent = why;
    importKeyForm.hidden = false;
    byId<HTMLInputElement>('import-key-input').focus();
  },
  openClaim,
});

importKeyForm.addEventListener('submit', (e) => {
  e.preventDefault();
  const input = byId<HTMLInputElement>('import-key-input');
  if (!editorKey.set(input.value)) {
    importKeyForm.querySelector('label')!.textContent = 'A key is one word of plain ASCII letters, digits and signs. Paste it again.';
    return;
  }
  input.value = '';
  importKeyForm.hidden = true;
  showEditorKeyStatus();
});

byId('import-key-forget').addEventListener('click', () => {
  editorKey.clear();
  showEditorKeyStatus();
});

importForm.addEventListener('submit', (e) => {
  e.preventDefault();
  const data = new FormData(importForm);
  void importView.readPage(String(data.get('page') ?? ''), String(data.get('url') ?? '').trim());
});

showEditorKeyStatus();
window.addEventListener('popstate', () => void render());
refreshAll();
