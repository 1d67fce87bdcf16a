// The prompts of a drill's own template: `_italic_` or `<angle>` segments the user replaces. A
// line of such a template without one (a heading, "Best regards,", a plain checklist item) is
// content the user keeps, so it is neither scaffolding nor a placeholder.
import type { Question } from '../bank/question';
import { starterText } from '../scratch';
import { normaliseLine, type TemplateLines } from './text';

const ITALIC = /(?<![\p{L}\p{N}_*])([_*])(?![_*\s])([^\n]*?[^_*\s])\1(?![\p{L}\p{N}_*])/gu;
const ANGLE = /<(?![!/])[^<>\n]*[\p{L}][^<>\n]*>/gu;

/** The prompt segments of a piece of template text, as written (with their marks). */
export function promptSegments(text: string): string[] {
  const found = new Set<string>();
  for (const line of text.split('\n')) {
    const withoutBold = line.replace(/\*\*|__/g, '\u0000\u0000');
    for (const m of withoutBold.matchAll(ITALIC)) found.add(line.slice(m.index, m.index + m[0].length));
    for (const m of line.matchAll(ANGLE)) found.add(m[0]);
  }
  return [...found].filter((s) => s.length > 2);
}

/** The prompts left in one line of the answer. */
export function promptsIn(line: string, prompts: readonly string[]): string[] {
  return prompts.filter((p) => line.includes(p));
}

/** The line with its prompts taken out. */
export function withoutPrompts(line: string, prompts: readonly string[]): string {
  let out = line;
  for (const p of prompts) if (out.includes(p)) out = out.split(p).join(' ');
  return out;
}

/**
 * Template lines for a drill with its own rubric: the title and the quoted prompt are scaffolding,
 * lines holding a prompt are placeholders, and the rest is left to the user (not listed).
 */
export function drillTemplateLines(question: Question): { lines: TemplateLines; prompts: string[] } {
  const scaffold = new Set<string>([normaliseLine(`# ${question.title}`)]);
  const placeholder = new Set<string>();
  const starter = starterText(question, 'markdown');
  const prompts = promptSegments(question.template ?? '');
  for (const raw of starter.split('\n')) {
    const line = normaliseLine(raw);
    if (line === '' || line.startsWith('<!--')) continue;
    if (line.startsWith('>')) scaffold.add(line);
    else if (promptsIn(raw, prompts).length > 0) placeholder.add(line);
  }
  return { lines: { scaffold, placeholder }, prompts };
}
