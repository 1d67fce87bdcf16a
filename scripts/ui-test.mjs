// The UI test: drives a real VS Code page as a user would, against the built extension installed
// the way `npm start` installs it. Each step is one test; screenshots of what the user saw go to
// test-results/screenshots/. Ends with the line `ui: N passed, N failed` that scripts/test.mjs sums.
//
//   node scripts/ui-test.mjs [--dev] [--extension DIR] [--headed] [--keep]
//   --dev: load the extension through the development payload instead of installing it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { launchBrowser } from './lib/browser.mjs';
import { installExtensionFolder } from './lib/install-extension.mjs';
import { extensionHostLog, fileTail, makeTempDir, payloadUrl, startVSCode } from './vscode-server.mjs';

// Everything the test knows about the extension's UI. Change it here when the UI changes.
const UI = {
  viewport: { width: 1400, height: 900 },
  activityBarItem: '.activitybar .action-item a[aria-label*="Interview Drills"]',
  treeRow: '.sidebar .monaco-list-row',
  rowLabel: '.label-name',
  rowDescription: '.label-description',
  category: 'Coding', // expanded to find a question
  categoryDescription: /\d+\/\d+ solved/, // the description shown next to each category
  questionLevel: '2', // aria-level of question rows under a category
  panelTitle: 'h1', // the question title in the panel
  panelButtons: [/^Start$/, /^Reveal answer$/, /^Show hint\b/], // accessible names ("Show hint (1 of 3)")
  startButton: /^Start$/,
  editorTab: '.editor-group-container .tabs-container .tab',
  activeEditorLines: '.editor-group-container.active .editor-container .monaco-editor .view-lines',
  attempted: /attempted/i, // in a question row's description or aria-label after Start
  quickInput: '.quick-input-widget .quick-input-box input',
  quickPickRow: '.quick-input-widget .quick-input-list .monaco-list-row',
  reloadCommand: 'Developer: Reload Window',
  language: 'TypeScript', // picked when Start asks which language to answer in (first Start only)
  runChecksButton: /^Run checks$/,
  results: '#results', // the panel's Results section
  failedCase: '#results li.case-failed', // a case whose answer was wrong
  summary: '#results .results-summary',
  writtenCategory: 'Behavioral', // a written (STAR) question is started from here for the rubric step
  writtenQuestion: /^A conflict with a colleague$/, // preferred (a STAR answer); else the category's first question
  rubricNote: '#results .results-note', // "Rubric, not a grade: …"
  rateSection: '#rate', // Rate yourself: Again / Hard / Good / Easy with the interval each gives
  nextReview: '#next-review',
  sqlCategory: 'SQL', // the category of the SQL question the SQL steps use
  sqlQuestion: /^Big spenders of 2024\b/, // its title (the WRONG_SQL below answers it)
  rowDiff: '#results li.case-failed .row-diff', // a failed SQL case's expected and actual tables
  queryGrid: '#query .query-grid', // Run query's result grid
  codeLens: '.editor-group-container .contentWidgets .codelens-decoration, .editor-group-container .codelens-decoration',
};
// A wrong answer to the SQL question: it forgets the status filter, so pending and refunded
// orders count and the rows differ from the expected ones.
const WRONG_SQL = [
  '-- interview-drills: paid-customers-where-having',
  'SELECT c.id AS customer_id, c.name, COUNT(*) AS paid_orders, SUM(o.amount) AS paid_total',
  'FROM customers c JOIN orders o ON o.customer_id = c.id',
  "WHERE o.placed_at >= TIMESTAMP '2024-01-01' AND o.placed_at < TIMESTAMP '2025-01-01'",
  'GROUP BY c.id, c.name HAVING SUM(o.amount) >= 500;',
].join('\n');
// Run query's statement: every customer with their orders; Eli Novak has none, so NULLs.
const QUERY_SQL = 'SELECT c.name, o.id AS order_id, o.status, o.amount FROM customers c LEFT JOIN orders o ON o.customer_id = c.id ORDER BY c.id, o.id;';
const STEP_TIMEOUT_MS = 30_000;
const FIRST_WEBVIEW_TIMEOUT_MS = 60_000; // the first webview of a page waits for a service worker

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const screenshots = path.join(root, 'test-results', 'screenshots');
const { values: opts } = parseArgs({
  options: {
    dev: { type: 'boolean', default: false },
    extension: { type: 'string', default: root },
    headed: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const say = (line) => process.stdout.write(`[ui] ${line}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a value, or throws `message` after `timeoutMs`. */
async function until(probe, message, timeoutMs = STEP_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`${message} (waited ${timeoutMs / 1000} s)`);
    await sleep(250);
  }
}

/** The frame holding the extension's panel HTML: the innermost webview frame with our <h1>. */
function findPanelFrame(page, title, timeoutMs) {
  return until(async () => {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      const h1 = await frame.evaluate((sel) => document.querySelector(sel)?.textContent?.trim() ?? '', UI.panelTitle)
        .catch(() => '');
      if (h1 && (!title || h1.includes(title))) return frame;
    }
    return undefined;
  }, `no webview frame shows an <h1> with "${title}"`, timeoutMs);
}

async function rows(page) {
  return page.locator(UI.treeRow).evaluateAll((els, [labelSel, descriptionSel]) => els.map((el) => ({
    label: el.querySelector(labelSel)?.textContent?.trim() ?? '',
    description: el.querySelector(descriptionSel)?.textContent?.trim() ?? '',
    aria: el.getAttribute('aria-label') ?? '',
    level: el.getAttribute('aria-level') ?? '',
    expanded: el.getAttribute('aria-expanded'),
  })), [UI.rowLabel, UI.rowDescription]);
}

function rowLocator(page, label, level) {
  return page.locator(`${UI.treeRow}[aria-level="${level}"]`).filter({
    has: page.locator(UI.rowLabel, { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }),
  }).first();
}

/** Shows the Interview Drills view; the activity bar item toggles, so click only when hidden. */
async function showTreeView(page) {
  const item = page.locator(UI.activityBarItem);
  await item.waitFor({ timeout: FIRST_WEBVIEW_TIMEOUT_MS });
  const checked = await item.evaluate((a) => a.closest('.action-item')?.classList.contains('checked') ?? false);
  if (!checked) await item.click();
  await until(async () => (await rows(page)).some((r) => r.label === UI.category),
    `the tree shows no "${UI.category}" category`);
}

async function expandCategory(page) {
  const row = rowLocator(page, UI.category, '1');
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
  return until(async () => (await rows(page)).find((r) => r.level === UI.questionLevel),
    `expanding "${UI.category}" shows no question`);
}

/**
 * Reloads as a user does in VS Code: "Developer: Reload Window" from the command palette. Unlike
 * the browser's reload button it waits for the workbench to save its state (open editors, the
 * panel's serialized state) first; a bare page.reload() races that save and sometimes loses it.
 */
async function reloadWindow(page) {
  await page.keyboard.press('F1');
  const input = page.locator(UI.quickInput);
  await input.waitFor();
  await input.fill(`>${UI.reloadCommand}`);
  const item = page.locator(UI.quickPickRow).filter({ hasText: UI.reloadCommand }).first();
  await item.waitFor();
  const loaded = page.waitForEvent('load', { timeout: FIRST_WEBVIEW_TIMEOUT_MS });
  await input.press('Enter');
  await loaded;
  await page.locator(UI.activityBarItem).waitFor({ timeout: FIRST_WEBVIEW_TIMEOUT_MS });
}

async function main() {
  const extensionPath = path.resolve(opts.extension);
  const userDataDir = makeTempDir('ui-user');
  const workspace = makeTempDir('ui-workspace');
  fs.writeFileSync(path.join(workspace, 'README.md'), '# UI test workspace\n');
  fs.mkdirSync(screenshots, { recursive: true });
  const results = [];
  let server;
  let browser;
  let page;
  const pageErrors = [];

  const shot = async (name) => {
    const file = path.join(screenshots, `${name}.png`);
    await page.mouse.move(UI.viewport.width - 20, UI.viewport.height / 2); // no stray hover tooltip
    await page.screenshot({ path: file });
    return path.relative(root, file);
  };
  const step = async (name, fn) => {
    const t = Date.now();
    try {
      const note = await fn();
      results.push({ name, ok: true });
      say(`✔ ${name} (${((Date.now() - t) / 1000).toFixed(1)} s)${note ? ` — ${note}` : ''}`);
    } catch (error) {
      results.push({ name, ok: false });
      say(`✘ ${name}: ${error instanceof Error ? error.message : String(error)}`);
      if (page) say(`  screenshot of the failure: ${await shot('failure').catch(() => 'none')}`);
      throw error;
    }
  };

  const context = {};
  const steps = [
    ['the workbench loads with the Interview Drills activity bar item', async () => {
      const loaded = Date.now();
      await page.goto(context.url);
      await page.locator(UI.activityBarItem).waitFor({ timeout: FIRST_WEBVIEW_TIMEOUT_MS });
      return `${((Date.now() - loaded) / 1000).toFixed(1)} s after page.goto`;
    }],
    ['the tree lists categories with their solved counts', async () => {
      await showTreeView(page);
      const category = (await rows(page)).find((r) => r.label === UI.category);
      if (!UI.categoryDescription.test(category.description)) {
        throw new Error(`"${UI.category}" row's description reads "${category.description}", expected like "3/12 solved"`);
      }
      return `"${category.label} ${category.description}"; ${await shot('01-tree')}`;
    }],
    [`expanding "${UI.category}" shows its questions`, async () => {
      const question = await expandCategory(page);
      context.title = question.label;
      return `first question: "${question.label}"`;
    }],
    ['clicking a question opens its panel', async () => {
      await rowLocator(page, context.title, UI.questionLevel).click();
      const frame = await findPanelFrame(page, context.title, FIRST_WEBVIEW_TIMEOUT_MS);
      for (const name of UI.panelButtons) {
        await frame.getByRole('button', { name }).first().waitFor({ timeout: STEP_TIMEOUT_MS })
          .catch(() => { throw new Error(`the panel has no button named ${name}`); });
      }
      context.frame = frame;
      return await shot('02-panel');
    }],
    ['hints come one at a time, and the model answer only on request', async () => {
      const frame = context.frame;
      const visibleHints = () => frame.locator('#hints li.hint:not([hidden])').count();
      if ((await visibleHints()) !== 0) throw new Error('a hint is visible before any was asked for');
      if (await frame.locator('#answer').isVisible()) throw new Error('the model answer is visible before Reveal answer');
      await frame.locator('#show-hint').click();
      await until(async () => ((await visibleHints()) === 1 ? true : undefined), 'Show hint did not reveal exactly one hint');
      await frame.locator('#show-hint').click();
      await until(async () => ((await visibleHints()) === 2 ? true : undefined), 'a second Show hint did not reveal the second hint');
      await frame.getByRole('button', { name: 'Reveal answer' }).click();
      await frame.locator('#answer').waitFor({ state: 'visible' })
        .catch(() => { throw new Error('Reveal answer did not show the model answer'); });
      await frame.locator('#answer').scrollIntoViewIfNeeded();
      return await shot('02b-hints-and-answer');
    }],
    ['Start opens a scratch file in an editor', async () => {
      const tabsBefore = new Set(await page.locator(UI.editorTab).evaluateAll((els) => els.map((e) => e.getAttribute('aria-label'))));
      await context.frame.getByRole('button', { name: UI.startButton }).first().click();
      let picked = '';
      const tab = await until(async () => {
        // The first Start of a coding question asks for a language in a quick pick.
        const choice = page.locator(UI.quickPickRow).filter({ hasText: new RegExp(`^${UI.language}\\b`) }).first();
        if (!picked && await choice.isVisible()) {
          await choice.click();
          picked = ` (picked ${UI.language})`;
        }
        const labels = await page.locator(UI.editorTab).evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
        return labels.find((l) => l && !tabsBefore.has(l));
      }, 'no new editor tab after clicking Start');
      const text = await until(async () => {
        const lines = await page.locator(UI.activeEditorLines).first().innerText();
        return lines.trim().length > 0 ? lines : undefined;
      }, `the editor "${tab}" stays empty (expected the starter or template)`);
      return `tab "${tab}"${picked}, ${text.split('\n').length} line(s); ${await shot('03-editor-after-start')}`;
    }],
    ['Run checks in the panel shows a failed case with expected and actual', async () => {
      // The file holds the starter, which returns [] and so fails the cases that expect groups.
      const frame = await findPanelFrame(page, context.title, FIRST_WEBVIEW_TIMEOUT_MS);
      await frame.getByRole('button', { name: UI.runChecksButton }).click();
      const failed = frame.locator(UI.failedCase).first();
      await failed.waitFor({ timeout: STEP_TIMEOUT_MS })
        .catch(() => { throw new Error('no failed case appeared in the Results section after Run checks'); });
      const summary = (await frame.locator(UI.summary).innerText()).trim();
      if (!/^\d+\/\d+ passed in \d/.test(summary)) throw new Error(`the results summary reads "${summary}"`);
      const expected = (await failed.locator('.diff-expected pre').innerText()).trim();
      const actual = (await failed.locator('.diff-actual pre').innerText()).trim();
      if (!expected || !actual || expected === actual) throw new Error(`the failed case shows expected "${expected}" and actual "${actual}"`);
      if ((await failed.locator('.diff-del').count()) === 0) throw new Error('no line of the expected value is marked as differing');
      await frame.locator(UI.results).evaluate((el) => el.scrollIntoView({ block: 'start' }));
      return `"${summary.split('\n')[0]}"; ${await shot('06-failed-case-diff')}`;
    }],
    ['after a reload the panel is restored', async () => {
      await reloadWindow(page);
      // The panel's tab comes back; when the scratch file shares its group, the panel is a
      // background tab and has no frame until shown, so bring it to the front as a user would.
      const tab = page.locator(UI.editorTab).filter({ hasText: context.title }).first();
      await tab.waitFor({ timeout: FIRST_WEBVIEW_TIMEOUT_MS })
        .catch(() => { throw new Error(`no editor tab "${context.title}" after the reload: the panel was not restored`); });
      if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
      await findPanelFrame(page, context.title, FIRST_WEBVIEW_TIMEOUT_MS);
    }],
    ['after a reload the tree shows the question as attempted', async () => {
      await showTreeView(page);
      await expandCategory(page);
      const isAttempted = (r) => r.label === context.title && UI.attempted.test(`${r.description} ${r.aria}`);
      const row = await until(async () => (await rows(page)).find(isAttempted), `the row "${context.title}" does not say it was attempted`)
        .catch(async (error) => {
          const seen = (await rows(page)).find((r) => r.label === context.title);
          throw new Error(`${error.message}; it reads "${seen?.description}" (aria-label "${seen?.aria}")`);
        });
      return `description "${row.description}", aria-label "${row.aria}"; ${await shot('04-after-reload')}`;
    }],
    ['the panel follows a light colour theme', async () => {
      const settingsFile = path.join(userDataDir, 'User', 'settings.json');
      const settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
      fs.writeFileSync(settingsFile, JSON.stringify({ ...settings, 'workbench.colorTheme': 'Default Light Modern' }, null, 2));
      const tab = page.locator(UI.editorTab).filter({ hasText: context.title }).first();
      if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
      const frame = await findPanelFrame(page, context.title, FIRST_WEBVIEW_TIMEOUT_MS);
      await until(async () => ((await frame.locator('body.vscode-light').count()) > 0 ? true : undefined),
        'the panel did not switch to the light theme (no vscode-light class on its body)');
      const colours = await frame.locator('body').evaluate((body) => {
        const style = getComputedStyle(body);
        return { fg: style.color, bg: style.backgroundColor };
      });
      return `text ${colours.fg} on ${colours.bg}; ${await shot('05-light-theme')}`;
    }],
    ['a failed SQL case shows the expected and actual rows as tables, what differs marked', async () => {
      await showTreeView(page);
      // Fold the coding questions away so the SQL category is in view (the tree is a virtual list).
      const coding = rowLocator(page, UI.category, '1');
      if ((await coding.getAttribute('aria-expanded')) === 'true') await coding.click();
      const category = rowLocator(page, UI.sqlCategory, '1');
      if ((await category.getAttribute('aria-expanded')) !== 'true') await category.click();
      const question = await until(async () => (await rows(page)).find((r) => r.level === UI.questionLevel && UI.sqlQuestion.test(r.label)),
        `expanding "${UI.sqlCategory}" shows no question titled ${UI.sqlQuestion}`);
      context.sqlTitle = question.label;
      await rowLocator(page, context.sqlTitle, UI.questionLevel).click();
      let frame = await findPanelFrame(page, context.sqlTitle, FIRST_WEBVIEW_TIMEOUT_MS);
      await frame.getByRole('button', { name: UI.startButton }).first().click();
      const tab = await until(async () => {
        const labels = await page.locator(UI.editorTab).evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
        return labels.find((l) => /\.sql\b/.test(l));
      }, 'no .sql editor tab after Start on the SQL question');
      // Replace the starter with a wrong answer, as a user would type it (unsaved: the run uses the editor's text).
      await page.locator(UI.activeEditorLines).first().click();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.insertText(WRONG_SQL);
      await page.keyboard.press('Escape');
      await page.keyboard.press('ControlOrMeta+Home');
      frame = await findPanelFrame(page, context.sqlTitle, FIRST_WEBVIEW_TIMEOUT_MS);
      await frame.getByRole('button', { name: UI.runChecksButton }).click();
      // The first SQL run starts PostgreSQL: a few seconds.
      const diff = frame.locator(UI.rowDiff).first();
      await diff.waitFor({ timeout: FIRST_WEBVIEW_TIMEOUT_MS })
        .catch(() => { throw new Error('no failed SQL case with row tables appeared after Run checks'); });
      const headers = await diff.locator('.rows-expected th').allInnerTexts();
      if (!headers.includes('customer_id') || !headers.includes('paid_total')) throw new Error(`the expected table's columns read ${JSON.stringify(headers)}`);
      const marked = await diff.locator('tr.row-missing, tr.row-unexpected, td.cell-changed').count();
      if (marked === 0) throw new Error('no row or cell of the failed case is marked as differing');
      const markers = await diff.locator('.row-mark').allInnerTexts();
      if (!markers.some((m) => m === '−' || m === '+')) throw new Error('the marked rows have no −/+ marker (colour alone)');
      const summary = (await frame.locator(UI.summary).innerText()).trim();
      await diff.evaluate((el) => el.closest('li')?.scrollIntoView({ block: 'start' }));
      return `${tab}; "${summary.split('\n')[0]}", ${marked} marked row(s)/cell(s); ${await shot('09-sql-row-diff')}`;
    }],
    ['Run query (Ctrl+Enter) shows the statement\'s rows as a grid in the panel', async () => {
      // Back to the answer's editor (Run checks left the focus in the panel).
      await page.locator(UI.editorTab).filter({ hasText: /\.sql\b/ }).first().click();
      await page.locator(UI.activeEditorLines).first().click();
      await page.keyboard.press('ControlOrMeta+End');
      await page.keyboard.insertText(`\n\n${QUERY_SQL}`);
      await page.keyboard.press('Escape');
      await page.keyboard.press('Home');
      const lenses = await until(async () => {
        const texts = await page.locator(UI.codeLens).allInnerTexts();
        const count = texts.join('\n').split('Run query').length - 1;
        return count >= 2 ? count : undefined;
      }, 'no "Run query" CodeLens above the two statements');
      await page.keyboard.press('ControlOrMeta+Enter');
      const frame = await findPanelFrame(page, context.sqlTitle, FIRST_WEBVIEW_TIMEOUT_MS);
      const grid = frame.locator(UI.queryGrid);
      await grid.waitFor({ timeout: FIRST_WEBVIEW_TIMEOUT_MS })
        .catch(() => { throw new Error('no result grid in the panel after Ctrl+Enter'); });
      const columns = await grid.locator('th').allInnerTexts();
      if (columns.join(',') !== 'name,order_id,status,amount') throw new Error(`the grid's columns read ${JSON.stringify(columns)}`);
      const count = await grid.locator('tbody tr').count();
      if (count < 10) throw new Error(`the grid shows ${count} rows`);
      if ((await grid.locator('.sql-null').count()) === 0) throw new Error('the customer without orders shows no NULL');
      const summary = (await frame.locator('#query .query-summary').innerText()).trim();
      if (!/^\d+ rows in /.test(summary)) throw new Error(`the grid's summary reads "${summary}"`);
      await frame.locator('#query').evaluate((el) => el.scrollIntoView({ block: 'start' }));
      return `${lenses} Run query lenses; "${summary}"; ${await shot('10-sql-query-grid')}`;
    }],
    ['a written answer: Run checks on the bare template shows the rubric verdicts; then Rate yourself', async () => {
      await showTreeView(page);
      // Fold every other category of the Questions view so the written one is in view (the tree is a virtual list).
      const questionsView = page.locator('.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: /^Questions/ }) });
      for (const row of await questionsView.locator('.monaco-list-row[aria-level="1"][aria-expanded="true"]').all()) {
        if ((await row.locator(UI.rowLabel).innerText()).trim() !== UI.writtenCategory) await row.click();
      }
      const category = questionsView.locator('.monaco-list-row[aria-level="1"]').filter({ has: page.locator(UI.rowLabel, { hasText: new RegExp(`^${UI.writtenCategory}$`) }) }).first();
      if ((await category.getAttribute('aria-expanded')) !== 'true') await category.click();
      // Every question row of the Questions view is now one of this category (other views have rows too).
      const questionRows = questionsView.locator(`.monaco-list-row[aria-level="${UI.questionLevel}"]`);
      await questionRows.first().waitFor().catch(() => { throw new Error(`expanding "${UI.writtenCategory}" shows no question`); });
      const preferred = questionRows.filter({ has: page.locator(UI.rowLabel, { hasText: UI.writtenQuestion }) }).first();
      const questionRow = (await preferred.count()) > 0 ? preferred : questionRows.first();
      await questionRow.waitFor().catch(() => { throw new Error(`expanding "${UI.writtenCategory}" shows no question`); });
      const question = { label: (await questionRow.locator(UI.rowLabel).innerText()).trim() };
      await questionRow.click();
      let frame = await findPanelFrame(page, question.label, FIRST_WEBVIEW_TIMEOUT_MS);
      await frame.getByRole('button', { name: UI.startButton }).first().click();
      await until(async () => {
        const labels = await page.locator(UI.editorTab).evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
        return labels.find((l) => /\.md\b/.test(l));
      }, 'no Markdown editor tab after Start on the written question');
      frame = await findPanelFrame(page, question.label, FIRST_WEBVIEW_TIMEOUT_MS);
      await frame.getByRole('button', { name: UI.runChecksButton }).click();
      await frame.locator(UI.failedCase).first().waitFor({ timeout: STEP_TIMEOUT_MS })
        .catch(() => { throw new Error('no failed rubric check in the Results section after Run checks on the bare template'); });
      const note = (await frame.locator(UI.rubricNote).innerText()).trim();
      if (!/rubric, not a grade/i.test(note)) throw new Error(`the results do not call the checks a rubric: "${note}"`);
      const summary = (await frame.locator(UI.summary).innerText()).trim().split('\n')[0];
      const failedChecks = await frame.locator(`${UI.failedCase} .case-name`).allInnerTexts();
      if (failedChecks.length === 0) throw new Error('no rubric check failed on the bare template');
      await frame.locator(UI.results).evaluate((el) => el.scrollIntoView({ block: 'start' }));
      const rubricShot = await shot('07-rubric-verdicts');

      // Rate yourself: shown after the run; Good schedules the next review, which the panel states.
      await frame.getByRole('button', { name: 'Reveal answer' }).click();
      const rate = frame.locator(UI.rateSection);
      await rate.waitFor({ state: 'visible' }).catch(() => { throw new Error('no Rate yourself section after the run and the reveal'); });
      const labels = (await rate.locator('button[data-action="rate"]').allInnerTexts()).map((t) => t.trim());
      if (labels.length !== 4 || !labels.every((l, i) => new RegExp(`^${['Again', 'Hard', 'Good', 'Easy'][i]} · \\d`).test(l))) {
        throw new Error(`the rating buttons read ${JSON.stringify(labels)}`);
      }
      await rate.locator('button[data-rating="good"]').click();
      const next = await until(async () => {
        const text = (await frame.locator(UI.nextReview).innerText()).trim();
        return /^Next review in \d+ days/.test(text) ? text : undefined;
      }, 'the panel does not say when the next review is after rating Good');
      await rate.evaluate((el) => el.scrollIntoView({ block: 'center' }));
      return `"${summary}", failed: ${failedChecks.join('; ')}; ${rubricShot}; ${labels.join(' | ')} → "${next}"; ${await shot('08-rate-yourself')}`;
    }],
  ];

  try {
    let extensionsDir;
    if (!opts.dev) {
      extensionsDir = path.join(userDataDir, 'extensions');
      const installed = installExtensionFolder({ source: extensionPath, extensionsDir });
      say(`installed ${installed.id}@${installed.version} as npm start does`);
    }
    const t0 = Date.now();
    server = await startVSCode({ folder: workspace, userDataDir, extensionsDir });
    say(`code-server ${server.url} ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    context.url = opts.dev ? payloadUrl(server, { extensionDevelopmentPath: extensionPath }) : server.url;
    browser = await launchBrowser({ headless: !opts.headed });
    page = await browser.newPage({ viewport: UI.viewport });
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    for (const [name, fn] of steps) await step(name, fn);
  } catch (error) {
    if (results.length === 0) say(`error: ${error instanceof Error ? error.message : String(error)}`);
    if (server) {
      const hostLog = extensionHostLog(server.userDataDir);
      say(`--- extension host log (${hostLog ?? 'not found'}), tail ---`);
      if (hostLog) process.stdout.write(`${fileTail(hostLog, 30)}\n`);
    }
    if (pageErrors.length) say(`page errors (tail):\n${pageErrors.slice(-10).join('\n')}`);
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
    if (!opts.keep) {
      fs.rmSync(userDataDir, { recursive: true, force: true });
      fs.rmSync(workspace, { recursive: true, force: true });
    } else {
      say(`kept ${userDataDir} and ${workspace}`);
    }
  }

  const passed = results.filter((r) => r.ok).length;
  let failed = results.length - passed;
  const notRun = steps.length - results.length;
  if (notRun > 0) say(`${notRun} step(s) not run after the failure`);
  if (results.length === 0) failed = 1; // could not even start: that is a failure, not zero tests
  console.log(`ui: ${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then((code) => process.exit(code), (error) => {
  say(`error: ${error instanceof Error ? error.stack : String(error)}`);
  console.log('ui: 0 passed, 1 failed');
  process.exit(1);
});
