// Category folders and how they are shown.

/** Known categories, shown first and in this order; any other folder follows alphabetically. */
export const CATEGORY_ORDER: readonly string[] = ['concepts', 'coding', 'sql', 'behavioral', 'interview-day'];

const LABELS: Readonly<Record<string, string>> = {
  concepts: 'Concepts',
  coding: 'Coding',
  sql: 'SQL',
  behavioral: 'Behavioral',
  'interview-day': 'Interview day',
};

/** The label for a category folder: `sql` → "SQL", `system-design` → "System Design". */
export function categoryLabel(folder: string): string {
  const known = LABELS[folder];
  if (known) return known;
  const words = folder.split(/[-_\s]+/).filter((w) => w.length > 0);
  if (words.length === 0) return folder;
  return words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
}

export function compareCategories(a: string, b: string): number {
  const ia = CATEGORY_ORDER.indexOf(a);
  const ib = CATEGORY_ORDER.indexOf(b);
  if (ia !== ib) {
    if (ia === -1) return 1;
    if (ib === -1) return -1;
    return ia - ib;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
