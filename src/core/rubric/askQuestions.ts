// "Questions to ask the interviewer": the answer must hold enough distinct real questions; the
// rest is advice (tips that pass): yes/no questions, pay asked first, what the homepage answers.
// All heuristics, English-leaning, and the verdicts say so.
import type { Question } from '../bank/question';
import type { CaseVerdict } from '../checks/types';
import { withoutPrompts } from './prompts';
import { stem, words, type AnswerLine } from './text';
import { excerpt, plural, verdict } from './verdict';

export const DEFAULT_MIN_QUESTIONS = 3;

export const QUESTIONS_VERDICT = 'Questions to ask: enough real questions';
export const OPEN_TIP_VERDICT = 'Tip: open questions, not yes/no (heuristic)';
export const PAY_TIP_VERDICT = 'Tip: pay and benefits not first (heuristic)';
export const HOMEPAGE_TIP_VERDICT = 'Tip: not answered by the company homepage (heuristic)';

export interface AskedQuestion {
  text: string;
  line: number;
  /** Set when it repeats an earlier one: that one's line. */
  duplicateOf?: number;
}

const MAX_NEAR_DUPLICATE_SCAN = 40;
const QUESTION_END = /[?？؟]/u;
const SENTENCE = /[^.!。！?？؟]*[?？؟]/gu;
const LETTER = /\p{L}/gu;

/** Sentences ending in a question mark, from the answer's prose lines (prompts taken out). */
export function askedQuestions(lines: readonly AnswerLine[], prompts: readonly string[]): AskedQuestion[] {
  const found: AskedQuestion[] = [];
  const keys: { key: Set<string>; line: number }[] = [];
  const exact = new Map<string, number>();
  for (const l of lines) {
    if (l.kind !== 'text' || !QUESTION_END.test(l.text)) continue;
    const prose = withoutPrompts(l.text, prompts).replace(/^\s*(?:[-*+]|\d{1,9}[.)])\s+/, '').replace(/\*\*|__|[*_]/g, '');
    for (const m of prose.matchAll(SENTENCE)) {
      const text = m[0].replace(/^[\s"'“‘(¿¡:;,—–-]+/u, '').trim();
      const ws = words(text);
      // A real question: three words, or six letters in a script written without spaces.
      if (ws.length < 3 && (text.match(LETTER)?.length ?? 0) < 6) continue;
      const key = new Set(ws.filter((w) => !STOP.has(w)).map(stem));
      const exactKey = [...key].sort().join(' ') || text.toLowerCase();
      // Near-duplicates are looked for among the first forty questions only: nobody asks more,
      // and a pasted wall of text must not take quadratic time. Exact repeats are always found.
      const twin = exact.get(exactKey) ?? keys.find((k) => similar(k.key, key))?.line;
      found.push({ text, line: l.line, duplicateOf: twin });
      if (twin === undefined) {
        exact.set(exactKey, l.line);
        if (keys.length < MAX_NEAR_DUPLICATE_SCAN) keys.push({ key, line: l.line });
      }
    }
  }
  return found;
}

/** Same words once the small ones are gone, or nearly (Jaccard ≥ 0.8). */
function similar(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size === 0 || b.size === 0) return a.size === b.size;
  let common = 0;
  for (const w of a) if (b.has(w)) common++;
  return common / (a.size + b.size - common) >= 0.8;
}

const STOP = new Set(
  'a an the of to in on at for with about and or but is are was were be been do does did you your yours we our us i me my it its this that these those there what how who when where why which can could would will should shall may might have has had as by from into than then so if'.split(' '),
);

// ---------- tips ----------

const AUXILIARIES = new Set(
  ['is', 'are', 'am', 'was', 'were', 'do', 'does', 'did', 'can', 'could', 'will', 'would', 'should', 'shall', 'may', 'might', 'have', 'has', 'had', "isn't", "aren't", "don't", "doesn't", "didn't", "can't", "won't", "wouldn't", "couldn't"],
);
const LEADING_FILLER = new Set(['and', 'so', 'also', 'but', 'then', 'finally', 'lastly', 'first', 'second', 'third', 'ok', 'okay']);
/** "Could you tell me…", "Can you walk me through…": polite, and open. */
const OPEN_INVITATION = /^\S+\s+(?:you|someone|we)\s+(?:please\s+)?(?:tell|walk|describe|explain|share|talk|give|show|say|outline|help me understand|expand|elaborate)\b/i;

export function isYesNo(question: string): boolean {
  const ws = words(question);
  while (ws.length > 0 && LEADING_FILLER.has(ws[0])) ws.shift();
  if (ws.length === 0 || !AUXILIARIES.has(ws[0])) return false;
  const from = question.toLowerCase().indexOf(ws[0]);
  return !OPEN_INVITATION.test(question.slice(from));
}

const PAY = /\b(?:salar(?:y|ies)|pay|paid|compensation|bonus(?:es)?|equity|stock options?|shares|raises?|benefits?|perks?|vacation|holidays?|pto|paid time off|days off|time off|pension|401\s?k|health insurance|overtime)\b/i;

export function isAboutPay(question: string): boolean {
  return PAY.test(question);
}

/** Facts a company's website, its "About us" page or a quick search answers. */
const HOMEPAGE: readonly RegExp[] = [
  /\bwhat (?:does|do) (?:the company|your company|you(?: guys)?|[A-Z][\w&.-]*(?: [A-Z][\w&.-]*)?) (?:do|make|sell|build|offer)\b(?! (?:differently|next|better|about|when|if|to|with|on|for))/i,
  /\bwhat (?:products?|services?) (?:does|do|are)\b/i,
  /\bwhat (?:is|are) (?:the company's|your company's|your|the) (?:main )?(?:products?|services?|mission|mission statement|vision|values|industry)\b\s*[?？؟]/i,
  /\bhow (?:many|much) (?:employees|people|staff|offices|countries|customers|users)\b(?! (?:are on|in|on|work on|does the team|on the team|report))/i,
  /\bhow (?:big|large|old) is (?:the|your) (?:company|firm|organi[sz]ation|business)\b/i,
  /\bwhen (?:was|were) (?:the company|your company|the firm|you|it|[A-Z][\w&.-]*) (?:founded|started|established|created)\b/i,
  /\bwho (?:founded|started|owns|runs) (?:the company|your company|the firm|it|[A-Z][\w&.-]*)\b/i,
  /\bwho (?:is|are) (?:the|your) (?:ceo|cto|founders?|owners?|competitors?|main customers|investors)\b/i,
  /\bwhere (?:is|are) (?:the company|your company|you|your offices?|the offices?|the headquarters|your headquarters|it|[A-Z][\w&.-]*) (?:based|located|headquartered)\b/i,
  /\bwhere (?:is|are) (?:the|your) (?:headquarters|head office|offices?)\b/i,
  /\bis (?:the company|it|[A-Z][\w&.-]*) (?:public|publicly traded|listed|a startup)\b/i,
];

export function homepageAnswers(question: string): boolean {
  return HOMEPAGE.some((re) => re.test(question));
}

function where(q: AskedQuestion): string {
  return `${excerpt(q.text, 60)} (line ${q.line})`;
}

function tipList(qs: readonly AskedQuestion[]): string {
  return qs.slice(0, 4).map(where).join('; ') + (qs.length > 4 ? `; and ${qs.length - 4} more` : '');
}

export function questionVerdicts(question: Question, lines: readonly AnswerLine[], prompts: readonly string[]): CaseVerdict[] {
  const wanted = question.rubric?.questions?.min ?? DEFAULT_MIN_QUESTIONS;
  const all = askedQuestions(lines, prompts);
  const distinct = all.filter((q) => q.duplicateOf === undefined);
  const repeats = all.filter((q) => q.duplicateOf !== undefined);
  const repeatNote = repeats.length > 0
    ? ` Not counted, as ${repeats.length === 1 ? 'it repeats' : 'they repeat'} an earlier one: ${repeats.slice(0, 4).map((q) => `line ${q.line} (same as line ${q.duplicateOf})`).join(', ')}.`
    : '';
  const counted = distinct.length >= wanted
    ? verdict(QUESTIONS_VERDICT, true, `${plural(distinct.length, 'distinct question')}; at least ${wanted} needed.${repeatNote}`)
    : verdict(
      QUESTIONS_VERDICT,
      false,
      `${distinct.length === 0 ? 'No questions yet' : `Only ${plural(distinct.length, 'distinct question')}`}: write at least ${wanted}, each a full sentence ending in "?" (template prompts don't count).${repeatNote}`,
      repeats[0]?.line,
    );
  if (distinct.length === 0) {
    const nothing = 'Nothing to look at yet: write your questions first.';
    return [counted, verdict(OPEN_TIP_VERDICT, true, nothing), verdict(PAY_TIP_VERDICT, true, nothing), verdict(HOMEPAGE_TIP_VERDICT, true, nothing)];
  }

  const closed = distinct.filter((q) => isYesNo(q.text));
  const open = closed.length === 0
    ? verdict(OPEN_TIP_VERDICT, true, 'None of your questions can be answered with a plain yes or no.')
    : verdict(OPEN_TIP_VERDICT, true, `Tip: ${closed.length === 1 ? 'this one invites' : 'these invite'} a yes or no: ${tipList(closed)}. Ask "how" or "what" to get a story ("Do you do code review?" → "How does code review work on the team?").`, closed[0].line);

  const pay = isAboutPay(distinct[0].text)
    ? verdict(PAY_TIP_VERDICT, true, `Tip: your first question is about pay or benefits: ${where(distinct[0])}. Lead with the work and the team; pay and benefits come up with the recruiter or at the offer.`, distinct[0].line)
    : verdict(PAY_TIP_VERDICT, true, 'Your first question is not about pay or benefits.');

  const known = distinct.filter((q) => homepageAnswers(q.text));
  const homepage = known.length === 0
    ? verdict(HOMEPAGE_TIP_VERDICT, true, 'None of your questions looks like something the company website answers (a guess from common patterns).')
    : verdict(HOMEPAGE_TIP_VERDICT, true, `Tip: the website or a quick search may answer ${known.length === 1 ? 'this' : 'these'}: ${tipList(known)}. Asking it suggests you did not look; ask what only people inside know (how decisions are made, what a hard week looks like).`, known[0].line);

  return [counted, open, pay, homepage];
}
