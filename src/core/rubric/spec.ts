// What the schema cannot say about a question's `rubric`: the checks it picks must fit the
// question (a checklist needs enough items in its template). Reported at load time, with a path.
import type { QuestionData } from '../bank/question';
import { DEFAULT_CHECKLIST_MIN_DONE, parseChecklist } from './checklist';

export interface RubricSpecIssue {
  path: (string | number)[];
  message: string;
}

export function rubricSpecIssues(data: QuestionData): RubricSpecIssue[] {
  const spec = data.rubric;
  if (!spec) return [];
  const issues: RubricSpecIssue[] = [];
  if (data.kind !== 'concept' && data.kind !== 'behavioral') {
    issues.push({ path: ['rubric'], message: `rubric: only written questions (concept, behavioral) have a rubric; a '${data.kind}' question is checked by its cases` });
    return issues;
  }
  const needsTemplate = spec.checks.filter((c) => c === 'checklist' || c === 'questions' || c === 'email');
  if (needsTemplate.length > 0 && !data.template?.trim()) {
    issues.push({ path: ['rubric', 'checks'], message: `rubric.checks: '${needsTemplate[0]}' needs a 'template' to fill in (the checklist, the question list or the email draft)` });
    return issues;
  }
  if (spec.checks.includes('checklist')) {
    const items = parseChecklist(data.template ?? '').length;
    const wanted = spec.checklist?.minDone ?? DEFAULT_CHECKLIST_MIN_DONE;
    if (items < wanted) {
      const where = spec.checklist?.minDone !== undefined ? ['rubric', 'checklist', 'minDone'] : ['rubric', 'checks'];
      issues.push({ path: where, message: `rubric.checklist.minDone: ${wanted} items must be done, but the template has ${items} checklist item${items === 1 ? '' : 's'} ('- [ ] …' lines)` });
    }
  }
  for (const key of ['checklist', 'questions', 'email'] as const) {
    if (spec[key] !== undefined && !spec.checks.includes(key)) {
      issues.push({ path: ['rubric', key], message: `rubric.${key}: settings for a check that rubric.checks does not list (add '${key}' to it, or remove these)` });
    }
  }
  return issues;
}
