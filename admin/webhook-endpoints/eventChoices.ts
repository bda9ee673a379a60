import { APP_EVENT_TYPES } from '../../shared/webhooks';

export const EVENT_CHOICES = APP_EVENT_TYPES.map((type) => ({ id: type, name: type }));
