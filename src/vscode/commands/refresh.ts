import type { Services } from '../services';

export function refresh(services: Services) {
  return async (): Promise<void> => {
    await services.bank.reload();
  };
}
