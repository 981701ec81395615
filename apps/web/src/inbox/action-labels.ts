import { Messages } from '../i18n/dictionary';
import { TaskAction } from './task-actions';

export function actionLabel(action: TaskAction, t: Messages): string {
  switch (action) {
    case 'request-information':
      return t.actions.requestInformation;
    default:
      return t.actions[action];
  }
}
