// "Configure…": asks for the base URL with inline validation (or opens the settings from a button),
// stores it in the user settings and, when no token is set yet, goes on to "Set Access Token…".
import * as vscode from 'vscode';
import { parseBaseUrl } from '../../core/setup/baseUrl';
import { CommandIds, EXTENSION_ID_PREFIX, SettingKeys } from '../../core/ids';
import { Fix } from '../errorBoundary';
import type { Shell } from '../shell';

const EXAMPLE_URL = 'https://gateway.<cluster>.unique.app/chat';

type Answer = { readonly url: string } | 'openSettings' | undefined;

function askBaseUrl(current: string): Promise<Answer> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    box.title = vscode.l10n.t('Unique Analytics: Base URL');
    box.prompt = vscode.l10n.t(
      'The "host of URL" of your tenant\'s chat service, e.g. {0}',
      EXAMPLE_URL,
    );
    box.placeholder = EXAMPLE_URL;
    box.value = current;
    box.ignoreFocusOut = true;
    box.buttons = [
      {
        iconPath: new vscode.ThemeIcon('settings-gear'),
        tooltip: vscode.l10n.t('Open All Settings'),
      },
    ];
    const validate = (v: string): void => {
      const parsed = parseBaseUrl(v);
      box.validationMessage = v.trim() === '' || parsed.ok ? undefined : parsed.message;
    };
    validate(current);
    let result: Answer;
    box.onDidChangeValue(validate);
    box.onDidTriggerButton(() => {
      result = 'openSettings';
      box.hide();
    });
    box.onDidAccept(() => {
      const parsed = parseBaseUrl(box.value);
      if (!parsed.ok) {
        box.validationMessage = parsed.message;
        return;
      }
      result = { url: parsed.url };
      box.hide();
    });
    box.onDidHide(() => {
      box.dispose();
      resolve(result);
    });
    box.show();
  });
}

export function configure(s: Pick<Shell, 'boundary' | 'log' | 'notifier' | 'settings' | 'tokens'>) {
  return async (given?: unknown): Promise<string | undefined> => {
    const answer =
      typeof given === 'string' ? { url: given } : await askBaseUrl(s.settings.current.baseUrl);
    if (answer === undefined) return undefined;
    if (answer === 'openSettings') {
      await vscode.commands.executeCommand('workbench.action.openSettings', EXTENSION_ID_PREFIX);
      return undefined;
    }
    const parsed = parseBaseUrl(answer.url);
    if (!parsed.ok) {
      s.notifier.show('warning', parsed.message, [Fix.configure], (a) => s.boundary.runFix(a));
      return undefined;
    }
    await vscode.workspace
      .getConfiguration(EXTENSION_ID_PREFIX)
      .update(SettingKeys.baseUrl, parsed.url, vscode.ConfigurationTarget.Global);
    s.log.info(`Base URL set to ${parsed.url}.`);
    // Only the interactive path continues to the token: a caller passing the URL decides for itself.
    if (typeof given !== 'string' && !(await s.tokens.lookup()))
      await vscode.commands.executeCommand(CommandIds.setToken);
    return parsed.url;
  };
}
