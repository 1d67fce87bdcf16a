// Checklist answers (`- [ ] item` lines): the items, parsed once for the rubric and for the
// editor's checklist view, and the check that the list was filled in.
import type { Question } from '../bank/question';
import type { CaseVerdict } from '../checks/types';
import { starterText } from '../scratch';
import { promptSegments, promptsIn, withoutPrompts } from './prompts';
import { cleanInline, classifyLines, words } from './text';
import { excerpt, plural, verdict } from './verdict';

export const DEFAULT_CHECKLIST_MIN_DONE = 5;

export interface ChecklistItem {
  /** 0-based position among the file's checklist items. */
  index: number;
  /** 1-based line of the item in the file. */
  line: number;
  /** 0-based column of the character inside the box (the ' ' or 'x'), for editing it. */
  boxColumn: number;
  checked: boolean;
  /** What the item is: the text before its first ':' (or all of it), Markdown marks removed. */
  label: string;
  /** What the user wrote about it: after the label and on the indented lines below, prompts removed. */
  note: string;
  /** A template prompt is still in the item (on its line or below). */
  promptLeft: boolean;
  /** Nothing about the item changed since the template: unticked, no note, its line untouched. */
  untouched: boolean;
}

const ITEM = /^(\s*)(?:[-*+]|\d{1,9}[.)])\s+\[([ xX])\](?:\s+(.*))?$/;
const LIST_OR_HEADING = /^\s*(?:[-*+]|\d{1,9}[.)])\s|^\s{0,3}#{1,6}(?:\s|$)/;

/** The label and the rest of an item's text: split at the first ':' or dash that follows a label. */
function splitItem(text: string): { label: string; rest: string } {
  const m = /^(.*?)(?:\s*:\s*|\s+[—–-]\s+)(.*)$/.exec(text);
  const [label, rest] = m && m[1].trim().length > 0 ? [m[1], m[2]] : [text, ''];
  return { label: plainText(label), rest };
}

/** Markdown marks out, for display and comparison. */
function plainText(text: string): string {
  return cleanInline(text).replace(/\*\*|__|[*_`~]/g, '').replace(/\s+/g, ' ').trim().replace(/[:\s]+$/, '');
}

/** A note is something written: at least one letter or digit once prompts and marks are gone. */
function noteText(text: string, prompts: readonly string[]): string {
  // Links and inline code stay: "GitHub: https://github.com/ana" is a note.
  const clean = withoutPrompts(text, prompts).replace(/\*\*|__|`/g, '').replace(/\s+/g, ' ').trim();
  return words(clean).length > 0 ? clean : '';
}

/**
 * The checklist items of a Markdown file, in order: outside code blocks and HTML comments. A
 * note is what follows the item's label on its line, plus the indented lines under it.
 * `templateLines` are the template's item lines, to tell an untouched item from a reworded one.
 */
export function parseChecklist(markdown: string, prompts: readonly string[] = [], templateLines: ReadonlySet<string> = new Set()): ChecklistItem[] {
  const text = typeof markdown === 'string' ? markdown : '';
  const lines = classifyLines(text, { scaffold: new Set(), placeholder: new Set() });
  const items: ChecklistItem[] = [];
  let current: (ChecklistItem & { indent: number; notes: string[] }) | undefined;
  const finish = () => {
    if (!current) return;
    const { indent: _indent, notes, ...item } = current;
    const below = notes.filter((n) => n.length > 0).join('; ');
    item.note = [item.note, below].filter((n) => n.length > 0).join('; ');
    if (item.note.length > 0) item.untouched = false;
    items.push(item);
    current = undefined;
  };
  for (const l of lines) {
    if (l.kind === 'code' || l.kind === 'comment') continue;
    const m = ITEM.exec(l.raw);
    if (m) {
      finish();
      const { label, rest } = splitItem(m[3] ?? '');
      const checked = m[2] !== ' ';
      const normalised = l.raw.trim().replace(/\s+/g, ' ');
      current = {
        index: items.length,
        line: l.line,
        boxColumn: l.raw.indexOf('[') + 1,
        checked,
        label: label || '(empty item)',
        note: noteText(rest, prompts),
        promptLeft: promptsIn(l.raw, prompts).length > 0,
        untouched: !checked && templateLines.has(normalised),
        indent: m[1].length,
        notes: [],
      };
      continue;
    }
    if (!current) continue;
    if (l.kind === 'blank') continue;
    const indent = /^\s*/.exec(l.raw)?.[0].replace(/\t/g, '    ').length ?? 0;
    // An indented line belongs to the item above; anything else ends it.
    if (indent > current.indent && (indent >= 2 || !LIST_OR_HEADING.test(l.raw))) {
      if (promptsIn(l.raw, prompts).length > 0) current.promptLeft = true;
      current.notes.push(noteText(l.raw.trim().replace(/^(?:[-*+]|\d{1,9}[.)])\s+/, ''), prompts));
      continue;
    }
    finish();
  }
  finish();
  return items;
}

/** The prompts and item lines of a question's template, for parsing the user's file. */
export function checklistContext(question: Question): { prompts: string[]; templateLines: Set<string> } {
  const prompts = promptSegments(question.template ?? '');
  const templateLines = new Set<string>();
  for (const raw of starterText(question, 'markdown').split('\n')) {
    if (ITEM.test(raw)) templateLines.add(raw.trim().replace(/\s+/g, ' '));
  }
  return { prompts, templateLines };
}

/** The items of a user's answer to a checklist question (or of its template, given the starter). */
export function checklistItems(question: Question, markdown: string): ChecklistItem[] {
  const { prompts, templateLines } = checklistContext(question);
  return parseChecklist(markdown, prompts, templateLines);
}

export function isDone(item: ChecklistItem): boolean {
  return item.checked || item.note.length > 0;
}

export const CHECKLIST_VERDICT = 'Checklist filled in';

export function checklistVerdict(question: Question, markdown: string): CaseVerdict {
  const items = checklistItems(question, markdown);
  const wanted = question.rubric?.checklist?.minDone ?? DEFAULT_CHECKLIST_MIN_DONE;
  if (items.length === 0) {
    return verdict(CHECKLIST_VERDICT, false, 'No checklist items found (lines like "- [ ] Product: …"). Start from the template, or reset the file to it.');
  }
  const done = items.filter(isDone);
  const open = items.filter((i) => !isDone(i));
  const bare = done.filter((i) => i.note.length === 0);
  const tip = bare.length > 0
    ? ` Tip: ${plural(bare.length, 'ticked item')} ${bare.length === 1 ? 'has' : 'have'} no note (${bare.slice(0, 4).map((i) => `${i.label}, line ${i.line}`).join('; ')}${bare.length > 4 ? '; …' : ''}); a few words on what you found are what you will remember on the day.`
    : '';
  const summary = `${done.length} of ${items.length} items done (ticked or with a note)`;
  if (done.length >= wanted) return verdict(CHECKLIST_VERDICT, true, `${summary}; at least ${wanted} needed.${tip}`);
  const todo = open.slice(0, 6).map((i) => `${excerpt(i.label, 40)} (line ${i.line})`).join(', ');
  return verdict(
    CHECKLIST_VERDICT,
    false,
    `${summary}; at least ${wanted} needed. Tick the items you have done and write what you found next to them. Still open: ${todo}${open.length > 6 ? `, and ${open.length - 6} more` : ''}.${tip}`,
    open[0]?.line,
  );
}
