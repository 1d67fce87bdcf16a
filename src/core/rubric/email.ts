// The follow-up email after an interview: a subject, thanks, one specific moment from the
// interview, a loose end answered or something added, a sign-off, and short. Heuristics on
// English text, and the verdicts say so.
import type { Question } from '../bank/question';
import type { CaseVerdict } from '../checks/types';
import { withoutPrompts } from './prompts';
import { stem, words, type AnswerLine } from './text';
import { excerpt, verdict } from './verdict';

export const DEFAULT_EMAIL_MAX_WORDS = 200;
/** Below this, the thanks, the moment and the addition cannot all be there. */
export const EMAIL_MIN_WORDS = 40;

export const EMAIL_VERDICTS = {
  subject: 'Email: subject line',
  thanks: 'Email: thanks the interviewer',
  moment: 'Email: a specific moment from the interview (heuristic)',
  addition: 'Email: answers a loose end or adds something (heuristic)',
  signOff: 'Email: sign-off and name',
  length: 'Email: length',
} as const;

interface EmailLine {
  line: number;
  /** Prose with prompts, emphasis marks and list markers out. */
  text: string;
  /** The raw line, for links. */
  raw: string;
}

interface Sentence {
  text: string;
  line: number;
}

const SUBJECT = /^\s*(?:subject|betreff|objet|asunto|re)\s*:\s*(.*)$/i;
const SIGN_OFF = /^(?:(?:best|kind|warm|warmest|many|with)\s+(?:regards|wishes|thanks)|best|regards|thanks(?: again| so much)?|thank you(?: again| so much)?|many thanks|cheers|sincerely|yours(?: sincerely| truly| faithfully)?|all the best|warmly|take care|talk soon|respectfully)\s*(?:[,.!—–-]\s*(.*))?$/i;

/** A closing line ("Best regards," or "Thanks, Ana"): the name after it, '' when on the next line. */
function signOff(text: string): { name: string } | undefined {
  const m = SIGN_OFF.exec(text.trim());
  if (!m) return undefined;
  const name = (m[1] ?? '').trim();
  // "Thanks, I learned a lot." is a sentence, not a sign-off.
  if (words(name).length > 4 || /[.!?]\s*\S/.test(name)) return undefined;
  return { name };
}

function emailLines(lines: readonly AnswerLine[], prompts: readonly string[]): EmailLine[] {
  return lines
    .filter((l) => l.kind === 'text')
    .map((l) => ({
      line: l.line,
      raw: l.raw,
      text: withoutPrompts(l.text, prompts).replace(/\*\*|__/g, '').replace(/(?<![\p{L}\p{N}])[*_]|[*_](?![\p{L}\p{N}])/gu, '').replace(/^\s*(?:[-*+]|\d{1,9}[.)])\s+/, '').trim(),
    }))
    .filter((l) => words(l.text).length > 0 || /https?:\/\//.test(l.raw));
}

function sentencesOf(lines: readonly EmailLine[]): Sentence[] {
  const out: Sentence[] = [];
  for (const l of lines) {
    for (const part of l.text.split(/(?<=[.!?。！？])\s+/u)) if (words(part).length > 0) out.push({ text: part.trim(), line: l.line });
  }
  return out;
}

const THANKS = new Set(['thank', 'thanks', 'grateful', 'gratitude', 'appreciate', 'appreciated', 'appreciation', 'thankful'].map(stem));

/** Words that point back at something said or done in the interview. */
const REFERENCE = /\b(?:you|we|they|[A-Z][a-z]+) (?:mentioned|described|explained|said|told|asked|showed|shared|raised|brought up|pointed out|talked (?:about|through)|discussed|walked me through|were saying|noted|outlined|sketched|drew)\b|\b(?:when|where) (?:you|we)\b|\byour (?:question|point|example|comment|story|description|explanation|remark)\b|\bour (?:discussion|conversation|chat|talk|exchange) (?:about|of|on|around)\b|\bthe (?:question|problem|exercise|task|example|design|diagram|whiteboard|bug|incident|story) (?:about|on|of|you|we)\b|\b(?:hearing|learning) (?:about|that|how)\b|\b(?:we|you) (?:both )?(?:worked|went) through\b/i;

/** Words that say nothing specific about this interview. */
const GENERIC = new Set(
  [
    'role', 'position', 'job', 'team', 'teams', 'company', 'opportunity', 'time', 'conversation', 'discussion', 'interview', 'chat', 'meeting', 'call',
    'great', 'good', 'nice', 'wonderful', 'amazing', 'fantastic', 'excellent', 'interesting', 'insightful', 'enjoyed', 'enjoy', 'pleasure', 'lovely',
    'learning', 'learn', 'learned', 'more', 'much', 'lot', 'everything', 'things', 'thing', 'today', 'yesterday', 'work', 'culture', 'people', 'really',
    'very', 'truly', 'thanks', 'thank', 'taking', 'meet', 'meeting', 'speak', 'speaking', 'talk', 'talking', 'hear', 'hearing', 'opportunities', 'vision',
    'mission', 'values', 'exciting', 'excited', 'glad', 'happy', 'process', 'day', 'week', 'organisation', 'organization', 'business', 'projects', 'project',
    'everyone', 'again', 'also', 'would', 'love', 'like', 'look', 'forward', 'next', 'steps', 'step', 'about', 'mentioned', 'described', 'explained', 'said',
    'told', 'asked', 'showed', 'shared', 'discussed', 'talked', 'when', 'where', 'question', 'questions', 'point', 'example', 'story', 'our', 'your',
  ],
);
const STOP = new Set(
  'a an the of to in on at for with and or but is are was were be been being do does did you your we our us i me my it its this that these those there what how who when where why which can could would will should may might have has had as by from into than then so if all any some'.split(' '),
);

function specificWords(sentence: string): string[] {
  return words(sentence).filter((w) => w.length > 2 && !STOP.has(w) && !GENERIC.has(w));
}

/** A detail only this interview has: a number, a quotation, a name, or two specific words. */
function isSpecific(sentence: string): boolean {
  if (/\d/.test(sentence)) return true;
  if (/["“”«»][^"“”«»]{3,}["“”«»]/.test(sentence)) return true;
  const capitalised = sentence.split(/\s+/).slice(1).some((w) => /^[A-Z][\p{Ll}\p{Lu}]+/u.test(w) && !/^(?:I|I'm|I've|I'd|I'll)$/.test(w));
  return capitalised || specificWords(sentence).length >= 2;
}

const ADDITION = /\b(?:you asked|your question|i (?:didn't|did not|couldn't|could not) (?:mention|get to|answer|say|remember|finish)|i forgot|i should have|i'd like to add|i would like to add|i want(?:ed)? to add|to add\b|one more thing|on reflection|thinking about it|having thought|after (?:our|the) (?:call|interview|conversation|meeting)|since (?:we spoke|our (?:call|conversation|interview|meeting))|afterwards|i (?:have )?looked (?:into|up)|i've looked|i (?:have )?(?:attached|included)|attached|here is|here's|as promised|i (?:have )?(?:written|put together|drafted|sketched)|follow(?:ing)? up on|a better answer|to answer|i (?:have )?checked|i've since|i have since|loose end|i said i would|i promised)\b/i;

export function emailVerdicts(question: Question, lines: readonly AnswerLine[], prompts: readonly string[]): CaseVerdict[] {
  const maxWords = question.rubric?.email?.maxWords ?? DEFAULT_EMAIL_MAX_WORDS;
  const all = emailLines(lines, prompts);
  const subjectIndex = all.findIndex((l) => SUBJECT.test(l.text));
  const subjectLine = subjectIndex >= 0 ? all[subjectIndex] : undefined;
  const subjectText = subjectLine ? (SUBJECT.exec(subjectLine.text)?.[1] ?? '').trim() : '';
  const body = all.filter((_, i) => i !== subjectIndex);
  const wordCount = all.reduce((n, l) => n + words(l.text).length, 0);
  const out: CaseVerdict[] = [];

  // Subject
  if (!subjectLine) out.push(verdict(EMAIL_VERDICTS.subject, false, 'Add a subject line at the top ("Subject: Thank you — backend engineer interview").'));
  else if (words(subjectText).length < 2) out.push(verdict(EMAIL_VERDICTS.subject, false, 'The subject is empty or one word: say what the email is about ("Thank you — backend engineer interview on Tuesday").', subjectLine.line));
  else out.push(verdict(EMAIL_VERDICTS.subject, true, `Subject: ${excerpt(subjectText, 60)}.`));

  // Thanks
  const thanks = body.find((l) => words(l.text).some((w) => THANKS.has(stem(w))) && !signOff(l.text));
  out.push(thanks
    ? verdict(EMAIL_VERDICTS.thanks, true, `Line ${thanks.line} thanks them.`)
    : verdict(EMAIL_VERDICTS.thanks, false, 'Thank them for their time, in one sentence near the top (a "Thanks" sign-off alone does not count; this check looks for English words: thank, grateful, appreciate).'));

  // A specific moment
  const sentences = sentencesOf(body);
  const moment = sentences.find((s) => REFERENCE.test(s.text) && isSpecific(s.text));
  const vague = sentences.find((s) => REFERENCE.test(s.text));
  out.push(moment
    ? verdict(EMAIL_VERDICTS.moment, true, `Line ${moment.line} refers to something concrete from the interview: ${excerpt(moment.text)}.`)
    : verdict(
      EMAIL_VERDICTS.moment,
      false,
      `${vague ? `Line ${vague.line} refers to the interview but names nothing specific (${excerpt(vague.text, 50)}). ` : 'No specific moment from the interview found. '}Name one thing that happened: what they said, a question they asked, a problem you worked through ("When you described the move from cron jobs to a queue, …"). Praise like "a great conversation" could be sent to anyone.`,
      vague?.line,
    ));

  // Something added or a loose end answered
  const addition = sentences.find((s) => ADDITION.test(s.text)) ?? body.find((l) => /https?:\/\/|\bwww\./i.test(l.raw) || /\[[^\]]+\]\([^)]+\)/.test(l.raw));
  out.push(addition
    ? verdict(EMAIL_VERDICTS.addition, true, `Line ${addition.line} adds something: ${excerpt(addition.text || addition.line.toString())}.`)
    : verdict(EMAIL_VERDICTS.addition, false, 'Add one thing the interview left open: a better answer to a question you fumbled ("You asked how I would … ; I should have said …"), the link you promised, or a thought you had afterwards.'));

  // Sign-off and name
  out.push(signOffVerdict(body));

  // Length
  if (wordCount < EMAIL_MIN_WORDS) out.push(verdict(EMAIL_VERDICTS.length, false, `${wordCount === 0 ? 'Nothing written yet' : `Only ${wordCount} word${wordCount === 1 ? '' : 's'}`}: an email that thanks, names a moment and adds something takes at least ${EMAIL_MIN_WORDS} words. Replace the prompts with your email.`));
  else if (wordCount > maxWords) out.push(verdict(EMAIL_VERDICTS.length, false, `${wordCount} words; keep it to ${maxWords} or fewer. Cut the recap of the interview and keep one specific moment and one addition.`));
  else out.push(verdict(EMAIL_VERDICTS.length, true, `${wordCount} words (at most ${maxWords}).`));
  return out;
}

function signOffVerdict(body: readonly EmailLine[]): CaseVerdict {
  // The sign-off is among the last three lines, and a name follows it (or sits on its line).
  const tail = body.slice(-3);
  for (let i = 0; i < tail.length; i++) {
    const m = signOff(tail[i].text);
    if (!m) continue;
    const sameLine = words(m.name).length > 0;
    const next = tail[i + 1];
    if (sameLine || next) return verdict(EMAIL_VERDICTS.signOff, true, `Signed off on line ${tail[i].line}.`);
    return verdict(EMAIL_VERDICTS.signOff, false, `Put your name under the sign-off on line ${tail[i].line}.`, tail[i].line);
  }
  const last = body[body.length - 1];
  return verdict(EMAIL_VERDICTS.signOff, false, 'End with a sign-off ("Best regards,") and your name on the line below.', last?.line);
}
