import type { Services } from '../../services';
import type { WalkStart } from '../reviewService';

/** Review due questions: shows the first question due today; each rating moves on to the next. */
export function reviewDue(services: Services) {
  return (): Promise<WalkStart> => services.review.reviewDue();
}
