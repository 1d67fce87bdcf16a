// The rubric for written answers (concept and behavioral questions): one verdict per check, in the
// RunReport shape the code checks use, so the panel, the Test Explorer and `--json` show them the
// same way. Heuristics, not a grade: every report says so in `note`.
import type { Question } from '../bank/question';
import type { CaseVerdict, RunReport } from '../checks/types';
import { starterText, type AnswerLanguage } from '../scratch';
import { questionVerdicts } from './askQuestions';
import { checklistItems, checklistVerdict } from './checklist';
import { emailVerdicts } from './email';
import { drillTemplateLines, promptsIn } from './prompts';
import { classifyLines, normaliseLine, stem, words, type AnswerLine, type TemplateLines } from './text';
import { capitalise, lowerFirst, verdict } from './verdict';

export { stem, words, classifyLines, cleanInline } from './text';
export { parseChecklist, checklistItems, checklistContext, isDone, type ChecklistItem } from './checklist';
export { askedQuestions, isYesNo, isAboutPay, homepageAnswers } from './askQuestions';
export { promptSegments } from './prompts';

export const RUBRIC_NOTE =
  'This is a rubric, not a grade: heuristic checks on your written answer (key words, structure, length, wording). Passing them does not mean the answer is good; compare it with the model answer and say it out loud.';

export const DEFAULT_WORDS_PER_MINUTE = 140;
export const DEFAULT_SPEAKING_TIME: Readonly<Record<'concept' | 'behavioral', { minSeconds: number; maxSeconds: number }>> = {
  behavioral: { minSeconds: 60, maxSeconds: 120 },
  concept: { minSeconds: 30, maxSeconds: 180 },
};

export interface RubricOptions {
  /** Speaking pace used for the time estimate; 140 when absent. */
  wordsPerMinute?: number;
}

/** A RunReport for a written answer: the language widened to `markdown`, plus the rubric note. */
export interface RubricReport extends Omit<RunReport, 'language'> {
  language: AnswerLanguage;
  /** Says this is a rubric, not a grade. */
  note: string;
  /** Numbers behind the verdicts, for the panel. */
  stats: { words: number; seconds: number; fillers: number; firstPerson: number; firstPersonPlural: number };
}

// ---------- template lines ----------

function templateLines(question: Question): TemplateLines {
  const scaffold = new Set<string>();
  const placeholder = new Set<string>();
  const add = (text: string) => {
    for (const raw of text.split('\n')) {
      const line = normaliseLine(raw);
      if (line === '' || /^#{1,6}(\s|$)/.test(line) || line.startsWith('<!--')) continue;
      if (line.startsWith('>')) scaffold.add(line);
      else placeholder.add(line);
    }
  };
  const starter = starterText(question, 'markdown');
  add(starter);
  // The default STAR prompts are placeholders even when the question brings its own template.
  if (question.kind === 'behavioral' && question.template?.trim()) add(starterText({ ...question, template: undefined }, 'markdown'));
  // The title line left as is is scaffolding, not content (its words may be evidence words).
  scaffold.add(normaliseLine(`# ${question.title}`));
  return { scaffold, placeholder };
}

// ---------- key points ----------

interface StemmedText {
  stems: string[];
  /** All prose, lower-cased, for evidence with no letters or digits ("%"). */
  lower: string;
}

/** The template's own headings: kept by the user, but their words are the question's, not the answer's. */
function templateHeadings(question: Question): Set<string> {
  return new Set(starterText(question, 'markdown').split('\n').map(normaliseLine).filter((l) => /^#{1,6}\s/.test(l)));
}

function stemmedText(lines: readonly AnswerLine[], skipHeadings: ReadonlySet<string> = new Set()): StemmedText {
  const stems: string[] = [];
  const parts: string[] = [];
  for (const l of lines) {
    if (l.kind !== 'text' && l.kind !== 'heading') continue;
    if (l.kind === 'heading' && skipHeadings.has(normaliseLine(l.raw))) continue;
    for (const w of words(l.text)) stems.push(stem(w));
    parts.push(l.text.toLowerCase());
  }
  return { stems, lower: parts.join('\n') };
}

/** Where a phrase's stems occur in sequence; -1 when not found. */
function findSequence(haystack: readonly string[], needle: readonly string[]): number {
  if (needle.length === 0) return -1;
  const last = haystack.length - needle.length;
  outer: for (let i = 0; i <= last; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

export function evidenceFound(text: StemmedText, evidence: string): boolean {
  const needle = words(evidence).map(stem);
  if (needle.length === 0) {
    const literal = evidence.trim().toLowerCase();
    return literal.length > 0 && text.lower.includes(literal);
  }
  return findSequence(text.stems, needle) >= 0;
}

function keyPointVerdicts(question: Question, lines: readonly AnswerLine[]): CaseVerdict[] {
  const points = question.keyPoints ?? [];
  if (points.length === 0) return [];
  const text = stemmedText(lines, templateHeadings(question));
  return points.map((kp) => {
    const found = kp.evidence.find((e) => evidenceFound(text, e));
    const name = `Key point: ${kp.point}`;
    if (found !== undefined) return verdict(name, true, `covered (found "${found}")`);
    const examples = kp.evidence.slice(0, 3).map((e) => `'${e}'`).join(', ');
    return verdict(name, false, `you did not mention ${lowerFirst(kp.point)}${examples ? ` (e.g. ${examples})` : ''}. Words inside code blocks and inline code don't count.`);
  });
}

// ---------- structure (STAR) ----------

const STAR = ['situation', 'task', 'action', 'result'] as const;
type StarPart = (typeof STAR)[number];
const STAR_LABEL: Record<StarPart, string> = { situation: 'Situation', task: 'Task', action: 'Action', result: 'Result' };

const NUMBER_WORDS = new Set(
  'one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty hundred hundreds thousand thousands million millions half twice double doubled triple tripled dozen dozens percent'.split(' '),
);
const OUTCOME_STEMS = new Set(
  [
    'result', 'outcome', 'reduce', 'increase', 'improve', 'cut', 'save', 'saved', 'grow', 'grew', 'drop', 'dropped', 'fell', 'rise', 'rose', 'ship', 'shipped',
    'launch', 'deliver', 'merge', 'finish', 'complete', 'fix', 'fixed', 'resolve', 'prevent', 'catch', 'caught', 'led', 'won', 'achieve', 'succeed', 'success',
    'promote', 'promoted', 'adopt', 'faster', 'slower', 'fewer', 'less', 'more', 'lower', 'higher', 'better', 'learn', 'learned', 'learnt', 'since', 'now',
    'feedback', 'praise', 'became', 'stopped', 'went', 'down', 'up',
  ].map(stem),
);

interface Section {
  part: StarPart;
  heading: AnswerLine;
  content: AnswerLine[];
  words: number;
}

function starPartOf(heading: string): StarPart | undefined {
  const first = words(heading)[0];
  if (!first) return undefined;
  const s = stem(first);
  return STAR.find((p) => stem(p) === s);
}

function starSections(lines: readonly AnswerLine[]): Map<StarPart, Section> {
  const sections = new Map<StarPart, Section>();
  let current: Section | undefined;
  for (const l of lines) {
    if (l.kind === 'heading') {
      const part = starPartOf(l.text);
      current = part && !sections.has(part) ? { part, heading: l, content: [], words: 0 } : undefined;
      if (current) sections.set(current.part, current);
      continue;
    }
    if (current && l.kind === 'text') {
      current.content.push(l);
      current.words += words(l.text).length;
    }
  }
  return sections;
}

function structureVerdict(lines: readonly AnswerLine[]): CaseVerdict {
  const name = 'Structure (STAR)';
  const sections = starSections(lines);
  const problems: string[] = [];
  const missing = STAR.filter((p) => !sections.has(p));
  if (missing.length > 0) problems.push(`add ${missing.map((p) => `a "## ${STAR_LABEL[p]}"`).join(', ')} heading${missing.length > 1 ? 's' : ''}`);
  const empty = STAR.filter((p) => sections.has(p) && sections.get(p)!.words === 0);
  if (empty.length > 0) problems.push(`write something under ${empty.map((p) => STAR_LABEL[p]).join(', ')} (the template prompts don't count)`);
  const action = sections.get('action');
  if (action && action.words > 0) {
    const longer = STAR.filter((p) => p !== 'action' && (sections.get(p)?.words ?? 0) > action.words);
    if (longer.length > 0) {
      const detail = longer.map((p) => `${STAR_LABEL[p]} ${sections.get(p)!.words}`).join(', ');
      problems.push(`make Action the longest part: it has ${action.words} words, but ${detail}. Say what YOU did, step by step`);
    }
  }
  let note = '';
  const result = sections.get('result');
  if (result && result.words > 0) {
    const resultWords = result.content.flatMap((l) => words(l.text));
    const hasNumber = result.content.some((l) => /\d/.test(l.text)) || resultWords.some((w) => NUMBER_WORDS.has(w));
    const hasOutcome = hasNumber || resultWords.some((w) => OUTCOME_STEMS.has(stem(w)));
    if (!hasOutcome) problems.push('say in the Result what changed because of what you did (an outcome, ideally a number)');
    else if (!hasNumber) note = ' Tip: the Result has no number; add one if you can (time saved, %, users, incidents).';
  }
  if (problems.length > 0) return verdict(name, false, `${capitalise(problems.join('; '))}.${note}`);
  return verdict(name, true, `Situation, Task, Action and Result are all there, Action is the longest and the Result states an outcome.${note}`);
}

// ---------- length and speaking time ----------

function formatSeconds(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return s === 0 ? `${m} min` : `${m} min ${s} s`;
}

function lengthVerdict(question: Question, wordCount: number, seconds: number, wpm: number): CaseVerdict {
  const defaults = DEFAULT_SPEAKING_TIME[question.kind === 'behavioral' ? 'behavioral' : 'concept'];
  const min = question.speakingTime?.minSeconds ?? defaults.minSeconds;
  const max = question.speakingTime?.maxSeconds ?? Math.max(defaults.maxSeconds, min);
  const spoken = `about ${formatSeconds(seconds)} spoken (${wordCount} word${wordCount === 1 ? '' : 's'} at ${wpm} words a minute); aim for ${min}–${max} s`;
  if (seconds < min) return verdict('Length and speaking time', false, `${capitalise(spoken)}. Too short: ${wordCount === 0 ? 'write your answer under the headings' : 'add detail, an example or a number'}.`);
  if (seconds > max) return verdict('Length and speaking time', false, `${capitalise(spoken)}. Too long: cut background and repetition; interviewers lose the thread after ${formatSeconds(max)}.`);
  return verdict('Length and speaking time', true, `${capitalise(spoken)}.`);
}

// ---------- filler and hedges ----------

/** Filler and hedge phrases, as word sequences. "like" and "just" are left out: too often meant. */
export const FILLERS: readonly string[] = [
  'basically', 'actually', 'literally', 'honestly', 'obviously', 'essentially', 'really', 'very', 'totally', 'somewhat', 'somehow',
  'maybe', 'perhaps', 'probably', 'hopefully', 'kind of', 'sort of', 'a bit', 'a little bit', 'i think', 'i guess', 'i believe', 'i feel like',
  'i mean', 'you know', 'stuff', 'and so on', 'things like that', 'or something', 'um', 'uh', 'umm', 'erm', 'more or less', 'to be honest',
];
const FILLER_SEQUENCES = FILLERS.map((f) => words(f)).sort((a, b) => b.length - a.length);

interface FillerHit {
  phrase: string;
  line: number;
}

function findFillers(lines: readonly AnswerLine[]): FillerHit[] {
  const hits: FillerHit[] = [];
  for (const l of lines) {
    if (l.kind !== 'text') continue;
    const ws = words(l.text);
    for (let i = 0; i < ws.length; i++) {
      const seq = FILLER_SEQUENCES.find((f) => f.every((w, j) => ws[i + j] === w));
      if (seq) {
        hits.push({ phrase: seq.join(' ').replace(/^i\b/, 'I'), line: l.line });
        i += seq.length - 1;
      }
    }
  }
  return hits;
}

function fillerVerdict(hits: readonly FillerHit[], wordCount: number): CaseVerdict {
  const name = 'Filler and hedge words';
  // Allowed: two, plus one per hundred words.
  const allowed = 2 + Math.floor(wordCount / 100);
  const shown = hits.slice(0, 12).map((h) => `${h.phrase} (line ${h.line})`);
  const list = shown.join(', ') + (hits.length > shown.length ? `, and ${hits.length - shown.length} more` : '');
  if (wordCount === 0) return verdict(name, false, 'Nothing to check yet: write your answer first.');
  if (hits.length === 0) return verdict(name, true, 'No filler or hedge words found.');
  if (hits.length > allowed || (wordCount > 0 && hits.length >= wordCount / 2)) {
    return verdict(name, false, `${hits.length} filler or hedge words (at most ${allowed} for this length): ${list}. Cut them or replace hedges with what you know.`);
  }
  return verdict(name, true, `A few, within bounds: ${list}.`);
}

// ---------- voice ----------

const FIRST_PERSON = new Set(['i', "i'm", "i've", "i'd", "i'll", 'me', 'my', 'mine', 'myself']);
const FIRST_PERSON_PLURAL = new Set(['we', "we're", "we've", "we'd", "we'll", 'us', 'our', 'ours', 'ourselves']);

function countVoice(lines: readonly AnswerLine[]): { i: number; we: number } {
  let i = 0;
  let we = 0;
  for (const l of lines) {
    if (l.kind !== 'text') continue;
    for (const w of words(l.text)) {
      if (FIRST_PERSON.has(w)) i++;
      else if (FIRST_PERSON_PLURAL.has(w)) we++;
    }
  }
  return { i, we };
}

function voiceVerdict(counts: { i: number; we: number }): CaseVerdict {
  const name = 'Voice: "I" vs "we"';
  const detail = `"I/me/my" ${counts.i} times, "we/us/our" ${counts.we} times`;
  // "We" clearly dominates: at least three, and more than one and a half times the "I"s.
  if (counts.we >= 3 && counts.we > counts.i * 1.5) {
    return verdict(name, false, `${detail}. The interviewer wants what YOU did: say "I" for your own decisions and actions.`);
  }
  if (counts.i === 0 && counts.we === 0) return verdict(name, false, 'Tell it in the first person: no "I" found. Say what you did.');
  return verdict(name, true, `${detail}.`);
}

// ---------- placeholders ----------

/**
 * `prompts`: a drill template's prompt segments, also found inside edited lines. `skipped`: lines
 * of checklist items left as they were (not done, which the checklist check reports instead).
 */
function placeholderVerdict(lines: readonly AnswerLine[], hasContent: boolean, prompts: readonly string[] = [], skipped: ReadonlySet<number> = new Set()): CaseVerdict {
  const name = 'No template placeholders left';
  const left = lines.filter((l) => !skipped.has(l.line) && (l.kind === 'placeholder' || (l.kind !== 'code' && l.kind !== 'comment' && promptsIn(l.raw, prompts).length > 0)));
  if (!hasContent) return verdict(name, false, 'The answer is still the template: write your answer under the headings.', left[0]?.line);
  if (left.length === 0) return verdict(name, true, 'No template prompts left.');
  const where = left.slice(0, 8).map((l) => l.line).join(', ');
  return verdict(name, false, `Replace or delete the template prompt${left.length > 1 ? 's' : ''} on line${left.length > 1 ? 's' : ''} ${where}${left.length > 8 ? ', …' : ''} once you have answered.`, left[0].line);
}

// ---------- the whole rubric ----------

/**
 * Checks a written answer (concept or behavioral) against its question. By default, in order: one
 * verdict per key point, Structure (behavioral), Length and speaking time, Filler and hedge words,
 * Voice (behavioral), No template placeholders left. A question with `rubric.checks` gets those
 * checks instead, in that order (checklist, questions to ask, email drills). Never throws on odd input.
 */
export function checkWrittenAnswer(question: Question, markdown: string, options: RubricOptions = {}): RubricReport {
  const started = performance.now();
  const wpm = options.wordsPerMinute && options.wordsPerMinute > 0 ? options.wordsPerMinute : DEFAULT_WORDS_PER_MINUTE;
  const text = typeof markdown === 'string' ? markdown : '';
  const spec = question.rubric?.checks && question.rubric.checks.length > 0 ? question.rubric.checks : undefined;
  const drill = spec ? drillTemplateLines(question) : undefined;
  const lines = classifyLines(text, drill?.lines ?? templateLines(question));
  const wordCount = lines.reduce((n, l) => n + (l.kind === 'text' ? words(l.text).length : 0), 0);
  const seconds = Math.round((wordCount / wpm) * 60);
  const behavioral = question.kind === 'behavioral';
  const fillers = findFillers(lines);
  const voice = countVoice(lines);

  const cases: CaseVerdict[] = [];
  if (spec && drill) {
    // A drill with its own rubric: the checks it lists, in its order.
    for (const check of spec) {
      switch (check) {
        case 'keyPoints': cases.push(...keyPointVerdicts(question, lines)); break;
        case 'structure': cases.push(structureVerdict(lines)); break;
        case 'length': cases.push(lengthVerdict(question, wordCount, seconds, wpm)); break;
        case 'fillers': cases.push(fillerVerdict(fillers, wordCount)); break;
        case 'voice': cases.push(voiceVerdict(voice)); break;
        case 'placeholders': {
          const skipped = new Set(checklistItems(question, text).filter((i) => i.untouched).map((i) => i.line));
          cases.push(placeholderVerdict(lines, wordCount > 0, drill.prompts, skipped));
          break;
        }
        case 'checklist': cases.push(checklistVerdict(question, text)); break;
        case 'questions': cases.push(...questionVerdicts(question, lines, drill.prompts)); break;
        case 'email': cases.push(...emailVerdicts(question, lines, drill.prompts)); break;
      }
    }
  } else {
    cases.push(...keyPointVerdicts(question, lines));
    if (behavioral) cases.push(structureVerdict(lines));
    cases.push(lengthVerdict(question, wordCount, seconds, wpm));
    cases.push(fillerVerdict(fillers, wordCount));
    if (behavioral) cases.push(voiceVerdict(voice));
    cases.push(placeholderVerdict(lines, wordCount > 0));
  }

  const ms = Math.round(performance.now() - started);
  return {
    passed: cases.every((c) => c.status === 'passed'),
    cases,
    ms,
    language: 'markdown',
    questionId: question.id,
    note: RUBRIC_NOTE,
    stats: { words: wordCount, seconds, fillers: fillers.length, firstPerson: voice.i, firstPersonPlural: voice.we },
  };
}
